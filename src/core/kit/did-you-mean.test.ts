import assert from "node:assert/strict";
import { test } from "node:test";
import { didYouMean, editDistance } from "./did-you-mean.ts";

const SECTIONS = ["name", "locale", "voice", "examples", "terms", "claims", "disclaimers", "channels", "visual", "characters"];

test("close typos find the intended key", () => {
  assert.equal(didYouMean("volce", SECTIONS), "voice");
  assert.equal(didYouMean("clams", SECTIONS), "claims");
  assert.equal(didYouMean("Disclaimer", SECTIONS), "disclaimers");
  assert.equal(didYouMean("chanels", SECTIONS), "channels");
  assert.equal(didYouMean("brand_name", ["brand_names", "prefer", "avoid"]), "brand_names");
  assert.equal(didYouMean("warn", ["error", "warning", "suggestion"]), "warning");
});

test("unrelated words find nothing", () => {
  assert.equal(didYouMean("mood", ["summary", "traits", "do", "dont"]), undefined);
  assert.equal(didYouMean("high", ["error", "warning", "suggestion"]), undefined);
  assert.equal(didYouMean("x", SECTIONS), undefined);
});

test("edit distance counts an adjacent swap as one edit", () => {
  assert.equal(editDistance("tersm", "terms"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("kitten", "sitting"), 3);
});
