import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { tokenize } from "./tokenize.ts";

const show = (text: string) => tokenize(text).map((t) => `${t.word ? "w" : "p"}:${text.slice(t.start, t.end)}:${t.lower}`);

test("words keep inner apostrophes; punctuation is one token per character", () => {
  assert.deepEqual(show("Don't stop—Fizzwell’s 24/7!"), [
    "w:Don't:don't",
    "w:stop:stop",
    "p:—:—",
    "w:Fizzwell’s:fizzwell's",
    "w:24:24",
    "p:/:/",
    "w:7:7",
    "p:!:!",
  ]);
});

test("non-ASCII letters, combining marks and astral symbols", () => {
  assert.deepEqual(show("Café naïve 日本 😀 x"), ["w:Café:café", "w:naïve:naïve", "w:日本:日本", "p:😀:😀", "w:x:x"]);
  const decomposed = "cafe\u0301 ok";
  assert.deepEqual(tokenize(decomposed).map((t) => [t.start, t.end]), [[0, 5], [6, 8]]);
});

test("a range tokenizes only inside it; a trailing apostrophe is punctuation", () => {
  assert.deepEqual(show("dogs' bark").slice(0, 2), ["w:dogs:dogs", "p:':'"]);
  assert.deepEqual(tokenize("aa bb cc", 3, 5).map((t) => t.lower), ["bb"]);
});

test("tokens are ordered, non-empty, in bounds and never contain whitespace", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
      let last = 0;
      for (const t of tokenize(text)) {
        assert.ok(t.start >= last && t.end > t.start && t.end <= text.length);
        assert.ok(!/\s/u.test(text.slice(t.start, t.end)));
        last = t.end;
      }
    }),
  );
});
