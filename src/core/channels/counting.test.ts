import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { COUNTINGS, type Counting, countLength, countWords, lengthUnits, overflowOffset, wordUnits } from "./counting.ts";
import { isWideCodePoint } from "./east-asian-width.ts";

test("each counting counts the same text its own way", () => {
  const thumbs = "👍🏽"; // thumbs up + skin tone: 1 grapheme, 2 code points, 4 UTF-16 units
  const cases: Array<[string, Counting, number, string]> = [
    ["Fizzwell", "graphemes", 8, "characters"],
    [thumbs, "graphemes", 1, "characters"],
    ["cafe\u0301", "graphemes", 4, "characters"],
    ["🇯🇵", "graphemes", 1, "characters"],
    [thumbs, "code-points", 2, "code points"],
    ["cafe\u0301", "code-points", 5, "code points"],
    [thumbs, "utf16", 4, "UTF-16 code units"],
    ["日本", "utf16", 2, "UTF-16 code units"],
    ["日本", "twitter", 4, "characters"],
    ["Fizzwell", "twitter", 8, "characters"],
    ["See https://fizzwell.com/summer-2025-offers", "twitter", 27, "characters"],
    ["日本", "double-width", 4, "characters"],
    ["ＡＢＣ", "double-width", 6, "characters"], // fullwidth Latin
    ["ｱｲｳ", "double-width", 3, "characters"], // halfwidth katakana
    ["한국어 OK", "double-width", 9, "characters"],
    ["Fizzwell 新発売", "double-width", 15, "characters"],
    ["€5 off", "sms", 7, "septets"],
    ["Hi 👋", "sms", 5, "UCS-2 code units"],
  ];
  for (const [text, counting, count, unit] of cases) {
    const result = countLength(text, counting);
    assert.deepEqual([result.count, result.unit], [count, unit], `${counting}: ${JSON.stringify(text)}`);
  }
});

test("graphemes is the default", () => {
  assert.equal(countLength("👍🏽 ok").count, 4);
});

test("sms counts carry the encoding and the segments", () => {
  assert.deepEqual(countLength("a".repeat(161), "sms"), {
    count: 161,
    unit: "septets",
    encoding: "GSM-7",
    segments: 2,
    perSegment: 153,
  });
  assert.deepEqual(countLength("Don’t", "sms"), {
    count: 5,
    unit: "UCS-2 code units",
    encoding: "UCS-2",
    segments: 1,
    perSegment: 70,
  });
});

test("overflow offset: the first character past the limit, as a UTF-16 offset", () => {
  const cases: Array<[string, Counting, number, number | null]> = [
    ["Fizzwell", "graphemes", 8, null],
    ["Fizzwell", "graphemes", 5, 5],
    ["👍🏽👍🏽👍🏽", "graphemes", 2, 8],
    ["👍🏽👍🏽👍🏽", "code-points", 2, 4],
    ["👍🏽👍🏽👍🏽", "utf16", 2, 2],
    ["ab日本", "double-width", 3, 2], // 日 would make 4
    ["ab日本", "double-width", 4, 3],
    ["Go https://fizzwell.com now", "twitter", 10, 3], // the whole link is past the limit
    ["Go https://fizzwell.com now", "twitter", 26, 23],
  ];
  for (const [text, counting, max, offset] of cases) {
    assert.equal(overflowOffset(text, counting, max), offset, `${counting} ${max}: ${text}`);
  }
});

test("the overflow offset is null exactly when the count fits", () => {
  const text = fc.string({ unit: fc.constantFrom("a", " ", "日", "👍🏽", "€", "é", "e\u0301", ".", "https://a.co"), maxLength: 60 });
  fc.assert(
    fc.property(text, fc.constantFrom(...COUNTINGS), fc.integer({ min: 0, max: 80 }), (t, counting, max) => {
      assert.equal(overflowOffset(t, counting, max) === null, countLength(t, counting).count <= max);
    }),
  );
});

test("words: Intl word boundaries, so contractions and numbers are one word", () => {
  const cases: Array<[string, number]> = [
    ["", 0],
    ["Fizzwell", 1],
    ["Don't miss 20% off!", 4],
    ["Buy 3.5 litres — now", 4],
    ["  spaced   out  ", 2],
    ["e-mail us", 3],
    ["日本語のテキスト", 3],
  ];
  for (const [text, words] of cases) assert.equal(countWords(text, "en"), words, text);
  assert.equal(countWords("Don't miss", "not a locale!"), 2);
});

test("wide code points follow East Asian Width W and F", () => {
  const wide = ["日", "한", "ア", "Ａ", "　", "😀", "\u{20000}"];
  const narrow = ["a", "é", "ｱ", "€", "—", "Ж", "©"];
  for (const c of wide) assert.equal(isWideCodePoint(c.codePointAt(0) as number), true, c);
  for (const c of narrow) assert.equal(isWideCodePoint(c.codePointAt(0) as number), false, c);
});

/** What the segmenter says, with no fast path: the reference for the ASCII shortcuts. */
function segmenterUnits(text: string, granularity: "grapheme" | "word", locale?: string): Array<[number, number]> {
  const units: Array<[number, number]> = [];
  for (const { segment, index, isWordLike } of new Intl.Segmenter(locale, { granularity }).segment(text)) {
    if (granularity === "grapheme" || isWordLike) units.push([index, index + segment.length]);
  }
  return units;
}

const spans = (units: ReadonlyArray<{ start: number; end: number }>): Array<[number, number]> => units.map((u) => [u.start, u.end]);

/** ASCII that exercises every word rule (joiners between letters and digits, `_`, CR LF, controls) plus non-ASCII that must leave the fast path. */
const TRICKY_UNITS = [
  "a", "Z", "7", " ", "\t", "\r", "\n", "\r\n", "\u0000", "\u007f", ".", ",", ":", ";", "'", "_", "-", "\"", "!", "?", "%", "@", "/",
  "e\u0301", "\u0301", "👩‍👩‍👧", "👍🏽", "🇯🇵", "日本語", "テキスト", "’", "‘", "\u00ad", "\u200b", "é", "ß",
];
const LOCALES = ["en", "fi", "sv", "en-US-POSIX", "ja", "de", "he"];

test("words: the ASCII shortcut gives exactly the segmenter's words, in every locale", () => {
  const texts = [
    "Don't miss 20% off!", "e.g. 3.5 or 1,000; a:b", "snake_case _ __", "it's  dogs' toys", "line\r\nbreak",
    "Don’t stop", "naïve café", "cafe\u0301 ok", "👩‍👩‍👧 family", "日本語のテキスト OK", "a.b.c", "x'", "'y", "1.", ".5",
  ];
  for (const locale of LOCALES) {
    for (const text of texts) assert.deepEqual(spans(wordUnits(text, locale)), segmenterUnits(text, "word", locale), `${locale}: ${JSON.stringify(text)}`);
  }
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...TRICKY_UNITS), maxLength: 16 }), fc.constantFrom(...LOCALES), (text, locale) => {
      assert.deepEqual(spans(wordUnits(text, locale)), segmenterUnits(text, "word", locale));
    }),
    { numRuns: 3000 },
  );
});

test("graphemes: the ASCII shortcut gives exactly the segmenter's clusters", () => {
  const texts = ["Fizzwell", "a\r\nb\n\rc\r", "\u0000\u007f\t", "cafe\u0301", "👩‍👩‍👧 ok", "日本", "Don’t", ""];
  for (const text of texts) assert.deepEqual(spans(lengthUnits(text, "graphemes")), segmenterUnits(text, "grapheme"), JSON.stringify(text));
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...TRICKY_UNITS), maxLength: 16 }), (text) => {
      assert.deepEqual(spans(lengthUnits(text, "graphemes")), segmenterUnits(text, "grapheme"));
      assert.deepEqual(
        lengthUnits(text, "double-width").map((u) => u.weight),
        segmenterUnits(text, "grapheme").map(([start]) => (isWideCodePoint(text.codePointAt(start) as number) ? 2 : 1)),
      );
    }),
    { numRuns: 3000 },
  );
});
