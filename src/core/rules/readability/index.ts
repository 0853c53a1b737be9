import { didYouMean } from "../../kit/did-you-mean.ts";
import type { Rule, RuleProblem } from "../rule.ts";
import { readCount, readStringList } from "../vale/definition-keys.ts";
import { formatMessage } from "../vale/format-message.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { valeRuleMeta } from "../vale/vale-base.ts";
import { formatValue, summaryStats } from "../metric/document-metrics.ts";
import { SUMMARY_SCOPE, summaryScopeProblems } from "../metric/index.ts";
import { averageGrade, READABILITY_METRICS, type ReadabilityMetric } from "./grades.ts";

/**
 * Vale's `readability`: averages the grade levels of `metrics` over the document's running text
 * (paragraphs, list items, blockquotes) and reports once, at line 1 column 1, when the average is
 * above `grade`. The message's `%s` is the average with two decimals. `min_words` (an onbrand
 * extension, default 0 as in Vale) skips documents with fewer words.
 */
export const readabilityType: ValeRuleType = {
  extends: "readability",
  keys: ["metrics", "grade", "min_words"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const metrics: ReadabilityMetric[] = [];
    readStringList(def, "metrics", name, problems).forEach((entry, index) => {
      const metric = READABILITY_METRICS.find((candidate) => candidate === entry.trim());
      if (metric === undefined) {
        const near = didYouMean(entry, READABILITY_METRICS);
        problems.push({
          level: "error",
          path: `metrics.${index}`,
          message: `rule ${name}: '${entry}' is not a readability metric`,
          fix: near
            ? `did you mean '${near}'? The metrics are ${READABILITY_METRICS.join(", ")}`
            : `use ${READABILITY_METRICS.join(", ")}`,
        });
      } else if (metrics.includes(metric)) {
        problems.push({
          level: "warning",
          path: `metrics.${index}`,
          message: `rule ${name}: '${entry}' is listed twice; it counts once`,
          fix: `remove the second '${entry}'`,
        });
      } else metrics.push(metric);
    });
    if (def["metrics"] === undefined || (metrics.length === 0 && !problems.some((p) => p.path.startsWith("metrics")))) {
      problems.push({
        level: "error",
        path: "metrics",
        message: `rule ${name} has no 'metrics'`,
        fix: `add 'metrics:' with one or more of ${READABILITY_METRICS.join(", ")}`,
      });
    }
    const grade = readGrade(def["grade"], name, problems);
    // onbrand extension: grade formulas mean nothing on a three-word headline.
    const minWords = readCount(def, "min_words", name, problems, 0);
    problems.push(...summaryScopeProblems(def, base, "readability"));
    if (grade === undefined || problems.some((p) => p.level === "error")) return { problems };

    const rule: Rule = {
      meta: { ...valeRuleMeta(base, options.source), scope: SUMMARY_SCOPE },
      check(ctx) {
        const stats = summaryStats(ctx.doc);
        if (stats.words === 0 || stats.words < minWords) return;
        const average = averageGrade(metrics, stats);
        if (!(average > grade)) return;
        // Vale reports document-wide rules at line 1, column 1.
        ctx.report({ start: 0, end: 0, message: formatMessage(base.message, formatValue(average)) });
      },
    };
    return { rule, problems };
  },
};

/** `grade` is a number (a numeric string is accepted, as Vale's decoder does). */
function readGrade(value: unknown, name: string, problems: RuleProblem[]): number | undefined {
  if (value === undefined || value === null) {
    problems.push({
      level: "error",
      path: "grade",
      message: `rule ${name} has no 'grade', so every document would be reported`,
      fix: "add 'grade:' with the highest acceptable grade level, e.g. 'grade: 8'",
    });
    return undefined;
  }
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number === "number" && Number.isFinite(number)) return number;
  problems.push({
    level: "error",
    path: "grade",
    message: `rule ${name}: 'grade' must be a number, got ${JSON.stringify(value)}`,
    fix: "write the highest acceptable grade level as a number, e.g. 'grade: 8'",
  });
  return undefined;
}
