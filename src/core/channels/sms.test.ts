import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { smsOverflowOffset, smsSegments } from "./sms.ts";

test("GSM-7 septets: basic characters 1, extension characters 2", () => {
  const cases: Array<[string, number]> = [
    ["", 0],
    ["Hello", 5],
    ["€", 2],
    ["^{}\\[]~|", 16],
    ["\f", 2],
    ["@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ", 29],
    ["¡ÄÖÑÜ§¿äöñüà¤", 13],
    ["line\nbreak\r", 11],
    ["Save €5 on {brand}", 21],
  ];
  for (const [text, septets] of cases) {
    const sms = smsSegments(text);
    assert.equal(sms.encoding, "GSM-7", JSON.stringify(text));
    assert.equal(sms.units, septets, JSON.stringify(text));
    assert.equal(sms.nonGsm, null);
  }
});

test("one character outside GSM-7 switches the whole message to UCS-2 and is named", () => {
  const cases: Array<[string, number, string, number]> = [
    // text, UTF-16 code units, the first non-GSM character, its offset
    ["Hi 👋", 5, "👋", 3],
    ["Don’t miss out", 14, "’", 3],
    ["ç", 1, "ç", 0],
    ["Price: `5`", 10, "`", 7],
    ["non\u00a0breaking", 12, "\u00a0", 3],
    ["日本", 2, "日", 0],
    ["€ and 😀", 8, "😀", 6],
  ];
  for (const [text, units, char, offset] of cases) {
    const sms = smsSegments(text);
    assert.equal(sms.encoding, "UCS-2", text);
    assert.equal(sms.units, units, text);
    assert.deepEqual(sms.nonGsm, { char, offset }, text);
  }
});

test("segments: 160 septets fit in one, longer messages take parts of 153", () => {
  const cases: Array<[string, number, number, number]> = [
    // text, units, segments, units per segment
    ["", 0, 0, 160],
    ["a".repeat(160), 160, 1, 160],
    ["a".repeat(161), 161, 2, 153],
    ["a".repeat(306), 306, 2, 153],
    ["a".repeat(307), 307, 3, 153],
    ["€".repeat(80), 160, 1, 160],
    ["a".repeat(159) + "€", 161, 2, 153],
  ];
  for (const [text, units, segments, perSegment] of cases) {
    const sms = smsSegments(text);
    assert.deepEqual([sms.units, sms.segments, sms.perSegment], [units, segments, perSegment], `${text.length} chars`);
  }
});

test("UCS-2 segments: 70 code units fit in one, then parts of 67; astral characters are 2", () => {
  const cases: Array<[string, number, number, number]> = [
    ["é".repeat(69) + "’", 70, 1, 70],
    ["’" + "a".repeat(69), 70, 1, 70],
    ["’" + "a".repeat(70), 71, 2, 67],
    ["😀".repeat(35), 70, 1, 70],
    ["😀".repeat(36), 72, 2, 67],
    ["’" + "a".repeat(133), 134, 2, 67],
    ["’" + "a".repeat(134), 135, 3, 67],
    ["Summer’s here: grab two cans of Fizzwell Citrus for £3 at any store today!", 74, 2, 67],
  ];
  for (const [text, units, segments, perSegment] of cases) {
    const sms = smsSegments(text);
    assert.equal(sms.encoding, "UCS-2");
    assert.deepEqual([sms.units, sms.segments, sms.perSegment], [units, segments, perSegment], text);
  }
});

test("a character never straddles two parts: an escape pair or a surrogate pair moves whole", () => {
  // 152 plain septets, then "€" (2): it cannot split, so part 2 starts at "€".
  const gsm = "a".repeat(152) + "€" + "a".repeat(152);
  assert.deepEqual([smsSegments(gsm).units, smsSegments(gsm).segments], [306, 3]);
  assert.equal(smsOverflowOffset(gsm, 2), 152 + 1 + 151);
  // 66 code units, then an emoji (2 code units): it moves to part 2.
  const ucs = "’" + "a".repeat(65) + "😀" + "a".repeat(65);
  assert.deepEqual([smsSegments(ucs).units, smsSegments(ucs).segments], [133, 2]);
  assert.equal(smsOverflowOffset(ucs, 1), 70);
});

test("overflow offset: the first character past what max segments hold", () => {
  assert.equal(smsOverflowOffset("a".repeat(160), 1), null);
  assert.equal(smsOverflowOffset("a".repeat(161), 1), 160);
  assert.equal(smsOverflowOffset("a".repeat(159) + "€", 1), 159);
  assert.equal(smsOverflowOffset("a".repeat(306), 2), null);
  assert.equal(smsOverflowOffset("a".repeat(400), 2), 306);
  assert.equal(smsOverflowOffset("😀" + "a".repeat(70), 1), 70);
  assert.equal(smsOverflowOffset("", 1), null);
});

test("segments agree with the overflow offset", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "€", "’", "😀", " ", "é"), maxLength: 400 });
  fc.assert(
    fc.property(text, fc.integer({ min: 1, max: 4 }), (t, max) => {
      const fits = smsSegments(t).segments <= max;
      assert.equal(smsOverflowOffset(t, max) === null, fits);
    }),
  );
});
