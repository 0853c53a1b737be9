import { z } from "zod";
import { computeLineStarts, plainTextDocument, type Position, positionAt, type ProseDocument } from "../document/prose-document.ts";
import { type Diagnostic, InputError } from "../errors.ts";
import { formatPath, validateYaml } from "../kit/schema-diagnostics.ts";
import { parseYamlFile, type YamlFile, type YamlPath } from "../kit/yaml-file.ts";

/**
 * A field value: text, a number (a scene's duration, a price: not prose, so not checked), a list
 * of values (`headlines`) or a group of named values (`scenes[0]`).
 */
export type FieldValue = string | number | FieldValue[] | { [key: string]: FieldValue };

/** A field value; `meta` names it for JSON Schema and OpenAPI documents, where it refers to itself. */
export const FieldValueSchema: z.ZodType<FieldValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.array(FieldValueSchema), z.record(z.string(), FieldValueSchema)]))
  .meta({ id: "FieldValue", description: "Text (checked), a number (not prose, not checked), a list of values or an object of named values" });

/** A structured asset's `fields`: field name -> value, possibly empty (StructuredAssetSchema refuses that). */
export const FieldsSchema = z.record(z.string(), FieldValueSchema);

/**
 * A structured asset file (JSON or YAML): the copy lives under `fields`; `channel` and `locale`
 * say where it runs; any other top-level key (id, audience, region, use_case, ...) is metadata.
 *
 * @example
 * // channel: instagram
 * // locale: en-US
 * // id: summer-01
 * // fields:
 * //   headline: Taste the summer
 * //   headlines: [Cool down, Zero sugar]
 * //   scenes:
 * //     - on_screen_text: Fizzwell Zero
 */
export const StructuredAssetSchema = z.looseObject({
  channel: z.string().min(1).nullish(),
  locale: z.string().min(1).nullish(),
  fields: FieldsSchema.refine((fields) => Object.keys(fields).length > 0, { message: "at least one field (headline: ...)" }),
});

/** A structured asset as StructuredAssetSchema gives it. */
export type StructuredAssetValue = z.output<typeof StructuredAssetSchema>;

export interface StructuredAsset {
  channel: string | null;
  locale: string | null;
  /** The copy, as written: what a use case's output rules read. */
  fields: Record<string, FieldValue>;
  /** Top-level keys other than channel, locale and fields, as written. */
  meta: Record<string, unknown>;
  /** One plain-text document per text value under `fields`, in file order. */
  documents: ProseDocument[];
}

/**
 * Parses a JSON or YAML asset. Each text value under `fields` becomes a plain-text ProseDocument
 * whose `field` is its path (`headline`, `headlines[3]`, `scenes[0].on_screen_text`); positions of
 * findings are within that value. Malformed files, a missing or empty `fields` and values that
 * are not text throw an InputError naming the line, the column and the fix.
 *
 * @example
 * const asset = parseStructured('{"channel":"sms","fields":{"body":"Hi!"}}', "json", "a.json");
 * asset.channel               // "sms"
 * asset.documents[0].field    // "body"
 */
export function parseStructured(source: string, kind: "json" | "yaml", path: string): StructuredAsset {
  const yaml = kind === "yaml" ? parseYaml(source, path) : null;
  const value = yaml ? yaml.value : parseJson(source, path);
  const result = StructuredAssetSchema.safeParse(value);
  if (!result.success) {
    // Positions in JSON come from reading it as YAML (JSON is YAML), done only when there is an error.
    const file = yaml ?? parseYamlFile(path, source);
    const problem = shapeProblem(value, file);
    throw inputError(path, problem ? [problem] : validateYaml(StructuredAssetSchema, file, value).diagnostics);
  }
  return structuredAsset(result.data);
}

/**
 * The documents of a structured asset that is a value already, validated by StructuredAssetSchema
 * (or a schema that extends it): an API request's asset, parsed with the request, is not turned
 * back into text to be parsed again.
 *
 * @example
 * structuredAsset({ channel: "sms", fields: { body: "Hi!" } }).documents[0].field // "body"
 */
export function structuredAsset(value: StructuredAssetValue): StructuredAsset {
  const { channel, locale, fields, ...meta } = value;
  const documents: ProseDocument[] = [];
  collect(fields, [], documents);
  return { channel: channel ?? null, locale: locale ?? null, fields, meta, documents };
}

function collect(value: FieldValue, path: YamlPath, out: ProseDocument[]): void {
  if (typeof value === "string") out.push(plainTextDocument(value, formatPath(path)));
  else if (typeof value === "number") return;
  else if (Array.isArray(value)) value.forEach((item, i) => collect(item, [...path, i], out));
  else for (const [key, item] of Object.entries(value)) collect(item, [...path, key], out);
}

/**
 * Problems zod would describe only by the kinds it allows: a file that is not a mapping, and the
 * first value under `fields` that is not text (a number, true/false, an empty value).
 */
function shapeProblem(value: unknown, file: YamlFile): Diagnostic | null {
  if (!isRecord(value)) {
    return {
      level: "error",
      file: file.file,
      line: 1,
      column: 1,
      message: `the asset must be a mapping with a "fields" key; found ${value === null || value === undefined ? "nothing" : Array.isArray(value) ? "a list" : String(value)}`,
      fix: 'write "fields:" and under it one "name: text" line per field (see docs/formats.md)',
    };
  }
  if (!isRecord(value["fields"])) return null;
  const find = (node: unknown, path: YamlPath): YamlPath | null => {
    if (typeof node === "string" || (typeof node === "number" && Number.isFinite(node))) return null;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const found = find(node[i], [...path, i]);
        if (found) return found;
      }
      return null;
    }
    if (isRecord(node)) {
      for (const [key, item] of Object.entries(node)) {
        const found = find(item, [...path, key]);
        if (found) return found;
      }
      return null;
    }
    return path;
  };
  const path = find(value["fields"], ["fields"]);
  if (!path) return null;
  let found: unknown = value;
  for (const segment of path) found = (found as Record<PropertyKey, unknown>)[segment];
  const key = String(path[path.length - 1]);
  const empty = found === null || found === undefined;
  return {
    level: "error",
    file: file.file,
    ...file.positionOf(path),
    message: `${formatPath(path)} must be text; found ${empty ? "an empty value" : String(found)}`,
    fix: empty
      ? `write the text after "${key}:" or remove the key`
      : `put the value in quotes to make it text ("${String(found)}")`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseYaml(source: string, path: string): YamlFile {
  const file = parseYamlFile(path, source);
  if (file.diagnostics.some((d) => d.level === "error")) throw inputError(path, file.diagnostics);
  return file;
}

function parseJson(source: string, path: string): unknown {
  // JSON.parse rejects a byte order mark; editors on Windows write one.
  const skip = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  try {
    return JSON.parse(skip ? source.slice(1) : source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw inputError(path, [
      {
        level: "error",
        file: path,
        ...jsonErrorPosition(source, skip),
        message: `JSON syntax error: ${jsonMessage(message)}`,
        fix: 'quote keys and text with ", separate items with commas, and leave no comma after the last item',
      },
    ]);
  }
}

/** The engine's description without its position or its quote of the input. */
function jsonMessage(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/, ".*" is not valid JSON$/s, "")
    .replace(/^JSON\.parse: | at line \d+ column \d+.*$/gs, "");
}

/**
 * Where JSON.parse gave up. Engines word their messages differently and V8 gives no position for
 * an unexpected token, so the place comes from a small grammar walk of the source instead.
 */
function jsonErrorPosition(source: string, skip: number): Position {
  const lines = { source, lineStarts: computeLineStarts(source) };
  const offset = jsonErrorOffset(source, skip);
  return positionAt(lines, offset === -1 ? source.length : offset);
}

/**
 * Offset of the first character that breaks the JSON grammar (`source.length` when it ends too
 * soon), or -1 for valid JSON.
 *
 * @example
 * jsonErrorOffset('{"a" 1}') // 5
 */
export function jsonErrorOffset(source: string, start = 0): number {
  let p = start;
  const space = () => {
    while (p < source.length && " \t\n\r".includes(source.charAt(p))) p++;
  };
  const string = (): boolean => {
    p++;
    while (p < source.length) {
      const code = source.charCodeAt(p);
      if (code === 34) {
        p++;
        return true;
      }
      if (code < 32) return false;
      if (code === 92) {
        const escape = source.charAt(p + 1);
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(source.slice(p + 2, p + 6))) return false;
          p += 6;
        } else if ('"\\/bfnrt'.includes(escape) && escape !== "") p += 2;
        else {
          p++;
          return false;
        }
      } else p++;
    }
    return false;
  };
  const value = (): boolean => {
    space();
    const c = source.charAt(p);
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      p++;
      space();
      if (source.charAt(p) === close) {
        p++;
        return true;
      }
      for (;;) {
        if (c === "{") {
          space();
          if (source.charAt(p) !== '"' || !string()) return false;
          space();
          if (source.charAt(p) !== ":") return false;
          p++;
        }
        if (!value()) return false;
        space();
        const next = source.charAt(p);
        if (next === close) {
          p++;
          return true;
        }
        if (next !== ",") return false;
        p++;
      }
    }
    if (c === '"') return string();
    const literal = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null/y;
    literal.lastIndex = p;
    const m = literal.exec(source);
    if (!m) return false;
    p += m[0].length;
    return true;
  };
  if (value()) {
    space();
    if (p === source.length) return -1;
  }
  return p;
}

/** One InputError listing every error, one a line: `file: line L, column C: problem (fix)`. */
function inputError(path: string, diagnostics: readonly Diagnostic[]): InputError {
  const errors = diagnostics.filter((d) => d.level === "error");
  const lines = errors.map((d) => {
    const place = d.line > 0 ? `line ${d.line}, column ${d.column}: ` : "";
    return `${place}${d.message}${d.fix ? ` (${d.fix})` : ""}`;
  });
  // InputError names the file once, before the first line; later lines name it themselves.
  return new InputError(path, lines.join(`\n${path}: `) || "the asset is not valid");
}
