import assert from "node:assert/strict";
import { test } from "node:test";
import { countSyllables } from "./syllables.ts";

/** Dictionary syllable counts, grouped by the rule each word exercises. */
const KNOWN_COUNTS: Record<string, Array<[string, number]>> = {
  "vowel groups": [
    ["drink", 1], ["fresh", 1], ["through", 1], ["straight", 1], ["music", 2], ["water", 2], ["sugar", 2],
    ["flavour", 2], ["natural", 3], ["vitamin", 3], ["organic", 3], ["energy", 3], ["readability", 5],
  ],
  "y as a vowel or a consonant": [
    ["happy", 2], ["system", 2], ["tasty", 2], ["beyond", 2], ["lawyer", 2], ["crying", 2], ["playing", 2],
    ["eye", 1], ["bye", 1],
  ],
  "silent final e": [
    ["make", 1], ["taste", 1], ["whole", 1], ["cake", 1], ["juice", 1], ["orange", 2], ["care", 1],
    ["free", 1], ["blue", 1],
  ],
  "consonant + le / re": [
    ["table", 2], ["tables", 2], ["little", 2], ["purple", 2], ["simple", 2], ["bottle", 2], ["centre", 2],
    ["acre", 2],
  ],
  "-es and -ed": [
    ["makes", 1], ["jumped", 1], ["loved", 1], ["called", 1], ["wanted", 2], ["needed", 2], ["boxes", 2],
    ["places", 2], ["pages", 2],
  ],
  "-que and -gue": [
    ["league", 1], ["queue", 1], ["unique", 2], ["technique", 2], ["boutique", 2],
  ],
  "one-syllable suffixes": [
    ["lovely", 2], ["payment", 2], ["useful", 2], ["careless", 2], ["completely", 3], ["statement", 2],
    ["movement", 2], ["management", 3], ["increment", 3], ["environment", 4], ["government", 3],
    ["document", 3], ["beautiful", 3], ["wonderful", 3],
  ],
  "compounds": [
    ["something", 2], ["filename", 2], ["homepage", 2], ["pipeline", 2], ["guideline", 2], ["deadline", 2],
    ["online", 2], ["software", 2], ["healthcare", 2], ["marketplace", 3], ["worldwide", 2], ["handmade", 2],
    ["therefore", 2], ["awesome", 2],
  ],
  "two vowels, two syllables": [
    ["media", 3], ["trial", 2], ["diamond", 3], ["piano", 3], ["radio", 3], ["studio", 3], ["ratio", 3],
    ["video", 3], ["premium", 3], ["usual", 3], ["actual", 3], ["situation", 4], ["evaluate", 4], ["fuel", 2],
    ["cruel", 2], ["poem", 2], ["poet", 2], ["quiet", 2], ["idea", 3], ["museum", 3], ["being", 2],
    ["doing", 2], ["going", 2], ["easier", 3], ["happiest", 3], ["variety", 4], ["society", 4],
    ["anxiety", 4], ["simultaneous", 5], ["ambiguous", 4], ["continuous", 4], ["continuity", 5],
    ["create", 2], ["created", 3], ["creative", 3], ["creation", 3], ["reality", 4],
  ],
  "two vowels, one syllable": [
    ["sea", 1], ["social", 2], ["special", 2], ["initial", 3], ["nation", 2], ["vision", 2], ["region", 2],
    ["religion", 3], ["million", 2], ["opinion", 3], ["union", 2], ["delicious", 3], ["anxious", 2],
    ["courageous", 3], ["gorgeous", 2], ["language", 2], ["quality", 3], ["guarantee", 3], ["patient", 2],
    ["ancient", 2], ["efficient", 3],
  ],
  "io, ie before a consonant": [
    ["various", 3], ["curious", 3], ["previous", 3], ["serious", 3], ["science", 2], ["client", 2],
    ["experience", 4], ["ingredients", 4],
  ],
  "-sm and -thm": [
    ["rhythm", 2], ["prism", 2], ["criticism", 4], ["algorithm", 4], ["algorithms", 4],
  ],
  "safety and other silent e before -ty": [
    ["safety", 2],
  ],
  "the exceptions table": [
    ["people", 2], ["business", 2], ["every", 2], ["everything", 3], ["maybe", 2], ["recipes", 3],
  ],
  "initialisms, accents, apostrophes, numbers": [
    ["HTML", 4], ["CSS", 3], ["TV", 2], ["WWW", 9], ["NEW", 1], ["café", 2], ["don't", 1], ["it’s", 1],
    ["2024", 1], ["日本", 1], ["a", 1], ["", 0], ["—", 0],
  ],
};

for (const [group, words] of Object.entries(KNOWN_COUNTS)) {
  test(`countSyllables: ${group}`, () => {
    const wrong = words.filter(([word, count]) => countSyllables(word) !== count).map(([word, count]) => `${word}: ${countSyllables(word)} (want ${count})`);
    assert.deepEqual(wrong, []);
  });
}

test("capitalisation does not change a count", () => {
  for (const word of ["Refreshing", "REFRESHING", "refreshing"]) assert.equal(countSyllables(word), 3);
});
