import assert from "node:assert/strict";
import { test } from "node:test";
import { type Block, plainTextDocument } from "../../document/prose-document.ts";
import { summaryStats } from "./document-metrics.ts";

test("summaryStats counts a document once and shares the counts between rules", () => {
  const doc = plainTextDocument("Fizzwell is refreshing. Try it.");
  const first = summaryStats(doc);
  assert.deepEqual(
    { ...first },
    { words: 5, sentences: 2, characters: 25, syllables: 8, complexWords: 0, longWords: 2, polysyllabicWords: 1, paragraphs: 1 },
  );
  assert.equal(summaryStats(doc), first);
  assert.equal(Object.isFrozen(first), true);
});

test("summaryStats counts again when the document's text or summary blocks change", () => {
  const doc = plainTextDocument("Fizzwell is refreshing. Try it.");
  const before = summaryStats(doc);
  doc.text = "Fizzwell is refreshing. Try it now.";
  doc.source = doc.text;
  doc.blocks = [{ start: 0, end: doc.text.length, scope: "paragraph" }];
  assert.equal(summaryStats(doc).words, 6);
  (doc.blocks[0] as Block).end = 23; // changed in place
  assert.equal(summaryStats(doc).words, 3);
  doc.blocks = [{ start: 0, end: 23, scope: "heading", depth: 1 }];
  assert.equal(summaryStats(doc).words, 0);
  assert.notEqual(summaryStats(doc), before);
});
