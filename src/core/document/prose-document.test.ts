import assert from "node:assert/strict";
import { test } from "node:test";
import { plainTextDocument, positionAt } from "./prose-document.ts";

test("plain text: URLs and email addresses are blanked, sentence punctuation after them is kept", () => {
  const source = "Read https://fizzwell.example/detox?utm=soda. Mail hi@fizzwell.com or www.fizzwell.com/cure!";
  const doc = plainTextDocument(source);
  assert.equal(doc.text.length, source.length);
  assert.equal(doc.text, `Read ${" ".repeat(39)}. Mail ${" ".repeat(15)} or ${" ".repeat(21)}!`);
});

test("plain text: each kind of URL and address is blanked on its own, in any case; other text is kept as is", () => {
  const cases: Array<[string, string]> = [
    ["Go to WWW.FIZZWELL.COM now", `Go to ${" ".repeat(16)} now`],
    ["See FTP://files.example/x.", `See ${" ".repeat(21)}.`],
    ["Write to Zoë@fizzwell.example", `Write to ${" ".repeat(20)}`],
    ["Twitter @fizzwell, 50% off: a ratio of 1:2, www or www-dot", "Twitter @fizzwell, 50% off: a ratio of 1:2, www or www-dot"],
    ["Don’t miss 👩‍👩‍👧 café e\u0301 日本語", "Don’t miss 👩‍👩‍👧 café e\u0301 日本語"],
  ];
  for (const [source, text] of cases) assert.equal(plainTextDocument(source).text, text, source);
});

test("plain text: one paragraph block per blank-line-separated block", () => {
  const doc = plainTextDocument("One line\nstill one.\n\n  Two.\n");
  assert.deepEqual(doc.blocks.map((b) => doc.source.slice(b.start, b.end)), ["One line\nstill one.", "Two."]);
});

test("positions are 1-based lines and code-point columns", () => {
  const doc = plainTextDocument("a😀b\nxyz");
  assert.deepEqual(positionAt(doc, 3), { line: 1, column: 3 });
  assert.deepEqual(positionAt(doc, 6), { line: 2, column: 2 });
});
