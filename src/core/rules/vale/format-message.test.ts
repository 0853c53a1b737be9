import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMessage } from "./format-message.ts";

const cases: Array<{ message: string; args: Array<string | number>; expected: string }> = [
  { message: "Avoid '%s'.", args: ["synergy"], expected: "Avoid 'synergy'." },
  { message: "Use '%s' instead of '%s'.", args: ["sign in", "login"], expected: "Use 'sign in' instead of 'login'." },
  { message: "No placeholder.", args: ["extra"], expected: "No placeholder." },
  { message: "Missing '%s' and '%s'.", args: ["one"], expected: "Missing 'one' and ''." },
  { message: "%d%% of sentences", args: [40], expected: "40% of sentences" },
  { message: "%s commas", args: [4], expected: "4 commas" },
  { message: "Prefer %[2]s to %[1]s", args: ["a", "b"], expected: "Prefer b to a" },
  { message: "Quoted %q", args: ['say "hi"'], expected: 'Quoted "say \\"hi\\""' },
  { message: "Line one\nline two", args: [], expected: "Line one line two" },
];

for (const { message, args, expected } of cases) {
  test(`formatMessage(${JSON.stringify(message)})`, () => {
    assert.equal(formatMessage(message, ...args), expected);
  });
}
