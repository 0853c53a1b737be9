import assert from "node:assert/strict";
import { test } from "node:test";
import { compileForTest, runRuleForTest, type TestReport, valeBaseForTest } from "../vale/test-context.ts";
import { consistencyType } from "./index.ts";

type Place = [line: number, column: number, endColumn: number, match: string, message: string];

const places = (reports: TestReport[]): Place[] => reports.map((r) => [r.line, r.column, r.endColumn, r.match, r.message]);

const MESSAGE = "Inconsistent spelling of '%s'.";

interface Case {
  name: string;
  def: Record<string, unknown>;
  text: string;
  expected: Place[];
}

const cases: Case[] = [
  {
    name: "one spelling only: nothing to report",
    def: { message: MESSAGE, either: { advisor: "adviser" } },
    text: "The advisor met another advisor.",
    expected: [],
  },
  {
    name: "both spellings: the one used first wins, every other one is reported",
    def: { message: MESSAGE, either: { advisor: "adviser" } },
    text: "The adviser met the advisor.\n\nThe adviser left. An advisor stayed.",
    expected: [
      [1, 21, 28, "advisor", "Inconsistent spelling of 'advisor'."],
      [3, 22, 29, "advisor", "Inconsistent spelling of 'advisor'."],
    ],
  },
  {
    name: "each pair is judged on its own",
    def: { message: MESSAGE, either: { advisor: "adviser", "e-mail": "email" } },
    text: "email the adviser, then e-mail the advisor",
    expected: [
      [1, 25, 31, "e-mail", "Inconsistent spelling of 'e-mail'."],
      [1, 36, 43, "advisor", "Inconsistent spelling of 'advisor'."],
    ],
  },
  {
    name: "spellings are patterns; ignorecase",
    def: { message: MESSAGE, either: { "[Oo]nline": "on-line" }, ignorecase: true },
    text: "Online now, ON-LINE later",
    expected: [[1, 13, 20, "ON-LINE", "Inconsistent spelling of 'ON-LINE'."]],
  },
  {
    name: "whole words unless nonword",
    def: { message: MESSAGE, either: { ise: "ize" } },
    text: "realise, realize",
    expected: [],
  },
  {
    name: "nonword matches inside words",
    def: { message: MESSAGE, either: { ise: "ize" }, nonword: true },
    text: "realise, realize",
    expected: [[1, 14, 17, "ize", "Inconsistent spelling of 'ize'."]],
  },
];

for (const c of cases) {
  test(`consistency: ${c.name}`, () => {
    const { rule, problems } = compileForTest(consistencyType, c.def);
    assert.deepEqual(problems, []);
    assert.deepEqual(places(runRuleForTest(rule, c.text)), c.expected);
  });
}

const base = valeBaseForTest("consistency");

test("consistency: invalid definitions are errors naming the key", () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{}, "either", /has no 'either' pairs/],
    [{ either: "advisor" }, "either", /'either' must be a map/],
    [{ either: { advisor: "advis(er" } }, "either.advisor", /pattern 'advis\(er' in 'either.advisor' cannot be used \(position 6\)/],
  ];
  for (const [def, path, message] of cases) {
    const { rule, problems } = consistencyType.compile(def, base, {});
    assert.equal(rule, undefined, JSON.stringify(def));
    const problem = problems.find((p) => p.path === path);
    assert.ok(problem, `expected a problem at ${path}: ${JSON.stringify(problems)}`);
    assert.equal(problem.level, "error");
    assert.match(problem.message, message);
  }
});
