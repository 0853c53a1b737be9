import { isLevel, LEVELS, type Level } from "../../findings.ts";
import { SCOPE_NAMES, type RuleMeta, type RuleProblem, type ScopeSelector, type SourcePlace } from "../rule.ts";
import {
  normalizeKeys,
  readCount,
  readString,
  readStringList,
  type RuleDefinition,
} from "./definition-keys.ts";

/** Vale's editor quick fix (`action: {name: replace, params: [...]}`). */
export interface ValeAction {
  name: string;
  params: string[];
}

/** The keys every Vale rule has, parsed and checked. */
export interface ValeBase {
  /** `Style.Rule`, from the style folder and file name. */
  id: string;
  /** The rule type (`extends`). */
  extends: string;
  /** The message with Vale's `%s` placeholders still in it. */
  message: string;
  description: string;
  level: Level;
  scope: ScopeSelector;
  link?: string;
  /** Most findings this rule reports per document; 0 means no limit. */
  limit: number;
  action: ValeAction | null;
}

/** Keys every rule type accepts. */
export const COMMON_KEYS: readonly string[] = [
  "extends",
  "message",
  "level",
  "scope",
  "link",
  "limit",
  "description",
  "action",
];

/** A rule file without `level`: Vale's docs say `suggestion`, but its loader sets `warning`; we do what Vale does. */
export const DEFAULT_LEVEL: Level = "warning";

/** Inline scopes Vale 3 removed; Vale itself rejects them and points to `raw`. */
const REMOVED_SCOPES = new Set(["code", "link", "strong", "emphasis"]);
const KNOWN_SCOPES: ReadonlySet<string> = new Set(SCOPE_NAMES);
/** Vale's action names (its editor integrations compute the fixes). */
const ACTION_NAMES = new Set(["suggest", "replace", "remove", "convert", "edit"]);

/**
 * Parses the keys every Vale rule has. `name` is the rule id (`Style.Rule`). Problems name the key
 * (`scope.1`, `level`) and say what to write instead; an error means the rule cannot run.
 *
 * @example
 * const { base, problems } = valeBase({ extends: "existence", message: "Avoid '%s'.", level: "error" }, "Brand.Avoid");
 * // base.level === "error", base.scope => { include: ["text"], exclude: [] }, problems => []
 */
export function valeBase(def: RuleDefinition, name: string): { base: ValeBase; problems: RuleProblem[] } {
  const keys = normalizeKeys(def);
  const problems: RuleProblem[] = [];

  const type = readString(keys, "extends", name, problems);
  if (type === undefined && keys["extends"] === undefined) {
    problems.push({
      level: "error",
      path: "extends",
      message: `rule ${name} has no 'extends' key`,
      fix: "add 'extends:' with the rule type, e.g. 'extends: existence'",
    });
  }

  const message = readString(keys, "message", name, problems);
  if (message === undefined && keys["message"] === undefined) {
    problems.push({
      level: "error",
      path: "message",
      message: `rule ${name} has no 'message' key`,
      fix: "add 'message:' with the text shown for each finding; '%s' stands for the matched text",
    });
  }

  let level = DEFAULT_LEVEL;
  const rawLevel = readString(keys, "level", name, problems);
  if (rawLevel !== undefined) {
    if (isLevel(rawLevel)) level = rawLevel;
    else {
      problems.push({
        level: "error",
        path: "level",
        message: `rule ${name}: level '${rawLevel}' is not one of ${LEVELS.join(", ")}`,
        fix: "use 'level: suggestion', 'level: warning' or 'level: error'",
      });
    }
  }

  const link = readString(keys, "link", name, problems);
  const base: ValeBase = {
    id: name,
    extends: type ?? "",
    message: message ?? "",
    description: readString(keys, "description", name, problems) ?? "",
    level,
    scope: parseScope(keys, name, problems),
    limit: readCount(keys, "limit", name, problems, 0),
    action: parseAction(keys, name, problems),
  };
  if (link !== undefined) base.link = link;
  return { base, problems };
}

function parseScope(keys: RuleDefinition, name: string, problems: RuleProblem[]): ScopeSelector {
  const entries = readStringList(keys, "scope", name, problems);
  const scope: ScopeSelector = { include: [], exclude: [] };
  if (entries.length === 0) return { include: ["text"], exclude: [] };
  entries.forEach((entry, index) => {
    const path = typeof keys["scope"] === "string" ? "scope" : `scope.${index}`;
    const trimmed = entry.trim();
    const negated = trimmed.startsWith("~");
    const scopeName = negated ? trimmed.slice(1).trim() : trimmed;
    const root = scopeName.split(".")[0] ?? scopeName;
    if (REMOVED_SCOPES.has(root)) {
      problems.push({
        level: "warning",
        path,
        message: `rule ${name}: scope '${entry}' is not supported (Vale 3 removed inline scopes); this entry is ignored`,
        fix: "use 'scope: raw' and a pattern that matches the markup",
      });
    } else if (!KNOWN_SCOPES.has(scopeName)) {
      problems.push({
        level: "warning",
        path,
        message: `rule ${name}: scope '${entry}' is not supported; this entry is ignored`,
        fix: `use one of ${SCOPE_NAMES.join(", ")} (prefix '~' to exclude)`,
      });
    } else if (negated) scope.exclude.push(scopeName);
    else scope.include.push(scopeName);
  });
  if (scope.include.length === 0 && scope.exclude.length === 0) {
    problems.push({
      level: "error",
      path: "scope",
      message: `rule ${name}: no supported scope is left, so the rule could never match`,
      fix: `use one of ${SCOPE_NAMES.join(", ")}`,
    });
  }
  // Vale reads a lone exclusion (`~heading`) as "every block except these".
  if (scope.include.length === 0) scope.include.push("text");
  return scope;
}

function parseAction(keys: RuleDefinition, name: string, problems: RuleProblem[]): ValeAction | null {
  const value = keys["action"];
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push({
      level: "error",
      path: "action",
      message: `rule ${name}: 'action' must be a map with 'name' and 'params'`,
      fix: "write e.g. 'action: {name: replace, params: [better]}' or remove 'action'",
    });
    return null;
  }
  const fields = normalizeKeys(value as RuleDefinition);
  const actionName = readString(fields, "name", name, problems) ?? "";
  const params = readStringList(fields, "params", name, problems);
  if (!ACTION_NAMES.has(actionName)) {
    problems.push({
      level: "warning",
      path: "action.name",
      message: `rule ${name}: action '${actionName}' is not a Vale action; it is ignored`,
      fix: "use one of replace, remove, suggest, convert, edit",
    });
    return null;
  }
  return { name: actionName, params };
}

/**
 * The rule's metadata for the engine. The description falls back to the message (without its
 * placeholders) so listings and SARIF always have a line to show.
 */
export function valeRuleMeta(base: ValeBase, source?: SourcePlace): RuleMeta {
  const meta: RuleMeta = {
    id: base.id,
    type: base.extends,
    level: base.level,
    description: base.description || base.message.replace(/'?%[sdv]'?/g, "…").trim(),
    scope: base.scope,
  };
  if (base.link !== undefined) meta.link = base.link;
  if (source !== undefined) meta.source = source;
  return meta;
}
