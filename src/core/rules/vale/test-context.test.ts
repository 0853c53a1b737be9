import assert from "node:assert/strict";
import { test } from "node:test";
import { plainTextDocument } from "../../document/prose-document.ts";
import type { Rule } from "../rule.ts";
import { phraseHitsForTest, scopeBlocks } from "./test-context.ts";

const rule = (phrases: Rule["phrases"], include = ["text"]): Rule => ({
  meta: { id: "T.R", type: "existence", level: "warning", description: "", scope: { include, exclude: [] } },
  phrases,
});

test("the test matcher keeps leftmost-longest, non-overlapping, whole-word hits", () => {
  const doc = plainTextDocument("new york, newer, New");
  const hits = phraseHitsForTest(rule([{ phrase: "new" }, { phrase: "new york" }]), doc);
  assert.deepEqual(
    hits.map((h) => [h.start, h.end, h.entry.phrase]),
    [
      [0, 8, "new york"],
      [17, 20, "new"],
    ],
  );
});

test("the test matcher honours caseSensitive and flexible whitespace", () => {
  const doc = plainTextDocument("Fizz Pop and fizz\npop");
  const hits = phraseHitsForTest(rule([{ phrase: "fizz pop", caseSensitive: true }]), doc);
  assert.deepEqual(hits.map((h) => [h.start, h.end]), [[13, 21]]);
});

test("sentence scope splits blocks into sentences, not at soft line breaks", () => {
  const doc = plainTextDocument("One two.\nThree four. Five\nsix.");
  const blocks = scopeBlocks(rule([], ["sentence"]), doc);
  assert.deepEqual(
    blocks.map((b) => doc.text.slice(b.start, b.end)),
    ["One two.", "Three four.", "Five\nsix."],
  );
});
