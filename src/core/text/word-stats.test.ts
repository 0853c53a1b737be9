import assert from "node:assert/strict";
import { test } from "node:test";
import { plainTextDocument } from "../document/prose-document.ts";
import fc from "fast-check";
import { splitSentences } from "./sentences.ts";
import { countSyllables } from "./syllables.ts";
import { wordStats } from "./word-stats.ts";

test("counts a two-paragraph passage (counted by hand)", () => {
  // Words, letters, syllables:
  //   Fizzwell 8/2, tastes 6/1, bright 6/1 | Dr 2/1, Lee 3/1, loves 5/1, the 3/1, citrus 6/2, finish 6/2
  //   Try 3/1, its 3/1, natural 7/3, ingredients 11/4, today 5/2
  const doc = plainTextDocument("Fizzwell tastes bright. Dr. Lee loves the citrus finish!\n\nTry its natural ingredients today.");
  assert.deepEqual(wordStats(doc.text, doc.blocks), {
    words: 14,
    sentences: 3,
    characters: 74,
    syllables: 23,
    complexWords: 2,
    longWords: 3,
    polysyllabicWords: 2,
    paragraphs: 2,
  });
});

test("the doc example", () => {
  const text = "Fizzwell is refreshing. Try it.";
  assert.deepEqual(wordStats(text, [{ start: 0, end: text.length }]), {
    words: 5,
    sentences: 2,
    characters: 25,
    syllables: 8,
    complexWords: 0,
    longWords: 2,
    polysyllabicWords: 1,
    paragraphs: 1,
  });
});

test("complex words discount -es, -ed and -ing; polysyllabic words do not", () => {
  // in-ter-est-ing 4 → 3 once -ing is discounted: complex. dec-o-rat-ed 4 → 3: complex.
  // fi-nish-es 3 → 2: polysyllabic but not complex.
  const text = "Interesting. Decorated. Finishes.";
  const stats = wordStats(text, [{ start: 0, end: text.length }]);
  assert.equal(stats.polysyllabicWords, 3);
  assert.equal(stats.complexWords, 2);
});

test("apostrophes and dotted initialisms stay inside one word; numbers are words", () => {
  const text = "Don't ship to the U.S. on 3.5 days.";
  // Don't, ship, to, the, U.S., on, 3, 5, days
  const stats = wordStats(text, [{ start: 0, end: text.length }]);
  assert.equal(stats.words, 9);
  assert.equal(stats.characters, 4 + 4 + 2 + 3 + 2 + 2 + 1 + 1 + 4);
  assert.equal(stats.sentences, 1);
});

test("blocks without words add no sentence or paragraph; text outside blocks is ignored", () => {
  const text = "Outside. ... !!! Inside here.";
  const stats = wordStats(text, [
    { start: 9, end: 16 },
    { start: 17, end: text.length },
  ]);
  assert.deepEqual([stats.words, stats.sentences, stats.paragraphs], [2, 1, 1]);
  assert.deepEqual(wordStats("", []), {
    words: 0,
    sentences: 0,
    characters: 0,
    syllables: 0,
    complexWords: 0,
    longWords: 0,
    polysyllabicWords: 0,
    paragraphs: 0,
  });
});

/** wordStats as the word pattern counts them, with no shortcut: what the scanner must agree with. */
function patternWordStats(text: string, blocks: ReadonlyArray<{ start: number; end: number }>) {
  const stats = { words: 0, sentences: 0, characters: 0, syllables: 0, complexWords: 0, longWords: 0, polysyllabicWords: 0, paragraphs: 0 };
  const re = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
  for (const block of blocks) {
    const before = stats.words;
    for (const sentence of splitSentences(text, block.start, block.end)) {
      const words = stats.words;
      re.lastIndex = sentence.start;
      for (let m = re.exec(text); m && m.index < sentence.end; m = re.exec(text)) {
        const word = m[0];
        const characters = [...word].filter((c) => c !== "'" && c !== "’" && c !== ".").length;
        const syllables = countSyllables(word);
        const lower = word.toLowerCase();
        stats.words++;
        stats.characters += characters;
        stats.syllables += syllables;
        if (characters > 6) stats.longWords++;
        if (syllables > 2) stats.polysyllabicWords++;
        if (syllables - (lower.endsWith("es") || lower.endsWith("ed") || lower.endsWith("ing") ? 1 : 0) > 2) stats.complexWords++;
      }
      if (stats.words > words) stats.sentences++;
    }
    if (stats.words > before) stats.paragraphs++;
  }
  return stats;
}

const UNITS = [
  "a", "Fizz", "well", "U", "S", "U.S.", "A.", "e.g.", ".", ". ", "! ", "? ", " ", "\n\n", "'", "’", "don't", "3.5", "42",
  "refreshing", "ingredients", "boxes", "RATED", "Éclair", "é", "e\u0301", "日本語", "👍", "𝐀", "𝐀.", "\ud835", "\udc00", "İ", "ΣΑΣ",
  "Dr. ", "(", ")", "-", "_", "\u00a0",
];

test("the word scanner counts exactly the words of the word pattern", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 30 }), fc.nat(), fc.nat(), (text, a, b) => {
      const from = a % (text.length + 1);
      const to = from + (b % (text.length - from + 1));
      const blocks = [{ start: 0, end: from }, { start: from, end: to }];
      assert.deepEqual(wordStats(text, blocks), patternWordStats(text, blocks), JSON.stringify(text));
    }),
    { numRuns: 5000 },
  );
});
