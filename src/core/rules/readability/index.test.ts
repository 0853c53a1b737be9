import assert from "node:assert/strict";
import { test } from "node:test";
import type { WordStats } from "../../text/word-stats.ts";
import { compileValeRule } from "../vale/compile-vale-rule.ts";
import { compileForTest, documentForTest, runRuleForTest } from "../vale/test-context.ts";
import { averageGrade, gradeLevel } from "./grades.ts";
import { readabilityType } from "./index.ts";

test("grade formulas on round numbers (computed by hand)", () => {
  const stats: WordStats = {
    words: 100,
    sentences: 5,
    syllables: 150,
    characters: 480,
    complexWords: 10,
    polysyllabicWords: 12,
    longWords: 0,
    paragraphs: 1,
  };
  // 0.39*20 + 11.8*1.5 - 15.59
  assert.equal(gradeLevel("Flesch-Kincaid", stats).toFixed(4), "9.9100");
  // 0.4*(20 + 10)
  assert.equal(gradeLevel("Gunning Fog", stats).toFixed(4), "12.0000");
  // 0.0588*480 - 0.296*5 - 15.8
  assert.equal(gradeLevel("Coleman-Liau", stats).toFixed(4), "10.9440");
  // 1.0430*sqrt(72) + 3.1291
  assert.equal(gradeLevel("SMOG", stats).toFixed(4), "11.9792");
  // 4.71*4.8 + 0.5*20 - 21.43
  assert.equal(gradeLevel("Automated Readability", stats).toFixed(4), "11.1780");
  assert.equal(averageGrade(["Flesch-Kincaid", "Gunning Fog"], stats).toFixed(3), "10.955");
});

// 14 words, 3 sentences, 74 letters, 23 syllables, 2 complex and 2 polysyllabic words (counted by
// hand in src/core/text/word-stats.test.ts). Grades:
//   Flesch-Kincaid 0.39*14/3 + 11.8*23/14 - 15.59 = 5.6157
//   Gunning Fog 0.4*(14/3 + 100*2/14) = 7.5810
//   Coleman-Liau 0.0588*7400/14 - 0.296*300/14 - 15.8 = 8.9371
//   SMOG 1.0430*sqrt(60/3) + 3.1291 = 7.7935
//   Automated Readability 4.71*74/14 + 0.5*14/3 - 21.43 = 5.7990
const PASSAGE = "Fizzwell tastes bright. Dr. Lee loves the citrus finish!\n\nTry its natural ingredients today.";

type Place = [line: number, column: number, endColumn: number, message: string];
const run = (def: Record<string, unknown>, input: Parameters<typeof runRuleForTest>[1] = PASSAGE): Place[] =>
  runRuleForTest(compileForTest(readabilityType, { message: "Grade level (%s) too high!", ...def }).rule, input).map((r) => [
    r.line,
    r.column,
    r.endColumn,
    r.message,
  ]);

const cases: Array<[metrics: string[], grade: number, expected: Place[]]> = [
  [["Flesch-Kincaid"], 5, [[1, 1, 1, "Grade level (5.62) too high!"]]],
  [["Flesch-Kincaid"], 5.62, []],
  [["Gunning Fog"], 7, [[1, 1, 1, "Grade level (7.58) too high!"]]],
  [["Coleman-Liau"], 8, [[1, 1, 1, "Grade level (8.94) too high!"]]],
  [["SMOG"], 7, [[1, 1, 1, "Grade level (7.79) too high!"]]],
  [["Automated Readability"], 5, [[1, 1, 1, "Grade level (5.80) too high!"]]],
  [["Flesch-Kincaid", "Gunning Fog"], 6, [[1, 1, 1, "Grade level (6.60) too high!"]]],
  [["Flesch-Kincaid", "Gunning Fog", "Coleman-Liau", "SMOG", "Automated Readability"], 7, [[1, 1, 1, "Grade level (7.15) too high!"]]],
  [["Flesch-Kincaid", "Gunning Fog", "Coleman-Liau", "SMOG", "Automated Readability"], 8, []],
];

for (const [metrics, grade, expected] of cases) {
  test(`readability: ${metrics.join(" + ")} against grade ${grade}`, () => assert.deepEqual(run({ metrics, grade }), expected));
}

test("readability: headings are not measured; empty documents are not reported", () => {
  const source = "# Extraordinarily Complicated Multisyllabic Heading\n\nShort text.";
  const doc = documentForTest(source, [
    { start: 2, end: source.indexOf("\n"), scope: "heading", depth: 1 },
    { start: source.indexOf("Short"), end: source.length, scope: "paragraph" },
  ]);
  // "Short text.": 2 words, 1 sentence, 2 syllables: 0.39*2 + 11.8*1 - 15.59 = -3.01
  assert.deepEqual(run({ metrics: ["Flesch-Kincaid"], grade: -4 }, doc), [[1, 1, 1, "Grade level (-3.01) too high!"]]);
  assert.deepEqual(run({ metrics: ["Flesch-Kincaid"], grade: -4 }, ""), []);
});

const compile = (def: Record<string, unknown>) =>
  compileValeRule({ extends: "readability", message: "%s", ...def }, "Test.Reading", {}, [readabilityType]);

test("readability: problems name the key and the fix", () => {
  assert.deepEqual(compile({ metrics: ["Flesch-Kincaid", "Flesch Kincaid"], grade: 8 }).problems, [
    {
      level: "error",
      path: "metrics.1",
      message: "rule Test.Reading: 'Flesch Kincaid' is not a readability metric",
      fix: "did you mean 'Flesch-Kincaid'? The metrics are Gunning Fog, Coleman-Liau, Flesch-Kincaid, SMOG, Automated Readability",
    },
  ]);
  assert.deepEqual(compile({ grade: 8 }).problems.map((p) => [p.level, p.path, p.message]), [
    ["error", "metrics", "rule Test.Reading has no 'metrics'"],
  ]);
  assert.deepEqual(compile({ metrics: ["SMOG"] }).problems.map((p) => [p.level, p.path]), [["error", "grade"]]);
  assert.deepEqual(compile({ metrics: ["SMOG"], grade: "high" }).problems.map((p) => p.message), [
    "rule Test.Reading: 'grade' must be a number, got \"high\"",
  ]);
  assert.equal(compile({ metrics: "SMOG", grade: "8.5" }).problems.length, 0);
  assert.equal(compile({ metrics: { SMOG: 1 }, grade: 8 }).problems[0]?.message, "rule Test.Reading: 'metrics' must be a list of strings, got a map");
});

test("readability: a duplicate metric and a scope are warnings; the rule runs on the summary", () => {
  const { rule, problems } = compile({ metrics: ["SMOG", "SMOG"], grade: 8, scope: "sentence" });
  assert.ok(rule);
  assert.deepEqual(rule.meta.scope, { include: ["summary"], exclude: [] });
  assert.deepEqual(problems.map((p) => [p.level, p.path]), [
    ["warning", "metrics.1"],
    ["warning", "scope"],
  ]);
});

test("readability: min_words (an onbrand extension) skips short documents and still checks long ones", () => {
  const def = { extends: "readability", message: "Grade %s", level: "warning", grade: 1, metrics: ["Flesch-Kincaid"], min_words: 6 };
  const rule = compileValeRule(def, "Test.Read").rule;
  assert.ok(rule);
  assert.deepEqual(runRuleForTest(rule, "Extraordinary botanical refreshment."), []);
  const long = runRuleForTest(rule, "Extraordinary botanical refreshment everywhere, delivering carbonated sophistication.");
  assert.deepEqual(long.map((r) => `${r.line}:${r.column} ${r.message.slice(0, 6)}`), ["1:1 Grade "]);
  const bad = compileValeRule({ ...def, min_words: "many" }, "Test.Read");
  assert.equal(bad.rule, undefined);
  assert.match(bad.problems.map((p) => `${p.path}: ${p.message}`).join("\n"), /min_words/);
});
