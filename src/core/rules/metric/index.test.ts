import assert from "node:assert/strict";
import { test } from "node:test";
import type { Block } from "../../document/prose-document.ts";
import { compileValeRule } from "../vale/compile-vale-rule.ts";
import { compileForTest, documentForTest, runRuleForTest } from "../vale/test-context.ts";
import { metricType } from "./index.ts";

// 14 words, 3 sentences, 74 letters, 23 syllables, 2 complex and 2 polysyllabic words, 3 long
// words, 2 paragraphs (counted by hand in src/core/text/word-stats.test.ts).
const PASSAGE = "Fizzwell tastes bright. Dr. Lee loves the citrus finish!\n\nTry its natural ingredients today.";

type Place = [line: number, column: number, endColumn: number, message: string];
const run = (def: Record<string, unknown>, input: Parameters<typeof runRuleForTest>[1] = PASSAGE): Place[] =>
  runRuleForTest(compileForTest(metricType, def).rule, input).map((r) => [r.line, r.column, r.endColumn, r.message]);

const cases: Array<[name: string, def: Record<string, unknown>, expected: Place[]]> = [
  [
    "words per sentence above the limit: reported once at 1:1 with two decimals",
    { message: "Sentences average %s words.", formula: "words / sentences", condition: "> 4" },
    [[1, 1, 1, "Sentences average 4.67 words."]],
  ],
  ["the condition does not hold", { formula: "words / sentences", condition: "> 5.0" }, []],
  [
    // 0.39 * 14/3 + 11.8 * 23/14 - 15.59 = 5.6157
    "Flesch-Kincaid as a formula",
    { message: "Grade %s.", formula: "(0.39 * (words / sentences)) +\n(11.8 * (syllables / words)) - 15.59\n", condition: "> 5.0" },
    [[1, 1, 1, "Grade 5.62."]],
  ],
  [
    // 1.0430 * sqrt(2 * 30 / 3) + 3.1291 = 7.7935
    "SMOG with math.sqrt",
    { message: "SMOG %s", formula: "1.0430 * math.sqrt((polysyllabic_words * 30.0) / sentences) + 3.1291", condition: ">= 7.79" },
    [[1, 1, 1, "SMOG 7.79"]],
  ],
  [
    // 14 / 3 + 3 * 100 / 14 = 26.0952
    "LIX with long_words",
    { message: "LIX %s", formula: "(words / sentences) + ((long_words * 100) / words)", condition: "> 26" },
    [[1, 1, 1, "LIX 26.10"]],
  ],
  [
    "every count is available",
    { message: "%s", formula: "characters + complex_words + paragraphs + pre", condition: "== 78" },
    [[1, 1, 1, "78.00"]],
  ],
];

for (const [name, def, expected] of cases) {
  test(`metric: ${name}`, () => assert.deepEqual(run(def), expected));
}

const MARKDOWN = "# Test\n\nIntro text.\n\n- one item\n- two item\n\n> quoted words.\n\n## Next";
const block = (text: string, scope: Block["scope"], depth?: number): Block => {
  const start = MARKDOWN.indexOf(text);
  return depth === undefined ? { start, end: start + text.length, scope } : { start, end: start + text.length, scope, depth };
};
const MARKDOWN_DOC = documentForTest(MARKDOWN, [
  block("Test", "heading", 1),
  block("Intro text.", "paragraph"),
  block("one item", "list"),
  block("two item", "list"),
  block("quoted words.", "blockquote"),
  block("Next", "heading", 2),
]);

test("metric: block counts (heading.hN, list items, blockquotes) as in Vale's test", () => {
  assert.deepEqual(run({ message: "This topic has %s H2s in it.", formula: "heading.h1 + list", condition: "> 0" }, MARKDOWN_DOC), [
    [1, 1, 1, "This topic has 3.00 H2s in it."],
  ]);
  assert.deepEqual(run({ formula: "heading_h2 * 10 + blockquote", condition: "== 11" }, MARKDOWN_DOC), [[1, 1, 1, "11.00"]]);
  assert.deepEqual(run({ formula: "heading.h6", condition: "> 1" }, MARKDOWN_DOC), []);
});

test("metric: words are counted in paragraphs, list items and blockquotes, not headings", () => {
  assert.deepEqual(run({ formula: "words", condition: "> 0" }, MARKDOWN_DOC), [[1, 1, 1, "8.00"]]);
  assert.deepEqual(run({ formula: "paragraphs + sentences / 10", condition: "> 0" }, MARKDOWN_DOC), [[1, 1, 1, "4.40"]]);
});

test("metric: a document without running text is not reported", () => {
  assert.deepEqual(run({ formula: "1", condition: "> 0" }, ""), []);
  const headingsOnly = documentForTest("# Only a title", [{ start: 2, end: 14, scope: "heading", depth: 1 }]);
  assert.deepEqual(run({ formula: "heading.h1", condition: "> 0" }, headingsOnly), []);
});

test("metric: infinite values print as Go does", () => {
  assert.deepEqual(run({ formula: "words / (sentences - 3)", condition: "> 1" }), [[1, 1, 1, "+Inf"]]);
});

const compile = (def: Record<string, unknown>) =>
  compileValeRule({ extends: "metric", message: "%s", ...def }, "Test.Metric", {}, [metricType]);

test("metric: problems name the key, the position and the fix", () => {
  assert.deepEqual(compile({ condition: "> 1" }).problems, [
    { level: "error", path: "formula", message: "rule Test.Metric has no 'formula'", fix: "add 'formula:' with a formula of the document's counts, e.g. 'words / sentences'" },
  ]);
  assert.equal(compile({ formula: "words" }).problems[0]?.path, "condition");

  const bad = compile({ formula: "words /\n wordz", condition: "> 1" });
  assert.equal(bad.rule, undefined);
  assert.deepEqual(bad.problems, [
    {
      level: "error",
      path: "formula",
      message: "rule Test.Metric: formula 'words /  wordz' cannot be used (position 10): unknown variable 'wordz'",
      fix: `use one of words, sentences, characters, syllables, complex_words, long_words, polysyllabic_words, paragraphs, pre, list, blockquote, heading_h1, heading_h2, heading_h3, heading_h4, heading_h5, heading_h6`,
    },
  ]);

  const condition = compile({ formula: "words", condition: "8" });
  assert.equal(condition.problems[0]?.message, "rule Test.Metric: condition '8' cannot be used (position 1): expected a comparison, found '8'");

  const wrongType = compile({ formula: ["words"], condition: "> 1" });
  assert.equal(wrongType.rule, undefined);
  assert.equal(wrongType.problems[0]?.path, "formula");
  assert.match(wrongType.problems[0]?.message ?? "", /'formula' must be a string, got a list/);
});

test("metric: warnings for 'pre', a scope other than summary, and unknown keys; the rule still runs", () => {
  const { rule, problems } = compile({ formula: "words + pre", condition: "> 1", scope: "heading", tokens: ["x"] });
  assert.ok(rule);
  assert.deepEqual(rule.meta.scope, { include: ["summary"], exclude: [] });
  assert.deepEqual(
    problems.map((p) => [p.level, p.path]),
    [
      ["warning", "tokens"],
      ["warning", "formula"],
      ["warning", "scope"],
    ],
  );
  assert.deepEqual(compile({ formula: "words", condition: "> 1", scope: "summary" }).problems, []);
});

test("metric: min_words (an onbrand extension) skips documents shorter than it", () => {
  const def = { extends: "metric", message: "avg %s", formula: "words / sentences", condition: "> 2", min_words: 5 };
  const rule = compileValeRule(def, "Test.Avg").rule;
  assert.ok(rule);
  assert.deepEqual(runRuleForTest(rule, "Four words right here."), []);
  assert.deepEqual(runRuleForTest(rule, "Five words are right here.").map((r) => r.message), ["avg 5.00"]);
});
