import assert from "node:assert/strict";
import { test } from "node:test";
import { compileForTest, runRuleForTest, type TestReport, valeBaseForTest } from "../vale/test-context.ts";
import { repetitionType } from "./index.ts";

type Place = [line: number, column: number, endLine: number, endColumn: number, match: string, message: string];

const places = (reports: TestReport[]): Place[] =>
  reports.map((r) => [r.line, r.column, r.endLine, r.endColumn, r.match, r.message]);

// Vale's own Vale.Repetition rule.
const VALE_REPETITION = { message: "'%s' is repeated!", tokens: ["[^\\s.!?]+"], ignorecase: true, alpha: true };

interface Case {
  name: string;
  def: Record<string, unknown>;
  text: string;
  expected: Place[];
}

const cases: Case[] = [
  {
    name: "a repeated word is reported over both, %s is the word",
    def: VALE_REPETITION,
    text: "This is the the best.",
    expected: [[1, 9, 1, 16, "the the", "'the' is repeated!"]],
  },
  {
    name: "ignorecase matches across case; the message takes the later one",
    def: VALE_REPETITION,
    text: "The the end.",
    expected: [[1, 1, 1, 8, "The the", "'the' is repeated!"]],
  },
  {
    name: "without ignorecase, case matters",
    def: { ...VALE_REPETITION, ignorecase: false },
    text: "The the end.",
    expected: [],
  },
  {
    name: "a repeat across a line break is still one sentence",
    def: VALE_REPETITION,
    text: "We will\nwill win.",
    expected: [[1, 4, 2, 5, "will\nwill", "'will' is repeated!"]],
  },
  {
    name: "a repeat across a sentence break is not reported",
    def: VALE_REPETITION,
    text: "I forgot that. That matters.",
    expected: [],
  },
  {
    name: "alpha skips repeats that are not all letters",
    def: VALE_REPETITION,
    text: "Call 555 555 now, now.",
    expected: [],
  },
  {
    name: "without alpha, numbers count",
    def: { ...VALE_REPETITION, alpha: false },
    text: "Call 555 555 now.",
    expected: [[1, 6, 1, 13, "555 555", "'555' is repeated!"]],
  },
  {
    name: "three in a row are reported as two overlapping pairs",
    def: VALE_REPETITION,
    text: "go go go",
    expected: [
      [1, 1, 1, 6, "go go", "'go' is repeated!"],
      [1, 4, 1, 9, "go go", "'go' is repeated!"],
    ],
  },
  {
    name: "max allows that many repeats in a row",
    def: { ...VALE_REPETITION, max: 1 },
    text: "very very good, go go go",
    expected: [[1, 20, 1, 25, "go go", "'go' is repeated!"]],
  },
  {
    name: "exceptions cancel an allowed repeat",
    def: { ...VALE_REPETITION, exceptions: ["(?i)bye bye"] },
    text: "Bye bye, that that.",
    expected: [[1, 10, 1, 19, "that that", "'that' is repeated!"]],
  },
  {
    name: "blocks are separate: no repeat across paragraphs",
    def: VALE_REPETITION,
    text: "Ends with word\n\nword starts this.",
    expected: [],
  },
];

for (const c of cases) {
  test(`repetition: ${c.name}`, () => {
    const { rule, problems } = compileForTest(repetitionType, c.def);
    assert.deepEqual(problems, []);
    assert.deepEqual(places(runRuleForTest(rule, c.text)), c.expected);
  });
}

const base = valeBaseForTest("repetition");

test("repetition: invalid definitions are errors naming the key", () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{}, "tokens", /has no 'tokens'/],
    [{ tokens: ["(\\w+) \\1"] }, "tokens.0", /backreference '\\1' is not supported/],
    [{ tokens: ["\\w+"], alpha: 1 }, "alpha", /'alpha' must be true or false/],
  ];
  for (const [def, path, message] of cases) {
    const { rule, problems } = repetitionType.compile(def, base, {});
    assert.equal(rule, undefined, JSON.stringify(def));
    const problem = problems.find((p) => p.path === path);
    assert.ok(problem, `expected a problem at ${path}: ${JSON.stringify(problems)}`);
    assert.equal(problem.level, "error");
    assert.match(problem.message, message);
  }
});
