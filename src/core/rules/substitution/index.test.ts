import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { compileForTest, runRuleForTest, type TestReport } from "../vale/test-context.ts";
import { splitOptions, substitutionType } from "./index.ts";

type Place = [column: number, endColumn: number, match: string, message: string, suggestions: string[] | undefined];

const places = (reports: TestReport[]): Place[] =>
  reports.map((r) => [r.column, r.endColumn, r.match, r.message, r.suggestions]);

const USE = "Use '%s' instead of '%s'.";

interface Case {
  name: string;
  def: Record<string, unknown>;
  text: string;
  path: "phrases" | "regex";
  expected: Place[];
}

const cases: Case[] = [
  {
    name: "the message takes the replacement first, then the matched text",
    def: { message: USE, swap: { login: "sign in" }, ignorecase: true },
    text: "Please Login now.",
    path: "phrases",
    expected: [[8, 13, "Login", "Use 'sign in' instead of 'Login'.", ["sign in"]]],
  },
  {
    name: "text that already is the replacement is not reported (compared exactly)",
    def: { message: USE, swap: { javascript: "JavaScript" }, ignorecase: true },
    text: "JavaScript, Javascript, javascript",
    path: "phrases",
    expected: [
      [13, 23, "Javascript", "Use 'JavaScript' instead of 'Javascript'.", ["JavaScript"]],
      [25, 35, "javascript", "Use 'JavaScript' instead of 'javascript'.", ["JavaScript"]],
    ],
  },
  {
    name: "without ignorecase only the key's exact case matches",
    def: { message: USE, swap: { "e-mail": "email" } },
    text: "E-mail or e-mail",
    path: "phrases",
    expected: [[11, 17, "e-mail", "Use 'email' instead of 'e-mail'.", ["email"]]],
  },
  {
    name: "a | in the value lists alternatives, and the message's quotes give way to the list",
    def: { message: USE, swap: { utilize: "use|employ", leverage: "use|apply|draw on" } },
    text: "utilize, leverage",
    path: "phrases",
    expected: [
      [1, 8, "utilize", "Use 'use' or 'employ' instead of 'utilize'.", ["use", "employ"]],
      [10, 18, "leverage", "Use 'use', 'apply', or 'draw on' instead of 'leverage'.", ["use", "apply", "draw on"]],
    ],
  },
  {
    name: "a match equal to any alternative is not reported",
    def: { message: USE, swap: { "e-?mail": "email|e-mail" } },
    text: "email e-mail",
    path: "phrases",
    expected: [],
  },
  {
    name: "an escaped bar is a literal bar",
    def: { message: USE, swap: { pipe: "a\\|b" } },
    text: "pipe",
    path: "phrases",
    expected: [[1, 5, "pipe", "Use 'a|b' instead of 'pipe'.", ["a|b"]]],
  },
  {
    name: "capitalize keeps a capitalized match capitalized",
    def: { message: USE, swap: { utilize: "use" }, ignorecase: true, capitalize: true },
    text: "Utilize it. We utilize it.",
    path: "phrases",
    expected: [
      [1, 8, "Utilize", "Use 'Use' instead of 'Utilize'.", ["Use"]],
      [16, 23, "utilize", "Use 'use' instead of 'utilize'.", ["use"]],
    ],
  },
  {
    name: "regex keys: $1 in the value is the key's group",
    def: { message: USE, swap: { "(\\w+)ize": "$1ise", "(\\w+)yze": "${1}yse" } },
    text: "We realize and analyze.",
    path: "regex",
    expected: [
      [4, 11, "realize", "Use 'realise' instead of 'realize'.", ["realise"]],
      [16, 23, "analyze", "Use 'analyse' instead of 'analyze'.", ["analyse"]],
    ],
  },
  {
    name: "regex keys: the longest key is tried first",
    def: { message: USE, swap: { "in order{1}": "so", "in order{1} to": "to" } },
    text: "in order to win, in order",
    path: "regex",
    expected: [
      [1, 12, "in order to", "Use 'to' instead of 'in order to'.", ["to"]],
      [18, 26, "in order", "Use 'so' instead of 'in order'.", ["so"]],
    ],
  },
  {
    name: "exceptions cancel matches that contain them",
    def: { message: USE, swap: { "\\w+-mail": "email" }, exceptions: ["E-mail"] },
    text: "E-mail, e-mail",
    path: "regex",
    expected: [[9, 15, "e-mail", "Use 'email' instead of 'e-mail'.", ["email"]]],
  },
  {
    name: "nonword matches inside words",
    def: { message: USE, swap: { ize: "ise" }, nonword: true },
    text: "realize",
    path: "regex",
    expected: [[5, 8, "ize", "Use 'ise' instead of 'ize'.", ["ise"]]],
  },
  {
    name: "action replace params are the suggestions",
    def: { message: USE, swap: { utilize: "use" }, action: { name: "replace", params: ["use", "apply"] } },
    text: "utilize",
    path: "phrases",
    expected: [[1, 8, "utilize", "Use 'use' or 'apply' instead of 'utilize'.", ["use", "apply"]]],
  },
];

for (const c of cases) {
  test(`substitution: ${c.name}`, () => {
    const { rule, problems } = compileForTest(substitutionType, c.def);
    assert.deepEqual(problems, []);
    assert.equal(rule.phrases !== undefined, c.path === "phrases", "expected the " + c.path + " path");
    assert.deepEqual(places(runRuleForTest(rule, c.text)), c.expected);
  });
}

test("substitution: splitOptions", () => {
  assert.deepEqual(splitOptions("a|b||c"), ["a", "b", "c"]);
  assert.deepEqual(splitOptions("a\\|b"), ["a|b"]);
  assert.deepEqual(splitOptions(""), [""]);
});

test("substitution: invalid definitions are errors naming the key", () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ message: "m" }, "swap", /has no 'swap' entries/],
    [{ message: "m", swap: ["a", "b"] }, "swap", /'swap' must be a map of 'text: text' pairs, got a list/],
    [{ message: "m", swap: { "ok": "fine", "bad(": "x" } }, "swap.bad(", /pattern 'bad\(' in 'swap.bad\(' cannot be used \(position 4\): missing closing \)/],
    [{ message: "m", swap: { a: { b: 1 } } }, "swap.a", /'swap.a' must be a string, got a map/],
  ];
  for (const [def, path, message] of cases) {
    const { base } = { base: { id: "S.R", extends: "substitution", message: "m", description: "", level: "warning" as const, scope: { include: ["text"], exclude: [] }, limit: 0, action: null } };
    const { rule, problems } = substitutionType.compile(def, base, {});
    assert.equal(rule, undefined, JSON.stringify(def));
    const problem = problems.find((p) => p.path === path);
    assert.ok(problem, `expected a problem at ${path}: ${JSON.stringify(problems)}`);
    assert.equal(problem.level, "error");
    assert.match(problem.message, message);
  }
});

test("substitution: the phrase path and the regex path find the same places", () => {
  const vocabulary = ["login", "log", "in", "email", "e-mail", "Email", "utilize", "use", "Utilize"];
  const text = fc
    .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(" ", ", ", ". ")), { minLength: 1, maxLength: 25 })
    .map((parts) => parts.map(([w, s]) => w + s).join(""));
  fc.assert(
    fc.property(text, fc.boolean(), (sample, ignorecase) => {
      const swap = { login: "log in", "log in": "sign in", "e-?mail": "email", utilize: "use|employ" };
      const phrases = compileForTest(substitutionType, { message: USE, swap, ignorecase }).rule;
      const forced = Object.fromEntries(Object.entries(swap).map(([k, v]) => [`(?:${k}){1}`, v]));
      const regex = compileForTest(substitutionType, { message: USE, swap: forced, ignorecase }).rule;
      assert.ok(phrases.phrases && !regex.phrases);
      const strip = (reports: TestReport[]) => reports.map((r) => [r.start, r.end, r.message, r.suggestions]);
      assert.deepEqual(strip(runRuleForTest(phrases, sample)), strip(runRuleForTest(regex, sample)));
    }),
    { numRuns: 300 },
  );
});

test("substitution: a phrase broken over two lines still compares and expands as one", () => {
  const { rule } = compileForTest(substitutionType, { message: USE, swap: { "(log|sign) on": "$1 in" } });
  assert.ok(rule.phrases);
  const reports = runRuleForTest(rule, "Please sign\non today, or log on.");
  assert.deepEqual(
    reports.map((r) => [r.line, r.column, r.endLine, r.endColumn, r.message, r.suggestions]),
    [
      [1, 8, 2, 3, "Use 'sign in' instead of 'sign on'.", ["sign in"]],
      [2, 14, 2, 20, "Use 'log in' instead of 'log on'.", ["log in"]],
    ],
  );
  const fine = compileForTest(substitutionType, { message: USE, swap: { "sign ?in": "sign in" } }).rule;
  assert.deepEqual(runRuleForTest(fine, "sign\nin"), []);
});
