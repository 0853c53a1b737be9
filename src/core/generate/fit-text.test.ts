import assert from "node:assert/strict";
import { test } from "node:test";
import { countLength } from "../channels/counting.ts";
import { fitsLimit, fitText } from "./fit-text.ts";

test("a text that fits is returned trimmed, unchanged", () => {
  assert.equal(fitText("  Fizzwell Zero  ", { max_chars: 13 }), "Fizzwell Zero");
  assert.equal(fitText("Anything at all", null), "Anything at all");
});

test("whole sentences go from the end first, and a kept disclaimer stays", () => {
  assert.equal(fitText("Yuzu and lemon. Green tea. Contains caffeine.", { max_chars: 34 }, null, ["Contains caffeine."]), "Yuzu and lemon. Contains caffeine.");
  assert.equal(fitText("Yuzu and lemon. Green tea. Contains caffeine.", { max_chars: 26 }), "Yuzu and lemon. Green tea.");
});

test("a paragraph break before a kept sentence is kept", () => {
  assert.equal(fitText("Hi there,\n\nOne. Two.\n\nWhile supplies last.", { max_words: 6 }, null, ["While supplies last."]), "Hi there,\n\nOne.\n\nWhile supplies last.");
});

test("one sentence is cut after a word, never inside one, counted double-width", () => {
  const cut = fitText("Elderflower and Ripe Pear With a Soft Sparkle", { max_chars: 30, counting: "double-width" });
  assert.equal(cut, "Elderflower and Ripe Pear With");
  assert.equal(fitText("日本 の 炭酸 ドリンク", { max_chars: 9, counting: "double-width" }), "日本 の");
});

test("a word limit cuts at a clause and closes the sentence", () => {
  assert.equal(fitText("Fizzwell Zero sold out in May, and thank you for waiting.", { max_words: 6 }), "Fizzwell Zero sold out in May.");
  assert.equal(fitText("Fizzwell Zero sold out in May and thank you for waiting", { max_words: 4 }), "Fizzwell Zero sold out");
});

test("an SMS keeps its opt-out line and fits one GSM-7 segment", () => {
  const text =
    "Fizzwell: Citrus Lift is back at Green Street Market on Main Street from Friday, with free tastings at the front of the store all weekend long. Contains caffeine. Reply STOP to opt out.";
  const fitted = fitText(text, { counting: "sms", max_segments: 1 }, null, ["Contains caffeine.", "Reply STOP to opt out."]);
  assert.equal(fitted, "Fizzwell: Citrus Lift is back at Green Street Market on Main Street from Friday. Contains caffeine. Reply STOP to opt out.");
  assert.equal(countLength(fitted, "sms").segments, 1);
});

test("one curly apostrophe makes an SMS UCS-2, so 70 units is the room", () => {
  const text = "Fizzwell: It’s back at Green Street Market on Main Street. Come say hi this Saturday. Reply STOP to opt out.";
  const fitted = fitText(text, { counting: "sms", max_segments: 1 }, null, ["Reply STOP to opt out."]);
  assert.equal(fitted, "Fizzwell: It’s back at Green Street Market on. Reply STOP to opt out.");
  assert.deepEqual([countLength(fitted, "sms").count, countLength(fitted, "sms").encoding], [69, "UCS-2"]);
});

test("X weighs emoji 2 and a link 23, and a link is never cut in half", () => {
  assert.equal(fitText("New flavors 🍋🍋🍋 at the market https://example.com/stores/green-street today.", { max_chars: 40, counting: "twitter" }), "New flavors 🍋🍋🍋 at the market");
  assert.equal(
    fitText("Hibiscus 🌺 and ginger at https://example.com/stores/green-street-market today", { max_chars: 50, counting: "twitter" }),
    "Hibiscus 🌺 and ginger at https://example.com/stores/green-street-market",
  );
});

test("nothing is returned when not even the first word fits", () => {
  assert.equal(fitText("Elderflower", { max_chars: 5 }), "");
});

test("fitsLimit counts characters, words and SMS segments", () => {
  assert.equal(fitsLimit("日本", { max_chars: 3, counting: "double-width" }), false);
  assert.equal(fitsLimit("one two three", { max_words: 3 }), true);
  assert.equal(fitsLimit("one two three", { max_words: 2 }), false);
  assert.equal(fitsLimit("x".repeat(161), { counting: "sms" }), false);
  assert.equal(fitsLimit("x".repeat(161), { counting: "sms", max_segments: 2 }), true);
  assert.equal(fitsLimit("anything", null), true);
});
