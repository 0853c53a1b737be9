import type { Rule, RuleProblem, ScopeSelector } from "../rule.ts";
import { readCount, readString, type RuleDefinition } from "../vale/definition-keys.ts";
import { formatMessage } from "../vale/format-message.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { valeRuleMeta, type ValeBase } from "../vale/vale-base.ts";
import { documentMetrics, formatValue, METRIC_VARIABLES } from "./document-metrics.ts";
import { parseCondition, parseFormula, type FormulaError } from "./formula.ts";

/** Metric and readability rules read the whole document's running text, whatever `scope` says. */
export const SUMMARY_SCOPE: ScopeSelector = { include: ["summary"], exclude: [] };

/**
 * Vale's `metric`: evaluates `formula` over the document's counts (METRIC_VARIABLES) and reports
 * once, at line 1 column 1, when `condition` holds. The message's `%s` is the value with two
 * decimals. A document with no words in its summary is not reported.
 */
export const metricType: ValeRuleType = {
  extends: "metric",
  keys: ["formula", "condition", "min_words"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const formulaText = readString(def, "formula", name, problems);
    const conditionText = readString(def, "condition", name, problems);
    if (formulaText === undefined && def["formula"] === undefined) {
      problems.push(missing(name, "formula", "a formula of the document's counts, e.g. 'words / sentences'"));
    }
    if (conditionText === undefined && def["condition"] === undefined) {
      problems.push(missing(name, "condition", "a comparison, e.g. '> 20.0'"));
    }
    if (formulaText === undefined || conditionText === undefined) return { problems };

    const formula = parseFormula(formulaText, METRIC_VARIABLES);
    if (!formula.ok) problems.push(formulaProblem(name, "formula", formulaText, formula));
    const condition = parseCondition(conditionText, METRIC_VARIABLES);
    if (!condition.ok) problems.push(formulaProblem(name, "condition", conditionText, condition));
    if (!formula.ok || !condition.ok) return { problems };

    if ([...formula.formula.variables, ...condition.condition.variables].includes("pre")) {
      problems.push({
        level: "warning",
        path: "formula",
        message: `rule ${name}: 'pre' (code blocks) is always 0 in onbrand, because code is not prose`,
        fix: "remove 'pre' from the formula",
      });
    }
    problems.push(...summaryScopeProblems(def, base, "metric"));

    // onbrand extension: a ratio over a three-word headline is noise.
    const minWords = readCount(def, "min_words", name, problems, 0);
    const { formula: f } = formula;
    const { condition: c } = condition;
    const rule: Rule = {
      meta: { ...valeRuleMeta(base, options.source), scope: SUMMARY_SCOPE },
      check(ctx) {
        const values = documentMetrics(ctx.doc);
        if (values.words === 0 || values.words < minWords) return;
        const value = f.evaluate(values);
        if (!c.holds(value, values)) return;
        // Vale reports document-wide rules at line 1, column 1.
        ctx.report({ start: 0, end: 0, message: formatMessage(base.message, formatValue(value)) });
      },
    };
    return { rule, problems };
  },
};

function missing(name: string, key: string, what: string): RuleProblem {
  return { level: "error", path: key, message: `rule ${name} has no '${key}'`, fix: `add '${key}:' with ${what}` };
}

function formulaProblem(name: string, key: string, text: string, error: FormulaError): RuleProblem {
  return {
    level: "error",
    path: key,
    // Line breaks become spaces so the position still counts characters of the text as written.
    message: `rule ${name}: ${key} '${text.replace(/[\r\n\t]/g, " ").trimEnd()}' cannot be used (position ${error.index + 1}): ${error.message}`,
    fix: error.fix,
  };
}

/** A warning when a rule file asks for a scope other than the summary, which Vale ignores too. */
export function summaryScopeProblems(def: RuleDefinition, base: ValeBase, type: string): RuleProblem[] {
  if (def["scope"] === undefined || def["scope"] === null) return [];
  const { include, exclude } = base.scope;
  if (exclude.length === 0 && include.length === 1 && include[0] === "summary") return [];
  return [
    {
      level: "warning",
      path: "scope",
      message: `rule ${base.id}: ${type} rules always measure the whole document (scope 'summary'); 'scope' is ignored`,
      fix: "remove 'scope'",
    },
  ];
}
