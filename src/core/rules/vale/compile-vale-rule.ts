import type { RuleProblem } from "../rule.ts";
import { capitalizationType } from "../capitalization/index.ts";
import { conditionalType } from "../conditional/index.ts";
import { consistencyType } from "../consistency/index.ts";
import { existenceType } from "../existence/index.ts";
import { metricType } from "../metric/index.ts";
import { occurrenceType } from "../occurrence/index.ts";
import { readabilityType } from "../readability/index.ts";
import { repetitionType } from "../repetition/index.ts";
import { substitutionType } from "../substitution/index.ts";
import { normalizeKeys, unknownKeyProblems, type RuleDefinition } from "./definition-keys.ts";
import type { ValeCompileOptions, ValeCompileResult, ValeRuleType } from "./rule-type.ts";
import { COMMON_KEYS, valeBase } from "./vale-base.ts";

/**
 * The rule types onbrand runs. To add one: a folder `../<type>/` whose `index.ts` exports a
 * `ValeRuleType`, then one line here.
 */
const RULE_TYPES: readonly ValeRuleType[] = [
  existenceType,
  substitutionType,
  occurrenceType,
  repetitionType,
  consistencyType,
  conditionalType,
  capitalizationType,
  metricType,
  readabilityType,
];

/** Every `extends` value Vale accepts, for telling "not supported yet" from "not a Vale type". */
const VALE_TYPES: ReadonlySet<string> = new Set([
  "existence",
  "substitution",
  "occurrence",
  "repetition",
  "consistency",
  "conditional",
  "capitalization",
  "metric",
  "readability",
  "spelling",
  "sequence",
  "script",
]);

/** Notes for keys Vale once had or uses elsewhere, shown instead of the generic fix. */
const KEY_NOTES: Readonly<Record<string, string>> = {
  code: "'code' is deprecated in Vale; use 'scope: raw' instead",
  pos: "part-of-speech filters are not supported; remove 'pos'",
  name: "the rule id comes from the style folder and file name; remove 'name'",
};

export function supportedValeTypes(types: readonly ValeRuleType[] = RULE_TYPES): string[] {
  return types.map((type) => type.extends);
}

/**
 * Compiles one Vale rule file (already parsed from YAML) into a rule. `name` is the rule id
 * (`Style.Rule`). Never throws: problems name the key and the fix; the rule is absent when any
 * problem is an error or the type is not supported (a warning says so).
 *
 * @example
 * const { rule, problems } = compileValeRule(
 *   { extends: "existence", message: "Avoid '%s'.", tokens: ["synergy"] }, "Brand.Avoid", {});
 */
export function compileValeRule(
  def: RuleDefinition,
  name: string,
  options: ValeCompileOptions = {},
  types: readonly ValeRuleType[] = RULE_TYPES,
): ValeCompileResult {
  const keys = normalizeKeys(def);
  const { base, problems } = valeBase(keys, name);
  if (base.extends === "") return { problems };

  const type = types.find((candidate) => candidate.extends === base.extends);
  if (!type) {
    const known = VALE_TYPES.has(base.extends);
    problems.push({
      level: "warning",
      path: "extends",
      message: known
        ? `rule ${name} uses extends: ${base.extends}, which onbrand does not support yet; it is skipped`
        : `rule ${name} uses extends: ${base.extends}, which is not a Vale rule type; it is skipped`,
      fix: `use one of ${supportedValeTypes(types).join(", ")}, or remove the rule`,
    });
    return { problems };
  }

  problems.push(...unknownKeyProblems(keys, name, new Set([...COMMON_KEYS, ...type.keys]), KEY_NOTES));
  if (base.action && !(type.actions ?? []).includes(base.action.name)) {
    problems.push(actionProblem(name, base.action.name, type));
  }

  const compiled = type.compile(keys, base, options);
  problems.push(...compiled.problems);
  if (!compiled.rule || problems.some((problem) => problem.level === "error")) return { problems };
  return { rule: compiled.rule, problems };
}

function actionProblem(name: string, action: string, type: ValeRuleType): RuleProblem {
  const usable = type.actions ?? [];
  return {
    level: "warning",
    path: "action",
    message: `rule ${name}: action '${action}' is an editor quick fix onbrand does not compute for ${type.extends} rules; the rule runs without it`,
    fix: usable.length > 0 ? `use action ${usable.join(" or ")} for suggestions, or remove 'action'` : "remove 'action'",
  };
}
