import { z } from "@hono/zod-openapi";
import { didYouMean } from "../core/kit/did-you-mean.ts";
import { describeFound, expectedText, formatPath, valueAt } from "../core/kit/schema-diagnostics.ts";
import { type ErrorDetail, validationError } from "./api-error.ts";

type Path = (string | number)[];

/**
 * One detail per bad field of a request body, written for the person sending it: the field's path
 * as the engine writes field paths (`asset.fields.headlines[2]`), what it must be, what was found
 * and, for a misspelt key or option, the likely intended one. An unknown key is reported at its own
 * path.
 *
 * @example
 * validationDetails(Schema, { text: "Hi", min_level: "high" }, error)
 * // [{ path: "min_level", message: 'must be one of suggestion, warning, error; found "high"' }]
 */
export function validationDetails(schema: z.ZodType | null, input: unknown, error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => issueDetails(issue, [], schema, input));
}

type Issue = z.core.$ZodIssue;

function issueDetails(issue: Issue, base: Path, schema: z.ZodType | null, input: unknown): ErrorDetail[] {
  const path = [...base, ...issue.path.filter((segment): segment is string | number => typeof segment !== "symbol")];
  const found = valueAt(input, path);
  const at = (message: string): ErrorDetail[] => [{ path: formatPath(path), message }];
  switch (issue.code) {
    case "invalid_type":
      return at(found === undefined ? `missing; send ${jsonExpected(issue.expected)}` : `must be ${jsonExpected(issue.expected)}; found ${describeFound(found)}`);
    case "unrecognized_keys": {
      const known = schema ? knownKeys(schema, path) : [];
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, known);
        const hint = suggestion ? `; did you mean "${suggestion}"?` : known.length > 0 ? `; the keys here are ${known.join(", ")}` : "";
        return { path: formatPath([...path, key]), message: `unknown key${hint}` };
      });
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const suggestion = typeof found === "string" ? didYouMean(found, values) : undefined;
      return at(`must be one of ${values.join(", ")}; found ${describeFound(found)}${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
    }
    case "invalid_union": {
      // The branch of the kind that was sent (a list inside a list) holds the useful issues; else say which kinds fit.
      const rootType = (issues: readonly Issue[]) => issues.find((i) => i.code === "invalid_type" && i.path.length === 0);
      const matching = issue.errors.filter((issues) => !rootType(issues));
      if (matching.length === 1 && matching[0]) return matching[0].flatMap((inner) => issueDetails(inner, path, schema, input));
      const kinds = issue.errors.map((issues) => {
        const t = rootType(issues);
        return t?.code === "invalid_type" ? jsonExpected(t.expected) : "a valid value";
      });
      return at(`must be ${alternatives(kinds)}; found ${describeFound(found)}`);
    }
    default:
      // Custom checks in the schemas carry messages written for people; zod's own are plain enough.
      return at(issue.message);
  }
}

/** `["text", "a number", "a list"]` -> `text, a number or a list`. */
function alternatives(kinds: string[]): string {
  return kinds.length < 2 ? (kinds[0] ?? "") : `${kinds.slice(0, -1).join(", ")} or ${kinds[kinds.length - 1]}`;
}


/** The keys the object schema at `path` takes, through optional and refined wrappers. */
function knownKeys(schema: z.ZodType, path: Path): string[] {
  let node: unknown = schema;
  for (const segment of [...path, null]) {
    while (node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodDefault) node = node.unwrap();
    if (!(node instanceof z.ZodObject)) return [];
    if (segment === null) return Object.keys(node.shape);
    node = node.shape[String(segment)];
  }
  return [];
}

/**
 * The validation hook of every route: a request that fails its schema becomes a 400
 * `validation_failed` listing each bad field. Give it the route's body schema so that an unknown key
 * can be matched against the keys it takes.
 *
 * @example
 * app.openapi(route, handler, validationHook(CheckRequestSchema));
 * new OpenAPIHono({ defaultHook: validationHook(null) });
 */
export function validationHook(schema: z.ZodType | null) {
  // On failure the validator passes the input as `data`, though its type does not say so. Generic
  // in T so that the route, not this hook, decides the handler's input type.
  return <T>(result: { success: true; data: T } | { success: false; error: z.ZodError }): undefined => {
    if (result.success) return undefined;
    const input = "data" in result ? result.data : undefined;
    throw validationError(validationDetails(schema, input, result.error));
  };
}

/** What a field must be, in JSON words ("an object", not the kit files' "a mapping"). */
function jsonExpected(expected: string): string {
  return expectedText(expected, "an object");
}
