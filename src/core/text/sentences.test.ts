import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { splitSentences } from "./sentences.ts";

const split = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

const cases: Array<[string, string, string[]]> = [
  ["simple terminators", "It fizzes. Does it pop? Yes!", ["It fizzes.", "Does it pop?", "Yes!"]],
  ["no terminator is one sentence", "  Fresh taste, zero sugar  ", ["Fresh taste, zero sugar"]],
  ["whitespace only has none", " \n\t ", []],
  ["decimals and prices", "It costs $3.50 today. Only 2.5% sugar.", ["It costs $3.50 today.", "Only 2.5% sugar."]],
  ["domains stay whole", "Visit fizzwell.com now. Thanks.", ["Visit fizzwell.com now.", "Thanks."]],
  ["title abbreviations", "Dr. Lee and Mrs. Park agree. Ask them.", ["Dr. Lee and Mrs. Park agree.", "Ask them."]],
  ["latin abbreviations", "Use citrus, e.g. lime. Or i.e. Lemon.", ["Use citrus, e.g. lime.", "Or i.e. Lemon."]],
  ["abbreviation before a comma", "Citrus, e.g., lime.", ["Citrus, e.g., lime."]],
  ["etc. before a capital ends", "Lime, lemon, etc. Then mint.", ["Lime, lemon, etc.", "Then mint."]],
  ["etc. before lowercase continues", "Lime, lemon, etc. and mint.", ["Lime, lemon, etc. and mint."]],
  ["No. before a number", "Flavour No. 5 is back. Try it.", ["Flavour No. 5 is back.", "Try it."]],
  ["initials", "Founded by J. R. Smith. He left.", ["Founded by J. R. Smith.", "He left."]],
  ["dotted initialism before a capital", "Made in the U.S. Sold worldwide.", ["Made in the U.S.", "Sold worldwide."]],
  ["dotted initialism before lowercase", "The U.S. market grew.", ["The U.S. market grew."]],
  ["ellipsis then capital", "Wait... Now sip.", ["Wait...", "Now sip."]],
  ["ellipsis then lowercase", "Wait... then sip. Done…", ["Wait... then sip.", "Done…"]],
  ["unicode ellipsis then capital", "Wait… Now.", ["Wait…", "Now."]],
  ["runs of terminators", "Really?! Yes!!! Ok.", ["Really?!", "Yes!!!", "Ok."]],
  ["closing quotes stay with the sentence", "She said \"Go.\" Then left. (Really.) Ok.", ["She said \"Go.\"", "Then left.", "(Really.)", "Ok."]],
  ["curly quotes", "“Sip slowly.” Enjoy.", ["“Sip slowly.”", "Enjoy."]],
  ["opening quote before the next word", "He left. \"Why?\" she asked.", ["He left.", "\"Why?\" she asked."]],
  ["lowercase after a terminator continues", "Approx. five cans. Great.", ["Approx. five cans.", "Great."]],
  ["a soft line break is not a boundary", "One line\nwraps here. Next.", ["One line\nwraps here.", "Next."]],
  ["a blank line is a boundary", "Heading text\n\nBody text.", ["Heading text", "Body text."]],
  ["digits after a period end a sentence", "We sold 40. 30 came back.", ["We sold 40.", "30 came back."]],
  ["wide terminators need no space", "美味しい。最高！本当？", ["美味しい。", "最高！", "本当？"]],
  ["trailing terminator at the end", "Done.", ["Done."]],
];

for (const [name, text, expected] of cases) {
  test(`splitSentences: ${name}`, () => {
    assert.deepEqual(split(text), expected);
  });
}

test("offsets are into the whole text and respect the range", () => {
  const text = "Skip me. Take this. And this! Not me.";
  const from = text.indexOf("Take");
  const to = text.indexOf(" Not");
  assert.deepEqual(splitSentences(text, from, to), [
    { start: 9, end: 19 },
    { start: 20, end: 29 },
  ]);
});

test("the doc example", () => {
  assert.deepEqual(splitSentences("Dr. Lee paid $3.50. Worth it!"), [
    { start: 0, end: 19 },
    { start: 20, end: 29 },
  ]);
});

test("sentences are ordered, in range, non-empty, trimmed, and cover every non-space character", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom("a", "B", "e.g.", ".", "!", "?", "…", " ", "\n", "\"", "3", "Dr.", "x. Y"), { maxLength: 60 }),
      (parts) => {
        const text = parts.join("");
        let last = 0;
        let covered = 0;
        for (const s of splitSentences(text)) {
          assert.ok(s.start >= last && s.end > s.start && s.end <= text.length);
          assert.ok(!/\s/.test(text[s.start] ?? "") && !/\s/.test(text[s.end - 1] ?? ""));
          covered += text.slice(s.start, s.end).replace(/\s/g, "").length;
          last = s.end;
        }
        assert.equal(covered, text.replace(/\s/g, "").length);
      },
    ),
  );
});
