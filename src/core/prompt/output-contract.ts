import { type ChannelSpec, type FieldLimit, SMS_CAPACITY, TWITTER_CONFIG } from "../channels/index.ts";
import { collapseWhitespace } from "../kit/phrase-text.ts";
import { countRange, leafFields, resolveOutputFields } from "../library/output-fields.ts";
import type { OutputFieldSpec } from "../library/usecase-schema.ts";

/** A channel a use case runs on, as the prompt names it. */
interface ChannelName {
  id: string;
  name: string;
}

/**
 * The output fields of a use case as prompt lines: shape, count, description and the limit of
 * each text field on every channel of the use case (one list item per field, sub-fields indented).
 * A use case that names no channels gets only the limits it sets itself, since the prompt must
 * read the same for every target.
 *
 * @example
 * outputFieldLines(kit.channels, ["google-rsa"], useCase.output.fields)[0]
 * // "- headlines: list of exactly 15 texts; each at most 30 characters on Google RSA (double-width characters count 2). ..."
 */
export function outputFieldLines(
  channels: Readonly<Record<string, ChannelSpec>>,
  channelIds: readonly string[],
  fields: readonly OutputFieldSpec[],
): string[] {
  const named: ChannelName[] = channelIds.map((id) => ({ id, name: channels[id]?.name ?? id }));
  const limits = new Map<string, { channel: string | null; limit: FieldLimit }[]>();
  const add = (channel: string | null, id: string | null) => {
    for (const leaf of leafFields(resolveOutputFields(channels, fields, id))) {
      if (!leaf.limit) continue;
      const list = limits.get(leaf.path) ?? [];
      list.push({ channel, limit: leaf.limit });
      limits.set(leaf.path, list);
    }
  };
  if (named.length === 0) add(null, null);
  for (const channel of named) add(channel.name, channel.id);
  return fieldLines(fields, "", "", limits);
}

function fieldLines(
  fields: readonly OutputFieldSpec[],
  parent: string,
  indent: string,
  limits: ReadonlyMap<string, { channel: string | null; limit: FieldLimit }[]>,
): string[] {
  const lines: string[] = [];
  for (const field of fields) {
    const path = parent ? `${parent}.${field.name}` : field.name;
    const range = countRange(field);
    const parts = [shape(field, range)];
    const fieldLimits = limits.get(path) ?? [];
    const each = range ? "each " : "";
    for (const group of groupByText(fieldLimits)) parts.push(`${each}${group}`);
    const description = field.description ? ` ${sentence(collapseWhitespace(field.description))}` : "";
    const sub = field.fields ? (range ? " Fields of each:" : " Its fields:") : "";
    lines.push(`${indent}- ${field.name}${field.required ? "" : " (optional)"}: ${parts.join("; ")}.${description}${sub}`);
    if (field.fields) lines.push(...fieldLines(field.fields, path, `${indent}  `, limits));
  }
  return lines;
}

/** "text", "list of exactly 15 texts", "number between 2 and 10", "list of between 3 and 6 objects". */
function shape(field: OutputFieldSpec, range: { min: number; max: number } | null): string {
  const kind = field.fields ? "object" : field.type === "number" ? "number" : "text";
  const bounds = field.fields || field.type !== "number" ? "" : numberBounds(field.min, field.max);
  if (!range) return `${kind}${bounds}`;
  const count = range.min === range.max ? `exactly ${range.min}` : `between ${range.min} and ${range.max}`;
  return `list of ${count} ${kind}s${bounds}`;
}

function numberBounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return "";
}

/** One text per distinct limit, naming every channel that has it: "at most 40 characters on push notification and email". */
function groupByText(limits: readonly { channel: string | null; limit: FieldLimit }[]): string[] {
  const byText = new Map<string, { channels: string[]; note: string }>();
  for (const { channel, limit } of limits) {
    const { text, note } = describeLimit(limit);
    const key = `${text}\u0000${note}`;
    const entry = byText.get(key) ?? { channels: [], note };
    if (channel !== null) entry.channels.push(channel);
    byText.set(key, entry);
  }
  return [...byText].map(([key, { channels, note }]) => {
    const text = key.slice(0, key.indexOf("\u0000"));
    return `${text}${channels.length > 0 ? ` on ${joinAnd(channels)}` : ""}${note}`;
  });
}

/**
 * A limit in words, and the note on how it is counted: `{ text: "at most 30 characters",
 * note: " (double-width characters count 2)" }`. The note follows the channel name.
 */
export function describeLimit(limit: FieldLimit): { text: string; note: string } {
  const counting = limit.counting ?? "graphemes";
  const parts: string[] = [];
  if (counting === "sms") {
    const segments = limit.max_segments ?? 1;
    const gsm = segments === 1 ? SMS_CAPACITY["GSM-7"].single : SMS_CAPACITY["GSM-7"].multi * segments;
    const ucs = segments === 1 ? SMS_CAPACITY["UCS-2"].single : SMS_CAPACITY["UCS-2"].multi * segments;
    parts.push(
      `fits in ${segments} SMS segment${segments === 1 ? "" : "s"} (${gsm} GSM-7 characters, ${ucs} with emoji or other non-GSM characters)`,
    );
  }
  if (limit.max_chars !== undefined) parts.push(`at most ${limit.max_chars} ${CHARACTER_UNITS[counting]}`);
  if (limit.max_words !== undefined) parts.push(`at most ${limit.max_words} words`);
  const note =
    limit.max_chars === undefined
      ? ""
      : counting === "double-width"
        ? " (double-width characters count 2)"
        : counting === "twitter"
          ? ` (X's weighted count: every link counts ${TWITTER_CONFIG.transformedUrlLength}, each emoji and CJK character counts 2)`
          : counting === "utf16"
            ? " (an emoji counts 2 or more)"
            : "";
  return { text: parts.join(" and "), note };
}

const CHARACTER_UNITS: Readonly<Record<NonNullable<FieldLimit["counting"]>, string>> = {
  graphemes: "characters",
  "double-width": "characters",
  twitter: "characters",
  "code-points": "Unicode code points",
  utf16: "UTF-16 code units",
  sms: "GSM-7 characters",
};

/** The shape of the reply with placeholders: `{"fields": {"subject": "...", "headlines": ["...", ...]}}`. */
export function outputShape(fields: readonly OutputFieldSpec[]): string {
  return `{"fields": ${objectShape(fields)}}`;
}

function objectShape(fields: readonly OutputFieldSpec[]): string {
  return `{${fields.map((f) => `${JSON.stringify(f.name)}: ${valueShape(f)}`).join(", ")}}`;
}

function valueShape(field: OutputFieldSpec): string {
  const one = field.fields ? objectShape(field.fields) : field.type === "number" ? "0" : '"..."';
  return field.count === undefined ? one : `[${one}, ...]`;
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The text with a final full stop unless it already ends a sentence. */
export function sentence(text: string): string {
  return /[.!?:)"'”]$/.test(text) || text === "" ? text : `${text}.`;
}
