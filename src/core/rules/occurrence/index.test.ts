import assert from "node:assert/strict";
import { test } from "node:test";
import { compileForTest, runRuleForTest, type TestReport, valeBaseForTest } from "../vale/test-context.ts";
import { occurrenceType } from "./index.ts";

type Place = [line: number, column: number, endLine: number, endColumn: number, message: string];

const places = (reports: TestReport[]): Place[] =>
  reports.map((r) => [r.line, r.column, r.endLine, r.endColumn, r.message]);

interface Case {
  name: string;
  def: Record<string, unknown>;
  text: string;
  expected: Place[];
}

const cases: Case[] = [
  {
    name: "more than max in a sentence: reported at the first match, %s is the count",
    def: { message: "More than 3 commas (%s).", scope: "sentence", token: ",", max: 3 },
    text: "One, two, three, four, five. Six, seven.",
    expected: [[1, 4, 1, 5, "More than 3 commas (4)."]],
  },
  {
    name: "exactly max is fine",
    def: { scope: "sentence", token: ",", max: 3 },
    text: "One, two, three, four.",
    expected: [],
  },
  {
    name: "%d works too, and each block is counted on its own",
    def: { message: "%d exclamation marks", token: "!", max: 1 },
    text: "Wow! Now!\n\nGreat!\n\nYes! Yes! Yes!",
    expected: [
      [1, 4, 1, 5, "2 exclamation marks"],
      [5, 4, 5, 5, "3 exclamation marks"],
    ],
  },
  {
    name: "fewer than min: with none, the whole block is reported",
    def: { message: "Mention the brand (found %s).", token: "Fizzwell", min: 1 },
    text: "Fizzwell is here.\n\nNo brand here.\nStill none.",
    expected: [[3, 1, 4, 12, "Mention the brand (found 0)."]],
  },
  {
    name: "fewer than min but some: reported at the first match",
    def: { message: "Say it twice (%s).", token: "fizz", ignorecase: true, min: 2 },
    text: "A FIZZ a day.",
    expected: [[1, 3, 1, 7, "Say it twice (1)."]],
  },
  {
    name: "the token is a pattern",
    def: { message: "Too long: %s words", scope: "sentence", token: "\\b\\w+\\b", max: 5 },
    text: "This sentence has far too many words in it. Short one.",
    expected: [[1, 1, 1, 5, "Too long: 9 words"]],
  },
];

for (const c of cases) {
  test(`occurrence: ${c.name}`, () => {
    const { rule, problems } = compileForTest(occurrenceType, c.def);
    assert.deepEqual(problems, []);
    assert.deepEqual(places(runRuleForTest(rule, c.text)), c.expected);
  });
}

const base = valeBaseForTest("occurrence");

test("occurrence: invalid definitions name the key", () => {
  const cases: Array<[Record<string, unknown>, string, "error" | "warning", RegExp]> = [
    [{ max: 2 }, "token", "error", /has no 'token' to count/],
    [{ token: "(,", max: 2 }, "token", "error", /pattern '\(,' in 'token' cannot be used \(position 1\)/],
    [{ token: ",", max: "many" }, "max", "error", /'max' must be a whole number of 0 or more, got string "many"/],
    [{ token: ",", max: 2.5 }, "max", "error", /'max' must be a whole number/],
    [{ token: "," }, "max", "warning", /sets neither 'max' nor 'min'/],
  ];
  for (const [def, path, level, message] of cases) {
    const { rule, problems } = occurrenceType.compile(def, base, {});
    assert.equal(rule, undefined, JSON.stringify(def));
    const problem = problems.find((p) => p.path === path);
    assert.ok(problem, `expected a problem at ${path}: ${JSON.stringify(problems)}`);
    assert.equal(problem.level, level);
    assert.match(problem.message, message);
  }
});
