import type { z } from "zod";
import type { Diagnostic } from "../errors.ts";
import { didYouMean } from "./did-you-mean.ts";
import type { YamlFile, YamlPath } from "./yaml-file.ts";

/**
 * Turns zod issues into diagnostics that read like a person wrote them: the place
 * (file:line:column of the value, or of the key for an unknown key), the dotted path, what was
 * expected, what was found, and the fix.
 *
 * @example
 * // brand/brand.yaml:14:12: claims[2].level must be one of suggestion, warning, error; found "high"
 */
export function validateYaml<S extends z.ZodType>(
  schema: S,
  yaml: YamlFile,
  input: unknown,
): { data: z.infer<S> | null; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    diagnostics.push(...issueDiagnostics(issue, [], { schema, yaml, input }));
  }
  return { data: null, diagnostics: sortDiagnostics(diagnostics) };
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `["claims", 2, "phrases", 0]` -> `claims[2].phrases[0]`; keys that are not plain names are quoted. */
export function formatPath(path: YamlPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(segment))) out += out ? `.${String(segment)}` : String(segment);
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** What a value is, for "found ...": the value itself for scalars, its kind for collections. */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return value.length > 60 ? `${JSON.stringify(value.slice(0, 57))}...` : JSON.stringify(value);
  return String(value);
}

interface Context {
  schema: z.ZodType;
  yaml: YamlFile;
  input: unknown;
}

type Issue = z.core.$ZodIssue;

function issueDiagnostics(issue: Issue, base: YamlPath, ctx: Context): Diagnostic[] {
  const path = [...base, ...issue.path];
  const found = valueAt(ctx.input, path);
  const label = path.length === 0 ? "the file" : formatPath(path);
  const at = (p: YamlPath = path) => ({ level: "error" as const, file: ctx.yaml.file, ...ctx.yaml.positionOf(p) });

  switch (issue.code) {
    case "invalid_type": {
      if (found === undefined && path.length > 0) {
        const parent = path.slice(0, -1);
        const key = String(path[path.length - 1]);
        // A misspelt key ("tem" for "term") is reported as unknown with the suggestion; once is enough.
        if (misspeltIn(valueAt(ctx.input, parent), key)) return [];
        const owner = parent.length === 0 ? "the file" : formatPath(parent);
        return [
          {
            ...at(parent),
            message: `${owner} is missing "${key}" (${expectedText(issue.expected)})`,
            fix: `add "${key}:" with ${expectedText(issue.expected)}`,
          },
        ];
      }
      return [
        {
          ...at(),
          message: `${label} must be ${expectedText(issue.expected)}; found ${describeFound(found)}`,
          fix: typeFix(issue.expected, found, path),
        },
      ];
    }
    case "unrecognized_keys": {
      const allowed = allowedKeys(schemaAt(ctx.schema, path));
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, allowed);
        const where = path.length === 0 ? "at the top level" : `in ${label}`;
        return {
          level: "error" as const,
          file: ctx.yaml.file,
          ...ctx.yaml.keyPositionOf([...path, key]),
          message: `unknown key "${key}" ${where}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
          fix: suggestion
            ? `rename it to "${suggestion}"`
            : `remove it; ${path.length === 0 ? "the file" : label} takes ${allowed.join(", ")}`,
        };
      });
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const suggestion = typeof found === "string" ? didYouMean(found, values) : undefined;
      return [
        {
          ...at(),
          message: `${label} must be one of ${values.join(", ")}; found ${describeFound(found)}`,
          fix: suggestion ? `write "${suggestion}"` : `write one of ${values.join(", ")}`,
        },
      ];
    }
    case "invalid_union":
      return unionDiagnostics(issue, path, found, label, ctx);
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const bound = small ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      let expected: string;
      if (issue.origin === "array") expected = small ? `a list of at least ${bound} item${bound === 1 ? "" : "s"}` : `a list of at most ${bound} items`;
      else if (issue.origin === "string") expected = small ? "some text" : `at most ${bound} characters`;
      else expected = `a number ${small ? (inclusive ? "of at least" : "greater than") : inclusive ? "of at most" : "less than"} ${bound}`;
      return [
        {
          ...at(),
          message: `${label} must be ${expected}; found ${describeFound(found)}`,
          fix: issue.origin === "array" && small ? `add at least ${bound} item${bound === 1 ? "" : "s"}, or remove "${String(path[path.length - 1])}"` : `write ${expected}`,
        },
      ];
    }
    case "invalid_format":
    case "custom":
      if (issue.code === "custom" && issue.params?.secret === true) {
        // Never print a value that looks like a key: error output ends up in CI logs.
        return [{ ...at(), message: `${label} must be ${issue.message}`, fix: "move the key into an environment variable and name that variable in api_key_env" }];
      }
      // Custom and format messages in the schemas are written as the expected value.
      return [
        {
          ...at(),
          message: `${label} must be ${issue.message}; found ${describeFound(found)}`,
          fix: typeof found === "string" && found.trim() === "" ? "fill it in or remove it" : `write ${issue.message}`,
        },
      ];
    case "invalid_key": {
      const key = String(path[path.length - 1]);
      const reasons = issue.issues.map((i) => i.message).join("; ");
      return [
        {
          level: "error",
          file: ctx.yaml.file,
          ...ctx.yaml.keyPositionOf(path),
          message: `the key "${key}" in ${formatPath(path.slice(0, -1))} is not valid: ${reasons}`,
          fix: "rename the key",
        },
      ];
    }
    default:
      return [{ ...at(), message: `${label}: ${issue.message}`, fix: "see docs/kit.md for the expected shape" }];
  }
}

/**
 * A union (a plain term or a {term, level, message} mapping) failed every branch. When one branch
 * has the kind of value that was written, its issues are the helpful ones; otherwise say which
 * kinds would do.
 */
function unionDiagnostics(
  issue: Extract<Issue, { code: "invalid_union" }>,
  path: YamlPath,
  found: unknown,
  label: string,
  ctx: Context,
): Diagnostic[] {
  const branches = issue.errors;
  const rootType = (issues: readonly Issue[]) => issues.find((i) => i.code === "invalid_type" && i.path.length === 0);
  const matching = branches.filter((issues) => !rootType(issues));
  if (matching.length === 1 && matching[0]) return matching[0].flatMap((i) => issueDiagnostics(i, path, ctx));
  const kinds = branches.map((issues) => {
    const t = rootType(issues);
    return t && t.code === "invalid_type" ? expectedText(t.expected) : "a valid value";
  });
  return [
    {
      level: "error",
      file: ctx.yaml.file,
      ...ctx.yaml.positionOf(path),
      message: `${label} must be ${kinds.join(" or ")}; found ${describeFound(found)}`,
      fix: `write ${kinds.join(" or ")}`,
    },
  ];
}

function misspeltIn(parent: unknown, key: string): boolean {
  if (parent === null || typeof parent !== "object" || Array.isArray(parent)) return false;
  return Object.keys(parent).some((k) => k !== key && didYouMean(k, [key]) === key);
}

/**
 * A zod type name as people say it. `object` is what an object is called where it is written:
 * a YAML mapping in kit files, a JSON object in an API body.
 *
 * @example
 * expectedText("int") // "a whole number"
 * expectedText("object", "an object") // "an object"
 */
export function expectedText(expected: string, object = "a mapping (key: value)"): string {
  switch (expected) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
    case "record":
      return object;
    default:
      return expected;
  }
}

function typeFix(expected: string, found: unknown, path: YamlPath): string {
  const key = String(path[path.length - 1] ?? "");
  switch (expected) {
    case "array":
      return typeof found === "string" ? `write it as a list item: "- ${found}" on the line below "${key}:"` : `write one "- item" per line under "${key}:"`;
    case "object":
    case "record":
      return path.length === 0 ? 'write top-level "key: value" lines (see docs/kit.md)' : `write "key: value" lines indented under "${key}:"`;
    case "string":
      return "write text; quote it if it looks like a number, a date or true/false";
    case "boolean":
      return "write true or false";
    default:
      return `write ${expectedText(expected)}`;
  }
}

/**
 * The value at a path of parsed input; undefined where the path leaves it.
 *
 * @example
 * valueAt({ claims: [{ id: "detox" }] }, ["claims", 0, "id"]) // "detox"
 */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** Just enough of zod's internal definition to walk a schema along a path. */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      innerType?: SchemaNode;
      shape?: Record<string, SchemaNode>;
      element?: SchemaNode;
      valueType?: SchemaNode;
      options?: SchemaNode[];
      in?: SchemaNode;
      out?: SchemaNode;
    };
  };
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  while (current) {
    const def: SchemaNode["_zod"]["def"] = current._zod.def;
    if (WRAPPERS.has(def.type)) current = def.innerType;
    // z.preprocess is a pipe from a transform into the schema that has the keys.
    else if (def.type === "pipe") current = def.in?._zod.def.type === "transform" ? def.out : def.in;
    else if (def.type === "union") {
      // For key lookups the mapping branch is the one with keys (`avoid: [term | {term, level}]`).
      const mapping = def.options?.find((o) => unwrap(o)?._zod.def.type === "object");
      return mapping ? unwrap(mapping) : current;
    } else return current;
  }
  return current;
}

function schemaAt(schema: z.ZodType, path: YamlPath): SchemaNode | undefined {
  let node = unwrap(schema as unknown as SchemaNode);
  for (const segment of path) {
    const def = node?._zod.def;
    if (!def) return undefined;
    if (def.type === "object") node = unwrap(def.shape?.[String(segment)]);
    else if (def.type === "array") node = unwrap(def.element);
    else if (def.type === "record") node = unwrap(def.valueType);
    else return undefined;
  }
  return node;
}

function allowedKeys(node: SchemaNode | undefined): string[] {
  const def = node?._zod.def;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
