import assert from "node:assert/strict";
import { test } from "node:test";
import { ProseBuilder } from "./prose-builder.ts";

test("ProseBuilder: copied ranges keep their characters, the rest turns to spaces except line breaks", () => {
  const out = new ProseBuilder("<p>Hi\r\n\tthere</p>");
  out.openBlock("paragraph");
  out.copy(3, 5);
  out.copy(7, 13);
  const doc = out.build("body");
  assert.equal(doc.text, "   Hi\r\n\tthere    ");
  assert.deepEqual(doc.blocks, [{ start: 3, end: 13, scope: "paragraph" }]);
  assert.equal(doc.field, "body");
  assert.deepEqual(doc.lineStarts, [0, 7]);
});

test("ProseBuilder: blocks span first to last visible character; empty blocks are dropped; depth is kept", () => {
  const out = new ProseBuilder("#  Title  \n\n   \n");
  out.openBlock("heading", 1);
  out.copy(1, 10);
  out.openBlock("paragraph");
  out.copy(12, 15);
  const doc = out.build(null);
  assert.deepEqual(doc.blocks, [{ start: 3, end: 8, scope: "heading", depth: 1 }]);
});

test("ProseBuilder: a range overlapping the previous one is clipped, never copied twice or out of order", () => {
  const out = new ProseBuilder("abcdef");
  out.copy(2, 4);
  out.copy(1, 5);
  out.copy(0, 1);
  out.copy(5, 99);
  const doc = out.build(null);
  assert.equal(doc.text, "  cdef");
});
