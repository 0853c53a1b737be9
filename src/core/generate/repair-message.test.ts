import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../findings.ts";
import { malformedMessage, repairMessage } from "./repair-message.ts";

const HEAD_ONE = "Your answer breaks 1 brand rule. Fix each one below and answer again with the whole JSON object. Keep everything else as it was.";

function finding(overrides: Partial<Finding>): Finding {
  return { rule: "Brand.Claims.detox", level: "error", message: "A drink cannot detox; drop 'detox'.", line: 1, column: 10, endLine: 1, endColumn: 15, match: "detox", field: "body", suggestions: [], ...overrides };
}

test("one error: field, line, column, rule, the words and the message", () => {
  assert.equal(
    repairMessage([finding({})]),
    `${HEAD_ONE}\n\n1. body, line 1, column 10 (Brand.Claims.detox): "detox". A drink cannot detox; drop 'detox'.`,
  );
});

test("each finding line, table", () => {
  const cases: [string, Partial<Finding>, string][] = [
    [
      "suggestions become 'Write instead', joined with or",
      { rule: "Brand.Names", message: "Write the brand as Fizzwell", match: "FizzWell", suggestions: ["Fizzwell", "Fizzwell's"], line: 2, column: 3 },
      `body, line 2, column 3 (Brand.Names): "FizzWell". Write the brand as Fizzwell. Write instead: "Fizzwell" or "Fizzwell's".`,
    ],
    [
      "line 0 (a finding on the whole field) has no position",
      { rule: "Brand.Length.email.subject", message: "The subject has 42 characters; the limit is 30.", match: "", line: 0, column: 0, field: "subject" },
      "subject (Brand.Length.email.subject): The subject has 42 characters; the limit is 30.",
    ],
    ["no field is 'the output'", { field: null, line: 3, column: 1 }, `the output, line 3, column 1 (Brand.Claims.detox): "detox". A drink cannot detox; drop 'detox'.`],
    ["a message ending in ? or ! keeps its mark", { message: "Really a detox?" }, `body, line 1, column 10 (Brand.Claims.detox): "detox". Really a detox?`],
    ["a blank match is left out", { match: "  \n " }, "body, line 1, column 10 (Brand.Claims.detox): A drink cannot detox; drop 'detox'."],
    [
      "quotes and whitespace runs in the match are JSON-escaped and folded",
      { match: 'the "detox"\n\tdrink' },
      `body, line 1, column 10 (Brand.Claims.detox): "the \\"detox\\" drink". A drink cannot detox; drop 'detox'.`,
    ],
  ];
  for (const [name, overrides, expected] of cases) assert.equal(repairMessage([finding(overrides)]), `${HEAD_ONE}\n\n1. ${expected}`, name);
});

test("a match longer than 120 characters is clipped to 117 and an ellipsis", () => {
  const long = "a".repeat(200);
  const message = repairMessage([finding({ match: long })]);
  assert.equal(message, `${HEAD_ONE}\n\n1. body, line 1, column 10 (Brand.Claims.detox): "${"a".repeat(117)}...". A drink cannot detox; drop 'detox'.`);
  const exactly = "b".repeat(120);
  assert.equal(repairMessage([finding({ match: exactly })]), `${HEAD_ONE}\n\n1. body, line 1, column 10 (Brand.Claims.detox): "${exactly}". A drink cannot detox; drop 'detox'.`);
});

test("only errors are listed and counted, numbered in order; the count is plural", () => {
  const message = repairMessage([
    finding({ level: "warning", rule: "Brand.Avoid", match: "cheap" }),
    finding({ field: "subject", line: 1, column: 1 }),
    finding({ level: "suggestion", rule: "Brand.Prefer" }),
    finding({ rule: "Brand.Names", message: "Write Fizzwell.", match: "FizzWell", line: 2, column: 4, suggestions: ["Fizzwell"] }),
  ]);
  assert.equal(
    message,
    [
      "Your answer breaks 2 brand rules. Fix each one below and answer again with the whole JSON object. Keep everything else as it was.",
      "",
      `1. subject, line 1, column 1 (Brand.Claims.detox): "detox". A drink cannot detox; drop 'detox'.`,
      `2. body, line 2, column 4 (Brand.Names): "FizzWell". Write Fizzwell. Write instead: "Fizzwell".`,
    ].join("\n"),
  );
});

test("malformedMessage names the reason and asks for the bare JSON object", () => {
  assert.equal(
    malformedMessage("Unexpected token } in JSON at position 12"),
    "Your answer was not a valid JSON object (Unexpected token } in JSON at position 12). Answer again with only the JSON object the output schema describes: no prose, no code fence.",
  );
});
