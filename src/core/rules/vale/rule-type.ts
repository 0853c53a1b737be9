import type { Rule, RuleProblem, SourcePlace } from "../rule.ts";
import type { RuleDefinition } from "./definition-keys.ts";
import type { ValeBase } from "./vale-base.ts";

/** What a caller may pass when compiling a Vale rule file. */
export interface ValeCompileOptions {
  /** Where the rule file is, for error messages and SARIF. */
  source?: SourcePlace;
}

export interface ValeCompileResult {
  /** Absent when an error problem means the rule cannot run. */
  rule?: Rule;
  problems: RuleProblem[];
}

/**
 * One Vale rule type (`extends:` value). Each lives in its own folder (`../existence/index.ts`) and
 * is listed in `compile-vale-rule.ts`. `compile` receives the definition with lower-cased keys and
 * the already parsed common keys; it reports problems with the key path and never throws.
 */
export interface ValeRuleType {
  extends: string;
  /** Keys this type reads besides the common ones (lower case); any other key gets a warning. */
  keys: readonly string[];
  /** `action` names this type turns into suggestions; any other action gets a warning. */
  actions?: readonly string[];
  compile(def: RuleDefinition, base: ValeBase, options: ValeCompileOptions): ValeCompileResult;
}
