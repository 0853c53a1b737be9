import type { RuleProblem } from "../rule.ts";

/**
 * Typed readers for the keys of a Vale rule file. Each reader returns the fallback and records an
 * error naming the key when the value has the wrong type, so one bad key never hides the others.
 * Vale decodes rule files leniently (a YAML number where a string is expected is accepted), so
 * scalars are coerced to strings where Vale would do the same.
 */
export type RuleDefinition = Record<string, unknown>;

/** Vale matches keys case-insensitively (`ignoreCase` works like `ignorecase`). */
export function normalizeKeys(def: RuleDefinition): RuleDefinition {
  const out: RuleDefinition = {};
  for (const [key, value] of Object.entries(def)) out[key.toLowerCase()] = value;
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function wrongType(key: string, name: string, expected: string, value: unknown): RuleProblem {
  return {
    level: "error",
    path: key,
    message: `rule ${name}: '${key}' must be ${expected}, got ${typeName(value)}`,
    fix: `write '${key}' as ${expected}`,
  };
}

function scalarString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function readString(
  def: RuleDefinition,
  key: string,
  name: string,
  problems: RuleProblem[],
): string | undefined {
  const value = def[key];
  if (value === undefined || value === null) return undefined;
  const text = scalarString(value);
  if (text === undefined) problems.push(wrongType(key, name, "a string", value));
  return text;
}

export function readBoolean(
  def: RuleDefinition,
  key: string,
  name: string,
  problems: RuleProblem[],
  fallback: boolean,
): boolean {
  const value = def[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  problems.push(wrongType(key, name, "true or false", value));
  return fallback;
}

/** A whole number >= 0 (`limit`, `max`, `min`). */
export function readCount(
  def: RuleDefinition,
  key: string,
  name: string,
  problems: RuleProblem[],
  fallback: number,
): number {
  const value = def[key];
  if (value === undefined || value === null) return fallback;
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number === "number" && Number.isInteger(number) && number >= 0) return number;
  problems.push(wrongType(key, name, "a whole number of 0 or more", value));
  return fallback;
}

/** A list of strings; a single string is accepted as a one-item list, as Vale does. */
export function readStringList(
  def: RuleDefinition,
  key: string,
  name: string,
  problems: RuleProblem[],
): string[] {
  const value = def[key];
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) {
    problems.push(wrongType(key, name, "a list of strings", value));
    return [];
  }
  const out: string[] = [];
  value.forEach((item: unknown, index) => {
    const text = scalarString(item);
    if (text === undefined) problems.push(wrongType(`${key}.${index}`, name, "a string", item));
    else out.push(text);
  });
  return out;
}

/** A map of string to string (`swap`, `either`), in file order. */
export function readStringMap(
  def: RuleDefinition,
  key: string,
  name: string,
  problems: RuleProblem[],
): Array<[string, string]> {
  const value = def[key];
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push(wrongType(key, name, "a map of 'text: text' pairs", value));
    return [];
  }
  const out: Array<[string, string]> = [];
  for (const [from, to] of Object.entries(value as Record<string, unknown>)) {
    const text = scalarString(to);
    if (text === undefined) problems.push(wrongType(`${key}.${from}`, name, "a string", to));
    else out.push([from, text]);
  }
  return out;
}

/** One warning per key the rule type does not read: never drop an option silently. */
export function unknownKeyProblems(
  def: RuleDefinition,
  name: string,
  known: ReadonlySet<string>,
  notes: Readonly<Record<string, string>> = {},
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const key of Object.keys(def)) {
    if (known.has(key)) continue;
    const note = notes[key];
    problems.push({
      level: "warning",
      path: key,
      message: `unsupported key '${key}' in rule ${name}; it is ignored`,
      fix: note ?? `remove '${key}' or check its spelling against docs/rules/vale-compatibility.md`,
    });
  }
  return problems;
}
