import type { FieldLimit } from "../channels/channel-spec.ts";
import { computeLineStarts, positionAt } from "../document/prose-document.ts";
import { check } from "../engine/check.ts";
import type { Kit } from "../engine/load-kit.ts";
import { assetScore } from "../engine/score.ts";
import { compareFindings, type Finding, type Level, levelRank } from "../findings.ts";
import { didYouMean } from "../kit/did-you-mean.ts";
import { describeFound } from "../kit/schema-diagnostics.ts";
import { describeLimit } from "../prompt/output-contract.ts";
import { BRAND_LENGTH_PREFIX, lengthOverflows, trimmedText } from "../rules/brand-length/index.ts";
import type { Target, UseCase } from "./library.ts";
import { countRange, type ResolvedField, resolveOutputFields } from "./output-fields.ts";

/** Rule ids of the findings about the output's shape, as opposed to its copy. */
export const OUTPUT_RULES = {
  missing: "Output.Missing",
  unknown: "Output.Unknown",
  type: "Output.Type",
  count: "Output.Count",
  range: "Output.Range",
  length: "Output.Length",
} as const;

export interface OutputCheck {
  /** The engine's findings on the asset and the shape findings, field by field in the use case's order. */
  findings: Finding[];
  /** The structured asset as JSON text: `{channel, locale, use_case, fields}`, what `onbrand check` reads. */
  asset: string;
  /** The brand score (0-100, docs/scoring.md) of every finding above, shape findings included. */
  score: number;
}

export interface CheckOutputOptions {
  /** Findings below this level are left out, shape findings too, and do not count in the score (default: onbrand.yaml `min_level`). */
  minLevel?: Level;
  /** The copy's own locale, over the target region's (a stored asset names its locale). */
  locale?: string | null;
}

type UseCaseOutput = Pick<UseCase, "id" | "output">;

/**
 * Checks a use case's output (what a model wrote, or an example or test of the library) on a
 * target. The output becomes a structured asset on the target's channel and locale, which the
 * engine checks like any other; then its shape is checked against the use case's fields:
 * Output.Missing (a required field is absent or blank), Output.Unknown (a field the use case does
 * not define; warning), Output.Type (text, number, list or group where another was expected),
 * Output.Count (a list with too few or too many items), Output.Range (a number outside min/max)
 * and Output.Length (over a limit the use case sets; such a field's Brand.Length finding is
 * dropped, as the use case's limit replaces the channel's). Values that are not text, numbers,
 * lists or mappings (null, true) are left out of the asset.
 *
 * @example
 * const { target } = resolveTarget(kit, useCase, { channel: "email" });
 * const { findings, asset } = checkOutput(kit, useCase, target, { subject: "Hi", body: "Cure your thirst." });
 * findings.map((f) => `${f.field} ${f.rule}`) // ["body Brand.Claims.medical"]
 */
export function checkOutput(
  kit: Kit,
  useCase: UseCaseOutput,
  target: Target,
  output: Readonly<Record<string, unknown>>,
  options: CheckOutputOptions = {},
): OutputCheck {
  // As the engine does: copy with no channel runs on onbrand.yaml's, whose limits the use case's may replace.
  const channel = target.channel?.id ?? kit.config.channel ?? null;
  const locale = options.locale ?? target.region?.locale ?? kit.brand.locale ?? null;
  const fields = assetFields(output);
  const asset = JSON.stringify({ channel, locale, use_case: useCase.id, fields }, null, 2);

  const resolved = resolveOutputFields(kit.channels, useCase.output.fields, channel);
  const overridden = new Set(overriddenPaths(resolved, kit, channel));
  let engine: Finding[] = [];
  let words = 0;
  if (Object.keys(fields).length > 0) {
    const checkOptions = options.minLevel === undefined ? {} : { minLevel: options.minLevel };
    ({ findings: engine, words } = check(kit, { path: `${useCase.id}.json`, content: asset, format: "json" }, checkOptions));
  }
  const byField = new Map<string, Finding[]>();
  for (const finding of engine) {
    const field = finding.field ?? "";
    if (finding.rule.startsWith(BRAND_LENGTH_PREFIX) && overridden.has(fieldPath(field))) continue;
    const list = byField.get(field);
    if (list) list.push(finding);
    else byField.set(field, [finding]);
  }

  const walker = new ShapeWalker(byField, locale);
  walker.fields(resolved, output, "");
  // Engine findings of fields the walk never reached (inside unknown fields) still count.
  for (const rest of byField.values()) walker.findings.push(...rest);
  const minRank = levelRank(options.minLevel ?? kit.config.min_level ?? "suggestion");
  const findings = walker.findings.filter((f) => levelRank(f.level) >= minRank);
  return { findings, asset, score: assetScore(findings, words, kit.config.score) };
}

/** Paths (`headlines`, `scenes.on_screen_text`) whose limit the use case sets over a channel limit. */
function overriddenPaths(resolved: readonly ResolvedField[], kit: Kit, channel: string | null): string[] {
  const channelFields = channel !== null && Object.hasOwn(kit.channels, channel) ? (kit.channels[channel]?.fields ?? {}) : {};
  return resolved.flatMap((field): string[] => {
    if (field.fields.length > 0) return overriddenPaths(field.fields, kit, channel);
    return field.limitSource === "use-case" && Object.hasOwn(channelFields, field.spec.name) ? [field.path] : [];
  });
}

/** `scenes[1].on_screen_text` -> `scenes.on_screen_text`: a finding's field as a ResolvedField path. */
function fieldPath(field: string): string {
  return field.replace(/\[[^\]]*\]/g, "");
}

class ShapeWalker {
  readonly findings: Finding[] = [];
  private readonly byField: Map<string, Finding[]>;
  private readonly locale: string | null;

  constructor(byField: Map<string, Finding[]>, locale: string | null) {
    this.byField = byField;
    this.locale = locale;
  }

  fields(resolved: readonly ResolvedField[], value: Readonly<Record<string, unknown>>, prefix: string): void {
    const join = (name: string): string => (prefix ? `${prefix}.${name}` : name);
    for (const field of resolved) {
      const name = field.spec.name;
      const path = join(name);
      const item = Object.hasOwn(value, name) ? value[name] : undefined;
      const range = countRange(field.spec);
      const absent = item === undefined || item === null || (range !== null && Array.isArray(item) && item.length === 0 && !field.spec.required);
      if (absent) {
        if (field.spec.required) this.shape(OUTPUT_RULES.missing, "error", path, `${path} is missing; the use case requires it`, whole(""));
        continue;
      }
      if (range === null) {
        if (Array.isArray(item)) this.shape(OUTPUT_RULES.type, "error", path, `${path} must be ${kindOf(field)}; found a list`, whole(""));
        else this.value(field, item, path);
        continue;
      }
      if (!Array.isArray(item)) {
        this.shape(OUTPUT_RULES.type, "error", path, `${path} must be a list of ${kindOf(field, true)}; found ${describeFound(item)}`, spanOf(item));
        continue;
      }
      if (item.length < range.min) {
        const want = range.min === range.max ? `${range.min}` : `at least ${range.min}`;
        this.shape(OUTPUT_RULES.count, "error", path, `${path} has ${items(item.length)}; the use case asks for ${want} (add ${range.min - item.length})`, whole(""));
      }
      item.forEach((entry: unknown, i) => {
        if (i === range.max) {
          const want = range.min === range.max ? `${range.max}` : `at most ${range.max}`;
          this.shape(OUTPUT_RULES.count, "error", `${path}[${i}]`, `${path} has ${items(item.length)}; the use case asks for ${want} (remove ${item.length - range.max})`, whole(""));
        }
        this.value(field, entry, `${path}[${i}]`);
      });
    }
    const names = resolved.map((f) => f.spec.name);
    for (const key of Object.keys(value)) {
      if (names.includes(key)) continue;
      const suggestion = didYouMean(key, names);
      const path = join(key);
      const message = `${path} is not a field of the use case${suggestion ? `; did you mean "${suggestion}"?` : `; its fields are ${names.join(", ")}`}`;
      this.shape(OUTPUT_RULES.unknown, "warning", path, message, whole(""), suggestion ? [suggestion] : []);
      this.flush(path, true);
    }
  }

  private value(field: ResolvedField, value: unknown, path: string): void {
    if (field.fields.length > 0) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        this.shape(OUTPUT_RULES.type, "error", path, `${path} must be ${kindOf(field)}; found ${describeFound(value)}`, spanOf(value));
      } else this.fields(field.fields, value as Record<string, unknown>, path);
      return;
    }
    if (field.spec.type === "number") {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        const fix = typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? `; write it without quotes: ${Number(value)}` : "";
        this.shape(OUTPUT_RULES.type, "error", path, `${path} must be a number; found ${describeFound(value)}${fix}`, spanOf(value));
        return;
      }
      const { min, max } = field.spec;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        const bounds = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${String(max)}`;
        this.shape(OUTPUT_RULES.range, "error", path, `${path} is ${value}; the use case asks for ${bounds}`, spanOf(value));
      }
      return;
    }
    if (typeof value !== "string") {
      const hint = typeof value === "number" ? `; write it as text: "${value}"` : "";
      this.shape(OUTPUT_RULES.type, "error", path, `${path} must be text; found ${describeFound(value)}${hint}`, spanOf(value));
      return;
    }
    if (value.trim() === "") {
      if (field.spec.required) this.shape(OUTPUT_RULES.missing, "error", path, `${path} is empty; the use case requires it`, whole(value));
    } else if (field.limitSource === "use-case" && field.limit) {
      this.length(field.limit, value, path, field.spec.name);
    }
    this.flush(path, false);
  }

  /** Output.Length at the first unit over the limit, like Brand.Length: the count, the limit and how much to cut. */
  private length(limit: FieldLimit, value: string, path: string, name: string): void {
    const { start, text } = trimmedText(value);
    const label = limit.label ?? name.replaceAll("_", " ");
    for (const over of lengthOverflows(text, limit, label, "the use case's limit", this.locale)) {
      this.shape(OUTPUT_RULES.length, "error", path, over.message, spanIn(value, start + over.at, start + text.length));
    }
  }

  private shape(rule: string, level: Level, field: string, message: string, span: Span, suggestions: string[] = []): void {
    this.findings.push({ rule, level, message, ...span, field, suggestions });
  }

  /** Moves the engine's findings of `path` (and, for an unknown field, of everything under it) after the shape findings so far. */
  private flush(path: string, nested: boolean): void {
    const start = this.findings.findIndex((f) => f.field === path);
    const engine: Finding[] = [];
    for (const [field, list] of this.byField) {
      if (field === path || (nested && (field.startsWith(`${path}.`) || field.startsWith(`${path}[`)))) {
        engine.push(...list);
        this.byField.delete(field);
      }
    }
    if (engine.length === 0) return;
    if (start === -1 || nested) {
      this.findings.push(...engine);
      return;
    }
    // The shape findings of a text value are the last ones pushed: merge them with the engine's in reading order.
    this.findings.push(...this.findings.splice(start).concat(engine).sort(compareFindings));
  }
}

interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  match: string;
}

/** The whole of a one-line value, 1:1 to its end; an empty span for a list, a group or an absent value. */
function whole(text: string): Span {
  return spanIn(text, 0, text.length);
}

function spanOf(value: unknown): Span {
  return typeof value === "string" || typeof value === "number" ? whole(String(value)) : whole("");
}

function spanIn(text: string, start: number, end: number): Span {
  const lines = { source: text, lineStarts: computeLineStarts(text) };
  const from = positionAt(lines, start);
  const to = positionAt(lines, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, match: text.slice(start, end) };
}

function kindOf(field: ResolvedField, plural = false): string {
  if (field.fields.length > 0) return plural ? `groups (${field.fields.map((f) => f.spec.name).join(", ")})` : `a group of ${field.fields.map((f) => f.spec.name).join(", ")}`;
  if (field.spec.type === "number") return plural ? "numbers" : "a number";
  return plural ? "texts" : "one text";
}

function items(n: number): string {
  return `${n} item${n === 1 ? "" : "s"}`;
}

type AssetValue = string | number | AssetValue[] | { [key: string]: AssetValue };

/** The output as asset fields: text, numbers, lists and mappings; anything else (null, true) is left out. */
function assetFields(output: Readonly<Record<string, unknown>>): Record<string, AssetValue> {
  const fields: Record<string, AssetValue> = {};
  for (const [key, value] of Object.entries(output)) {
    const kept = assetValue(value);
    if (kept !== undefined) fields[key] = kept;
  }
  return fields;
}

function assetValue(value: unknown): AssetValue | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map(assetValue).filter((v) => v !== undefined);
  if (typeof value === "object" && value !== null) return assetFields(value as Record<string, unknown>);
  return undefined;
}

/**
 * The JSON Schema (draft 2020-12) of an output of the use case on a channel: `{fields: {...}}`
 * with each field's type, item counts, number bounds and, where the limit counts characters as
 * graphemes or code points, `maxLength`; every limit is also in the field's description, for
 * providers that ignore keywords. Used for providers' structured output.
 *
 * @example
 * outputJsonSchema(kit, useCase, "email").properties.fields.properties.subject
 * // { type: "string", description: "The subject line. At most 60 characters.", maxLength: 60 }
 */
export function outputJsonSchema(kit: Pick<Kit, "channels">, useCase: Pick<UseCase, "name" | "output">, channel: string | null): Record<string, unknown> {
  const resolved = resolveOutputFields(kit.channels, useCase.output.fields, channel);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: useCase.name,
    type: "object",
    properties: { fields: groupSchema(resolved) },
    required: ["fields"],
    additionalProperties: false,
  };
}

function groupSchema(fields: readonly ResolvedField[], description?: string): Record<string, unknown> {
  return {
    type: "object",
    ...(description ? { description } : {}),
    properties: Object.fromEntries(fields.map((field) => [field.spec.name, fieldSchema(field)])),
    required: fields.filter((f) => f.spec.required).map((f) => f.spec.name),
    additionalProperties: false,
  };
}

function fieldSchema(field: ResolvedField): Record<string, unknown> {
  const range = countRange(field.spec);
  const phrase = limitPhrase(field);
  const own = field.spec.description?.trim();
  if (!range) return valueSchema(field, [own, phrase && `${capitalize(phrase)}.`].filter(Boolean).join(" "));
  const count = range.min === range.max ? `Exactly ${range.min} items.` : `${range.min} to ${range.max} items.`;
  return {
    type: "array",
    description: [own, count, phrase && `Each ${phrase}.`].filter(Boolean).join(" "),
    items: valueSchema(field, ""),
    minItems: range.min,
    maxItems: range.max,
  };
}

function valueSchema(field: ResolvedField, description: string): Record<string, unknown> {
  const described = description ? { description } : {};
  if (field.fields.length > 0) return groupSchema(field.fields, description);
  if (field.spec.type === "number") {
    return {
      type: "number",
      ...described,
      ...(field.spec.min !== undefined ? { minimum: field.spec.min } : {}),
      ...(field.spec.max !== undefined ? { maximum: field.spec.max } : {}),
    };
  }
  const limit = field.limit;
  const counting = limit?.counting ?? "graphemes";
  // JSON Schema counts code points; for graphemes that is the same or stricter, never looser.
  const maxLength = limit?.max_chars !== undefined && (counting === "graphemes" || counting === "code-points") ? { maxLength: limit.max_chars } : {};
  return { type: "string", ...described, ...maxLength };
}

/** The limit in words, as the prompt says it: "between 1 and 10", "at most 30 characters (double-width characters count 2)". */
function limitPhrase(field: ResolvedField): string {
  if (field.fields.length > 0) return "";
  if (field.spec.type === "number") {
    const { min, max } = field.spec;
    if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
    if (min !== undefined) return `at least ${min}`;
    return max !== undefined ? `at most ${max}` : "";
  }
  if (!field.limit) return "";
  const { text, note } = describeLimit(field.limit);
  return `${text}${note}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
