import type { ChannelSpec, FieldLimit } from "../../channels/channel-spec.ts";
import { type Counting, countLength, overflowOffset, unitName, wordUnits } from "../../channels/counting.ts";
import { SMS_CAPACITY, smsOverflowOffset, smsSegments } from "../../channels/sms.ts";
import type { ProseDocument } from "../../document/prose-document.ts";
import { type KitSource, sourcePlace } from "../../kit/kit-source.ts";
import type { Rule, RuleContext } from "../rule.ts";

export const BRAND_LENGTH_PREFIX = "Brand.Length.";

/** The field a whole-document asset (plain text, Markdown) is checked against. */
export const BODY_FIELD = "body";

/** Where the kit's own channels were read from, so their rules can point at brand.yaml. */
export interface LengthRuleSource {
  kit: KitSource;
  /** The `channels` section as the kit wrote it (before merging the defaults). */
  channels: Readonly<Record<string, ChannelSpec>>;
}

/**
 * One rule per field of every channel: `Brand.Length.<channel>.<field>`, type `brand.length`.
 * A rule checks the documents of assets on its channel whose field is its field: the field name
 * with list indices and parents dropped (`ads[0].headlines[3]` is `headlines`), or `body` for a
 * whole-document asset. The text counted is the field's text as written, without surrounding
 * white space (and, for a whole document, without its front matter).
 *
 * A rule for a field the kit writes itself carries `meta.source` (its place in brand.yaml) when
 * `source` is given; a field that only the defaults define has none.
 *
 * @example
 * const rules = compileLengthRules(mergeChannels(DEFAULT_CHANNELS, brand.channels));
 * // rules[0].meta.id === "Brand.Length.google-rsa.headlines"
 */
export function compileLengthRules(channels: Readonly<Record<string, ChannelSpec>>, source?: LengthRuleSource): Rule[] {
  const rules: Rule[] = [];
  for (const [channel, spec] of Object.entries(channels)) {
    for (const [field, limit] of Object.entries(spec.fields ?? {})) {
      const rule = lengthRule(channel, spec.name ?? channel, field, limit);
      if (source?.channels[channel]?.fields?.[field] !== undefined) {
        const place = sourcePlace(source.kit, ["channels", channel, "fields", field]);
        if (place) rule.meta.source = place;
      }
      rules.push(rule);
    }
  }
  return rules;
}

/** The channel field a document belongs to: `headlines` for `headlines[3]` or `ad.headlines[3]`. */
export function fieldKey(field: string | null): string {
  if (field === null) return BODY_FIELD;
  const withoutIndices = field.replace(/\[[^\]]*\]/g, "");
  return withoutIndices.slice(withoutIndices.lastIndexOf(".") + 1);
}

function lengthRule(channel: string, channelName: string, field: string, limit: FieldLimit): Rule {
  const counting: Counting = limit.counting ?? "graphemes";
  const label = limit.label ?? field.replaceAll("_", " ");
  const subject = `the ${channelName} ${label} limit`;
  return {
    meta: {
      id: `${BRAND_LENGTH_PREFIX}${channel}.${field}`,
      type: "brand.length",
      level: limit.level ?? "error",
      description: describe(channelName, label, limit, counting),
      scope: { include: ["raw"], exclude: [] },
    },
    check(ctx: RuleContext): void {
      if (ctx.asset.channel !== channel || fieldKey(ctx.doc.field) !== field) return;
      const { start, text } = countedText(ctx.doc);
      if (text.length === 0) return;
      for (const over of lengthOverflows(text, limit, label, subject, ctx.asset.locale)) {
        ctx.report({ start: start + over.at, end: start + text.length, message: over.message });
      }
    },
  };
}

/** Where a text first goes over a limit, and the message saying by how much. */
export interface LengthOverflow {
  /** Offset in `text` of the first unit over the limit. */
  at: number;
  message: string;
}

/**
 * Every way `text` (already trimmed) goes over `limit`: SMS segments, characters counted the
 * limit's way, words. Messages read "<label> is 35 characters; <subject> is 30 (cut 5)". Shared by
 * the channel rules and the use-case output check, so both count and word the same.
 *
 * @example
 * lengthOverflows("Sparkling botanical drinks for you", { max_chars: 30 }, "headline", "the use case's limit", null)[0]
 * // { at: 30, message: "headline is 34 characters; the use case's limit is 30 (cut 4)" }
 */
export function lengthOverflows(text: string, limit: FieldLimit, label: string, subject: string, locale: string | null): LengthOverflow[] {
  const counting: Counting = limit.counting ?? "graphemes";
  const out: LengthOverflow[] = [];
  if (counting === "sms") {
    const maxSegments = limit.max_segments ?? 1;
    const at = smsOverflowOffset(text, maxSegments);
    if (at !== null) out.push({ at, message: smsMessage(label, smsSegments(text), maxSegments) });
  }
  if (limit.max_chars !== undefined) {
    const at = overflowOffset(text, counting, limit.max_chars);
    if (at !== null) {
      const { count, unit } = countLength(text, counting);
      const how = countingNote(text, counting, count);
      out.push({ at, message: `${label} is ${fmt(count)} ${unit}${how}; ${subject} is ${fmt(limit.max_chars)} (cut ${fmt(count - limit.max_chars)})` });
    }
  }
  if (limit.max_words !== undefined) {
    const words = wordUnits(text, locale);
    const over = words[limit.max_words];
    if (over) {
      const count = words.length;
      out.push({ at: over.start, message: `${label} is ${fmt(count)} words; ${subject} is ${fmt(limit.max_words)} words (cut ${fmt(count - limit.max_words)})` });
    }
  }
  return out;
}

/** `text` without surrounding white space, and where what is left starts. */
export function trimmedText(source: string, from = 0): { start: number; text: string } {
  let to = source.length;
  while (from < to && /\s/.test(source[from] as string)) from++;
  while (to > from && /\s/.test(source[to - 1] as string)) to--;
  return { start: from, text: source.slice(from, to) };
}

// YAML front matter as Markdown tools read it: `---` on the first line, closed by `---` or `...`.
const FRONT_MATTER = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * The text a platform would receive: the source as written, minus surrounding white space (a
 * file's final newline is not part of the SMS) and a whole document's front matter.
 */
function countedText(doc: ProseDocument): { start: number; text: string } {
  return trimmedText(doc.source, doc.field === null ? (FRONT_MATTER.exec(doc.source)?.[0].length ?? 0) : 0);
}

function smsMessage(label: string, sms: ReturnType<typeof smsSegments>, maxSegments: number): string {
  const capacity = SMS_CAPACITY[sms.encoding];
  const units = sms.encoding === "GSM-7" ? "septets" : "code units";
  const fit = maxSegments <= 1 ? `${capacity.single} fit in one` : `${capacity.multi} fit in each part of a longer message`;
  const limit = `${maxSegments} segment${maxSegments === 1 ? "" : "s"}`;
  const why = sms.nonGsm ? `; "${sms.nonGsm.char}" is not in GSM-7 and forces UCS-2` : "";
  return `${label} needs ${sms.segments} SMS segments as ${sms.encoding} (${fmt(sms.units)} ${units}; ${fit}); the limit is ${limit}${why}`;
}

/** Says how the count differs from plain characters, when it does. */
function countingNote(text: string, counting: Counting, count: number): string {
  if (counting !== "twitter" && counting !== "double-width") return "";
  if (count === countLength(text, "graphemes").count) return "";
  return counting === "twitter"
    ? " as X counts them (links 23, emoji and CJK characters 2)"
    : " with double-width characters counted as 2";
}

function describe(channelName: string, label: string, limit: FieldLimit, counting: Counting): string {
  const parts: string[] = [];
  if (counting === "sms") {
    const max = limit.max_segments ?? 1;
    parts.push(`${max} SMS segment${max === 1 ? "" : "s"}`);
  }
  if (limit.max_chars !== undefined) {
    const note = counting === "twitter" ? " as X counts them" : counting === "double-width" ? " (double-width count 2)" : "";
    parts.push(`${fmt(limit.max_chars)} ${unitName(counting)}${note}`);
  }
  if (limit.max_words !== undefined) parts.push(`${fmt(limit.max_words)} words`);
  return `${channelName} ${label}: at most ${parts.join(" and ") || "no limit set"}`;
}

let numberFormat: Intl.NumberFormat | undefined;
function fmt(n: number): string {
  // Below 1,000 a whole number has no separator, and String() is many times quicker than Intl.
  if (Number.isInteger(n) && n > -1000 && n < 1000 && !Object.is(n, -0)) return String(n);
  // Made on first use: the first Intl.NumberFormat costs ~10 ms, more than a one-file check.
  return (numberFormat ??= new Intl.NumberFormat("en-US")).format(n);
}
