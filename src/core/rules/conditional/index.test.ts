import assert from "node:assert/strict";
import { test } from "node:test";
import { compileValeRule } from "../vale/compile-vale-rule.ts";
import { compileForTest, documentForTest, runRuleForTest } from "../vale/test-context.ts";
import { conditionalType } from "./index.ts";

type Place = [line: number, column: number, endColumn: number, match: string, message: string];

const ACRONYMS = {
  message: "'%s' has no definition",
  first: "\\b([A-Z]{3,5})\\b",
  second: "(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)",
  exceptions: ["ABC", "ADD"],
};

const run = (def: Record<string, unknown>, input: Parameters<typeof runRuleForTest>[1]): Place[] =>
  runRuleForTest(compileForTest(conditionalType, def).rule, input).map((r) => {
    assert.equal(r.endLine, r.line);
    return [r.line, r.column, r.endColumn, r.match, r.message];
  });

const cases: Array<[name: string, def: Record<string, unknown>, text: string, expected: Place[]]> = [
  [
    "every undefined use is reported; defined ones and exceptions are not",
    ACRONYMS,
    "The World Health Organization (WHO) sets rules.\nWHO and ABC agree, but DAFB does not.\n\nDAFB again, and NBA too.",
    [
      [2, 24, 28, "DAFB", "'DAFB' has no definition"],
      [4, 1, 5, "DAFB", "'DAFB' has no definition"],
      [4, 17, 20, "NBA", "'NBA' has no definition"],
    ],
  ],
  [
    "a definition counts in its own block and later ones, not earlier ones",
    ACRONYMS,
    "Use the API.\n\nThe Application Programming Interface (API) is documented. Call the API.\n\nThe API is stable.",
    [[1, 9, 12, "API", "'API' has no definition"]],
  ],
  [
    // Vale's own feature test (testdata/fixtures/checks/Conditional): only NFL, at 9:5.
    "Vale's MultiCapture test: any capture group of `second` defines a term",
    {
      message: "'%s' has no definition",
      first: "\\b([A-Z]{3,5})\\b",
      second: "([A-Z]{3,5}): (?:\\b[A-Z][a-z]+ )+|(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)",
      exceptions: ["ABC", "ADD"],
    },
    [
      "# Test",
      "",
      "According to Wikipedia, the WHO: World Health Organization is a specialized",
      "agency of the United Nations that is concerned with international public",
      "health. We can now use WHO because it has been defined.",
      "",
      "The National Basketball Association (NBA) is a professional sports league.",
      "",
      "The NFL is also a sport league.",
      "",
      "The IETF: Internet Engineering Task Force does not require use of ® or ™",
      "for the term IETF, even though it is a trademark.",
      "",
    ].join("\n"),
    [[9, 5, 8, "NFL", "'NFL' has no definition"]],
  ],
  [
    "ignorecase applies to both patterns and to the defined terms",
    {
      message: "Define '%s'.",
      first: "\\bkpis?\\b",
      second: "key performance indicators? \\((kpis?)\\)",
      ignorecase: true,
    },
    "Key Performance Indicator (KPI) first. Then kpi and KPIs.",
    [[1, 53, 57, "KPIs", "Define 'KPIs'."]],
  ],
  [
    "without ignorecase, a definition must match exactly",
    { message: "Define '%s'.", first: "\\bKPI\\b", second: "Key Performance Indicator \\((KPI)\\)" },
    "key performance indicator (KPI). The KPI.",
    [
      [1, 28, 31, "KPI", "Define 'KPI'."],
      [1, 38, 41, "KPI", "Define 'KPI'."],
    ],
  ],
  [
    "a multi-word exception cancels a match inside it",
    { ...ACRONYMS, exceptions: ["NASA Goddard"] },
    "NASA Goddard works with NASA.",
    [[1, 25, 29, "NASA", "'NASA' has no definition"]],
  ],
  [
    "limit keeps the first reports",
    { ...ACRONYMS, limit: 1 },
    "DAFB and NBA and XYZ.",
    [[1, 1, 5, "DAFB", "'DAFB' has no definition"]],
  ],
];

for (const [name, def, text, expected] of cases) {
  test(`conditional: ${name}`, () => assert.deepEqual(run(def, text), expected));
}

test("conditional: masked text (code) is not matched", () => {
  const source = "The World Health Organization (WHO) is here. Use `DAFB` in code, not DAFB.";
  const text = source.replace("`DAFB`", "      ");
  const doc = documentForTest(source, [{ start: 0, end: source.length, scope: "paragraph" }], text);
  assert.deepEqual(run(ACRONYMS, doc), [[1, 70, 74, "DAFB", "'DAFB' has no definition"]]);
});

test("conditional: without a capture group in `second`, it is a presence check per block (Vale's test)", () => {
  const presence = { message: "A 'Section' requires a 'Summary:' line.", scope: "raw", first: "\\bSection\\b", second: "Summary:" };
  assert.deepEqual(run(presence, "# Section\n\nSummary: this is present.\n"), []);
  assert.deepEqual(run(presence, "# Section\n\nNo summary line here.\n"), [
    [1, 3, 10, "Section", "A 'Section' requires a 'Summary:' line."],
  ]);
  const perBlock = { ...presence, scope: "text" };
  assert.deepEqual(run(perBlock, "Section one. Summary: yes.\n\nSection two."), [
    [3, 1, 8, "Section", "A 'Section' requires a 'Summary:' line."],
  ]);
});

const compile = (def: Record<string, unknown>) =>
  compileValeRule({ extends: "conditional", message: "%s", ...def }, "Test.Acronyms", {}, [conditionalType]);

test("conditional: problems name the key, the pattern position and the fix", () => {
  const missing = compile({ second: "x" });
  assert.equal(missing.rule, undefined);
  assert.deepEqual(missing.problems.map((p) => [p.level, p.path, p.message]), [["error", "first", "rule Test.Acronyms has no 'first' pattern"]]);

  const lookahead = compile({ first: "\\b[A-Z]+(?= from)", second: "(x)" });
  assert.deepEqual(lookahead.problems.map((p) => [p.path, p.message]), [
    ["first", "rule Test.Acronyms: pattern '\\b[A-Z]+(?= from)' in 'first' cannot be used (position 9): lookahead '(?=' is not supported"],
  ]);

  const badException = compile({ first: "x", second: "(y)", exceptions: ["ok", "("] });
  assert.deepEqual(badException.problems.map((p) => [p.level, p.path]), [["error", "exceptions.1"]]);

  const wrongType = compile({ first: "x", second: "(y)", ignorecase: "sometimes", colour: 1 });
  assert.deepEqual(wrongType.problems.map((p) => [p.level, p.path]), [
    ["warning", "colour"],
    ["error", "ignorecase"],
  ]);
  assert.equal(compile({ first: "x", second: "(y)", vocab: false }).problems.length, 0);
});

test("conditional: the doc page example", () => {
  const def = { ...ACRONYMS, message: "'%s' has no definition.", exceptions: ["FAQ", "USA"] };
  assert.deepEqual(run(def, "Our Search Engine Optimization (SEO) team knows SEO.\n\nAsk our CRM team.\n\nThe FAQ is below."), [
    [3, 9, 12, "CRM", "'CRM' has no definition."],
  ]);
});
