import assert from "node:assert/strict";
import { test } from "node:test";
import { PhraseMatcher } from "./phrase-matcher.ts";
import { tokenize } from "./tokenize.ts";

function hitsOf(matcher: PhraseMatcher, text: string): string[] {
  const tokens = tokenize(text);
  return matcher
    .scan(tokens, text)
    .map((h) => `${matcher.phrases[h.phrase]?.entry.phrase}@${text.slice(tokens[h.first]?.start, tokens[h.last - 1]?.end)}`);
}

test("matches phrases case-insensitively across any whitespace, on word boundaries", () => {
  const m = new PhraseMatcher();
  m.add({ phrase: "free shipping" }, 0);
  m.add({ phrase: "free" }, 1);
  assert.deepEqual(hitsOf(m, "Get FREE\n  shipping today, freedom aside."), ["free@FREE", "free shipping@FREE\n  shipping"]);
});

test("inflecting phrases catch plural, past and -ing forms of every word, and nothing else", () => {
  const m = new PhraseMatcher();
  m.add({ phrase: "cure", inflect: true }, 0);
  m.add({ phrase: "boost immunity", inflect: true }, 1);
  m.add({ phrase: "stop", inflect: true }, 2);
  m.add({ phrase: "try", inflect: true }, 3);
  const text = "It cures, cured, curing; curator no. Boosted immunity. Stopped, stopping. Tries, tried.";
  assert.deepEqual(hitsOf(m, text), [
    "cure@cures",
    "cure@cured",
    "cure@curing",
    "boost immunity@Boosted immunity",
    "stop@Stopped",
    "stop@stopping",
    "try@Tries",
    "try@tried",
  ]);
});

test("case-sensitive phrases keep only hits with the exact case", () => {
  const m = new PhraseMatcher();
  m.add({ phrase: "Fizzwell", caseSensitive: true }, 0);
  assert.deepEqual(hitsOf(m, "Fizzwell FizzWell fizzwell"), ["Fizzwell@Fizzwell"]);
});

test("punctuation inside a phrase must match; hyphenated words are not the spaced phrase", () => {
  const m = new PhraseMatcher();
  m.add({ phrase: "e-mail" }, 0);
  m.add({ phrase: "24/7" }, 1);
  m.add({ phrase: "fizz well" }, 2);
  assert.deepEqual(hitsOf(m, "Send an E-mail 24/7 from Fizz-well."), ["e-mail@E-mail", "24/7@24/7"]);
});

test("the cost of a scan does not depend on how many phrases never occur", () => {
  const m = new PhraseMatcher();
  for (let i = 0; i < 10_000; i++) m.add({ phrase: `zzword${i} thing` }, i);
  m.add({ phrase: "hello" }, 10_000);
  assert.equal(m.size, 10_001);
  assert.deepEqual(hitsOf(m, "hello zzword5 thing"), ["hello@hello", "zzword5 thing@zzword5 thing"]);
});

test("irregular verbs inflect too: lose weight catches lost weight, win catches won", () => {
  const m = new PhraseMatcher();
  m.add({ phrase: "lose weight", inflect: true }, 0);
  m.add({ phrase: "win", inflect: true }, 1);
  assert.deepEqual(hitsOf(m, "She lost weight and won; losing weight."), ["lose weight@lost weight", "win@won", "lose weight@losing weight"]);
});

test("a typeset apostrophe matches a straight one, both ways, also case-sensitively", () => {
  const m = new PhraseMatcher();
  m.add({ phrase: "world's best" }, 0);
  m.add({ phrase: "can’t-miss" }, 1);
  m.add({ phrase: "Fizzwell's", caseSensitive: true }, 2);
  assert.deepEqual(hitsOf(m, "The world’s best, a can't-miss Fizzwell’s."), [
    "world's best@world’s best",
    "can’t-miss@can't-miss",
    "Fizzwell's@Fizzwell’s",
  ]);
});

test("words that are Object.prototype keys are ordinary words", () => {
  const m = new PhraseMatcher();
  m.add({ phrase: "constructor", inflect: true }, 0);
  m.add({ phrase: "__proto__ toString" }, 1);
  assert.deepEqual(hitsOf(m, "constructors __proto__ toString"), ["constructor@constructors", "__proto__ toString@__proto__ toString"]);
});
