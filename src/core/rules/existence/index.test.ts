import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Block } from "../../document/prose-document.ts";
import { compileForTest, documentForTest, runRuleForTest, type TestReport } from "../vale/test-context.ts";
import { existenceType } from "./index.ts";

type Place = [line: number, column: number, endColumn: number, match: string, message: string];

const places = (reports: TestReport[]): Place[] =>
  reports.map((r) => {
    assert.equal(r.endLine, r.line);
    return [r.line, r.column, r.endColumn, r.match, r.message];
  });

interface Case {
  name: string;
  def: Record<string, unknown>;
  text: string;
  path: "phrases" | "regex";
  expected: Place[];
}

const cases: Case[] = [
  {
    name: "literal tokens are case-sensitive by default",
    def: { message: "Avoid '%s'.", tokens: ["synergy"] },
    text: "Synergy is not synergy.",
    path: "phrases",
    expected: [[1, 16, 23, "synergy", "Avoid 'synergy'."]],
  },
  {
    name: "ignorecase matches any case and %s is the text as written",
    def: { message: "Avoid '%s'.", tokens: ["synergy", "leverage"], ignorecase: true },
    text: "Synergy and\nLEVERAGE.",
    path: "phrases",
    expected: [
      [1, 1, 8, "Synergy", "Avoid 'Synergy'."],
      [2, 1, 9, "LEVERAGE", "Avoid 'LEVERAGE'."],
    ],
  },
  {
    name: "tokens are whole words",
    def: { tokens: ["cat"] },
    text: "concatenate cats cat",
    path: "phrases",
    expected: [[1, 18, 21, "cat", "cat"]],
  },
  {
    name: "small regex tokens expand to phrases",
    def: { message: "Avoid '%s'.", tokens: ["colou?r", "[Ee]-mail", "(?:log|sign) on"] },
    text: "Colour, color, E-mail, e-mail, email, log on, sign on.",
    path: "phrases",
    expected: [
      [1, 9, 14, "color", "Avoid 'color'."],
      [1, 16, 22, "E-mail", "Avoid 'E-mail'."],
      [1, 24, 30, "e-mail", "Avoid 'e-mail'."],
      [1, 39, 45, "log on", "Avoid 'log on'."],
      [1, 47, 54, "sign on", "Avoid 'sign on'."],
    ],
  },
  {
    name: "a phrase exception cancels a match inside it",
    def: { tokens: ["mea"], ignorecase: true, exceptions: ["mea culpa"] },
    text: "Mea culpa. Mea maxima.",
    path: "phrases",
    expected: [[1, 12, 15, "Mea", "Mea"]],
  },
  {
    name: "regex tokens run in the regex engine; exceptions are case-sensitive",
    def: { message: "Adverb '%s'.", tokens: ["\\w+ly"], exceptions: ["only", "Early"] },
    text: "Only really early, only quickly.",
    path: "regex",
    expected: [
      [1, 1, 5, "Only", "Adverb 'Only'."],
      [1, 6, 12, "really", "Adverb 'really'."],
      [1, 13, 18, "early", "Adverb 'early'."],
      [1, 25, 32, "quickly", "Adverb 'quickly'."],
    ],
  },
  {
    name: "an exception starting with (?i) ignores case",
    def: { tokens: ["\\w+ly"], exceptions: ["(?i)early"] },
    text: "Early, early, really",
    path: "regex",
    expected: [[1, 15, 21, "really", "really"]],
  },
  {
    name: "nonword drops the word boundaries",
    def: { tokens: ["ize"], nonword: true },
    text: "realize",
    path: "regex",
    expected: [[1, 5, 8, "ize", "ize"]],
  },
  {
    name: "raw pieces are joined into one pattern",
    def: { message: "Use one space after '%s'.", raw: ["[.?!]", "(?: {2,})"] },
    text: "One.  Two. Three?   Four",
    path: "regex",
    expected: [
      [1, 4, 7, ".  ", "Use one space after '.  '."],
      [1, 17, 21, "?   ", "Use one space after '?   '."],
    ],
  },
  {
    name: "raw goes before the tokens unless append is set",
    def: { raw: ["\\d+ "], tokens: ["percent"] },
    text: "It rose 50 percent, the percent",
    path: "regex",
    expected: [[1, 9, 19, "50 percent", "50 percent"]],
  },
  {
    name: "append puts raw after the tokens",
    def: { raw: ["\\.?\\s[A-Z]"], tokens: ["Mr", "Mrs"], append: true },
    text: "Mr Smith met Mrs. Jones.",
    path: "regex",
    expected: [
      [1, 1, 5, "Mr S", "Mr S"],
      [1, 14, 20, "Mrs. J", "Mrs. J"],
    ],
  },
  {
    name: "limit keeps the first findings",
    def: { tokens: ["very"], limit: 2 },
    text: "very very very very",
    path: "phrases",
    expected: [
      [1, 1, 5, "very", "very"],
      [1, 6, 10, "very", "very"],
    ],
  },
  {
    name: "overlapping tokens: the longest match wins",
    def: { tokens: ["new", "new york"] },
    text: "new york, new",
    path: "phrases",
    expected: [
      [1, 1, 9, "new york", "new york"],
      [1, 11, 14, "new", "new"],
    ],
  },
  {
    name: "non-ASCII words are whole words",
    def: { tokens: ["café"] },
    text: "un café noir, cafés",
    path: "phrases",
    expected: [[1, 4, 8, "café", "café"]],
  },
];

for (const c of cases) {
  test(`existence: ${c.name}`, () => {
    const { rule, problems } = compileForTest(existenceType, c.def);
    assert.deepEqual(problems, []);
    assert.equal(rule.phrases !== undefined, c.path === "phrases", "expected the " + c.path + " path");
    assert.deepEqual(places(runRuleForTest(rule, c.text)), c.expected);
  });
}

test("existence: a phrase token matches across a line break", () => {
  const { rule } = compileForTest(existenceType, { message: "Hedge: %s", tokens: ["appears to be"] });
  const [report, ...rest] = runRuleForTest(rule, "It appears\nto be fine.");
  assert.deepEqual(rest, []);
  assert.deepEqual(
    report && [report.line, report.column, report.endLine, report.endColumn, report.message],
    [1, 4, 2, 6, "Hedge: appears to be"],
  );
});

test("existence: action replace gives suggestions, remove suggests deleting", () => {
  const replace = compileForTest(existenceType, { tokens: ["utilize"], action: { name: "replace", params: ["use"] } });
  assert.deepEqual(runRuleForTest(replace.rule, "utilize").map((r) => r.suggestions), [["use"]]);
  const remove = compileForTest(existenceType, { tokens: ["very"], action: { name: "remove" } });
  assert.deepEqual(runRuleForTest(remove.rule, "very").map((r) => r.suggestions), [[""]]);
});

test("existence: scope selects blocks; a match never crosses blocks", () => {
  const source = "# Synergy now\n\nSynergy text\n";
  const text = "  Synergy now\n\nSynergy text\n";
  const blocks: Block[] = [
    { start: 2, end: 13, scope: "heading", depth: 1 },
    { start: 15, end: 27, scope: "paragraph" },
  ];
  const doc = documentForTest(source, blocks, text);
  const heading = compileForTest(existenceType, { tokens: ["Synergy"], scope: "heading" }).rule;
  assert.deepEqual(places(runRuleForTest(heading, doc)), [[1, 3, 10, "Synergy", "Synergy"]]);
  const notHeading = compileForTest(existenceType, { tokens: ["Synergy\\b"], scope: "~heading" }).rule;
  assert.deepEqual(places(runRuleForTest(notHeading, doc)), [[3, 1, 8, "Synergy", "Synergy"]]);
  const crossing = compileForTest(existenceType, { tokens: ["now\\s+Synergy"] }).rule;
  assert.deepEqual(runRuleForTest(crossing, doc), []);
});

test("existence: scope raw matches the source, markup included", () => {
  const source = "Click <b>here</b> now";
  const text = "Click    here     now";
  const doc = documentForTest(source, [{ start: 0, end: source.length, scope: "paragraph" }], text);
  const rule = compileForTest(existenceType, { message: "No bold: %s", raw: ["<b>[^<]*</b>"], scope: "raw" }).rule;
  assert.deepEqual(places(runRuleForTest(rule, doc)), [[1, 7, 18, "<b>here</b>", "No bold: <b>here</b>"]]);
  const words = compileForTest(existenceType, { tokens: ["here"], scope: "raw" }).rule;
  assert.equal(words.phrases, undefined, "raw scope never uses the prose matcher");
});

test("existence: invalid definitions are errors naming the key", () => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ extends: "existence", message: "m" }, "tokens", /has no 'tokens' and no 'raw'/],
    [{ extends: "existence", message: "m", tokens: ["ok", "(?=x)y"] }, "tokens.1", /position 1\): lookahead/],
    [{ extends: "existence", message: "m", raw: ["ab", "c(d"] }, "raw.1", /pattern 'c\(d' in 'raw.1' cannot be used \(position 2\)/],
    [{ extends: "existence", message: "m", tokens: ["a"], ignorecase: "yes" }, "ignorecase", /must be true or false/],
    [{ extends: "existence", message: "m", tokens: ["a"], exceptions: ["(b"] }, "exceptions.0", /missing closing \)/],
  ];
  for (const [def, path, message] of cases) {
    const { rule, problems } = existenceType.compile(def, { id: "S.R", extends: "existence", message: "m", description: "", level: "warning", scope: { include: ["text"], exclude: [] }, limit: 0, action: null }, {});
    assert.equal(rule, undefined, JSON.stringify(def));
    const problem = problems.find((p) => p.path === path);
    assert.ok(problem, `expected a problem at ${path}: ${JSON.stringify(problems)}`);
    assert.equal(problem.level, "error");
    assert.match(problem.message, message);
  }
});

test("existence: 10,000 literal tokens stay phrases for the shared matcher", () => {
  const tokens = Array.from({ length: 10_000 }, (_, i) => `word${i}`);
  const { rule } = compileForTest(existenceType, { tokens, ignorecase: true });
  assert.equal(rule.phrases?.length, 10_000);
  assert.equal(rule.check, undefined);
});

test("existence: the phrase path and the regex path find the same places", () => {
  const vocabulary = ["new", "york", "cat", "cats", "color", "colour", "log", "in", "Synergy", "synergy"];
  const word = fc.constantFrom(...vocabulary);
  const separator = fc.constantFrom(" ", ", ", ". ", " - ");
  const text = fc
    .array(fc.tuple(word, separator), { minLength: 1, maxLength: 30 })
    .map((parts) => parts.map(([w, s]) => w + s).join(""));
  const tokenList = fc.uniqueArray(fc.constantFrom("new", "new york", "cat", "colou?r", "log in", "synergy"), {
    minLength: 1,
  });
  fc.assert(
    fc.property(text, tokenList, fc.boolean(), (sample, tokens, ignorecase) => {
      const phrases = compileForTest(existenceType, { tokens, ignorecase }).rule;
      // `{1}` changes nothing in the pattern but keeps it out of the phrase path.
      const regex = compileForTest(existenceType, { tokens: tokens.map((t) => `(?:${t}){1}`), ignorecase }).rule;
      assert.ok(phrases.phrases && !regex.phrases);
      const strip = (reports: TestReport[]) => reports.map((r) => [r.start, r.end, r.message]);
      assert.deepEqual(strip(runRuleForTest(phrases, sample)), strip(runRuleForTest(regex, sample)));
    }),
    { numRuns: 300 },
  );
});
