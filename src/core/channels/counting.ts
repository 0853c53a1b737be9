import { isWideCodePoint } from "./east-asian-width.ts";
import { type SmsEncoding, smsSegments, smsUnits } from "./sms.ts";
import { twitterUnits } from "./twitter.ts";

/**
 * How a platform counts the length of a text:
 * - `graphemes`: user-perceived characters (Intl.Segmenter), so "👍🏽" and "é" are 1. The default.
 * - `code-points`: Unicode code points ("👍🏽" is 2).
 * - `utf16`: UTF-16 code units, what JavaScript's `length` and many web forms count ("👍🏽" is 4).
 * - `twitter`: X's weighted length (URLs 23, emoji and CJK 2; see twitter.ts).
 * - `sms`: GSM-7 septets, or UCS-2 code units once a character is outside GSM-7 (see sms.ts).
 * - `double-width`: characters, with East Asian wide and fullwidth ones counted 2 (Google Ads).
 */
export const COUNTINGS = ["graphemes", "code-points", "utf16", "twitter", "sms", "double-width"] as const;
export type Counting = (typeof COUNTINGS)[number];

export function isCounting(value: unknown): value is Counting {
  return typeof value === "string" && (COUNTINGS as readonly string[]).includes(value);
}

export interface LengthCount {
  count: number;
  /** What `count` counts, for messages: "characters", "septets", "UCS-2 code units", ... */
  unit: string;
  /** SMS only. */
  encoding?: SmsEncoding;
  /** SMS only: parts the message is sent as. */
  segments?: number;
  /** SMS only: units one part holds (160/70 alone, 153/67 in a longer message). */
  perSegment?: number;
}

/** A piece of the text that counts as a whole (a character, a URL on X) and its weight. */
export interface LengthUnit {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  weight: number;
}

/**
 * Length of `text` as the platform counts it.
 *
 * @example
 * countLength("Café ☕")              // { count: 6, unit: "characters" }
 * countLength("日本", "double-width") // { count: 4, unit: "characters" }
 * countLength("€5 off", "sms")       // { count: 7, unit: "septets", encoding: "GSM-7", segments: 1, perSegment: 160 }
 */
export function countLength(text: string, counting: Counting = "graphemes"): LengthCount {
  if (counting === "sms") {
    const sms = smsSegments(text);
    return {
      count: sms.units,
      unit: unitName("sms", sms.encoding),
      encoding: sms.encoding,
      segments: sms.segments,
      perSegment: sms.perSegment,
    };
  }
  if (counting === "code-points") {
    let count = 0;
    for (const _ of text) count++;
    return { count, unit: unitName(counting) };
  }
  if (counting === "utf16") return { count: text.length, unit: unitName(counting) };
  let count = 0;
  for (const unit of lengthUnits(text, counting)) count += unit.weight;
  return { count, unit: unitName(counting) };
}

/** The name of what a counting counts, as messages say it. */
export function unitName(counting: Counting, encoding?: SmsEncoding): string {
  switch (counting) {
    case "graphemes":
    case "twitter":
    case "double-width":
      return "characters";
    case "code-points":
      return "code points";
    case "utf16":
      return "UTF-16 code units";
    case "sms":
      return encoding === "UCS-2" ? "UCS-2 code units" : "septets";
  }
}

/** The text as the counting sees it: the pieces that count, in order, with their weights. */
export function lengthUnits(text: string, counting: Counting): LengthUnit[] {
  switch (counting) {
    case "graphemes":
      return graphemeUnits(text, () => 1);
    case "double-width":
      return graphemeUnits(text, (cluster) => (isWideCodePoint(cluster.codePointAt(0) as number) ? 2 : 1));
    case "code-points": {
      const units: LengthUnit[] = [];
      let at = 0;
      for (const char of text) {
        units.push({ start: at, end: at + char.length, weight: 1 });
        at += char.length;
      }
      return units;
    }
    case "utf16":
      return Array.from({ length: text.length }, (_, i) => ({ start: i, end: i + 1, weight: 1 }));
    case "twitter":
      return twitterUnits(text);
    case "sms":
      return smsUnits(text).units;
  }
}

/**
 * UTF-16 offset of the first unit that takes the count past `max`, or null when the text fits.
 * For `sms` this is about units (septets or code units), not segments; see smsOverflowOffset.
 */
export function overflowOffset(text: string, counting: Counting, max: number): number | null {
  // Each of these units is at least one UTF-16 code unit and weighs 1: a text that short fits.
  if ((counting === "graphemes" || counting === "code-points" || counting === "utf16") && text.length <= max) return null;
  let used = 0;
  for (const unit of lengthUnits(text, counting)) {
    used += unit.weight;
    if (used > max) return unit.start;
  }
  return null;
}

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\x00-\x7f]*$/;

function graphemeUnits(text: string, weigh: (cluster: string) => number): LengthUnit[] {
  const units: LengthUnit[] = [];
  if (ASCII_ONLY.test(text)) {
    // In ASCII every character is a cluster of its own, except CR LF (UAX #29 GB3-GB5), so the
    // segmenter is not needed for most copy.
    for (let i = 0; i < text.length; i++) {
      const end = text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
      units.push({ start: i, end, weight: weigh(end === i + 1 ? (text[i] as string) : "\r\n") });
      i = end - 1;
    }
    return units;
  }
  for (const { segment, index } of segmenter("grapheme").segment(text)) {
    units.push({ start: index, end: index + segment.length, weight: weigh(segment) });
  }
  return units;
}

/** The words of `text` (Intl.Segmenter word boundaries, so "don't" is one word and 日本語 is split by dictionary). */
export function wordUnits(text: string, locale?: string | null): LengthUnit[] {
  const units: LengthUnit[] = [];
  // An ASCII white space followed by any other ASCII character is always a word boundary (UAX #29:
  // no rule joins them), so each piece between such places is segmented on its own, and the
  // pieces that are plain ASCII words (most of them) need no segmenter at all.
  // Consecutive pieces that need the segmenter go to it together, in one call: for non-English copy
  // most pieces do, and one call per word would cost more than the whole text in one.
  let from = 0;
  let pending = -1;
  const flush = (to: number): void => {
    if (pending === -1) return;
    for (const { segment, index, isWordLike } of segmenter("word", locale).segment(text.slice(pending, to))) {
      if (isWordLike) units.push({ start: pending + index, end: pending + index + segment.length, weight: 1 });
    }
    pending = -1;
  };
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && !(isAsciiSpace(text.charCodeAt(i - 1)) && isAsciiNonSpace(text.charCodeAt(i)))) continue;
    if (pending === -1 ? !addAsciiWords(text, from, i, units) : !isAsciiWords(text, from, i)) {
      if (pending === -1) pending = from;
    } else if (pending !== -1) {
      flush(from);
      addAsciiWords(text, from, i, units);
    }
    from = i;
  }
  flush(text.length);
  return units;
}

/** Whether `addAsciiWords` would take `text[from, to)`. */
function isAsciiWords(text: string, from: number, to: number): boolean {
  const probe: LengthUnit[] = [];
  return addAsciiWords(text, from, to, probe);
}

function isAsciiSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function isAsciiNonSpace(code: number): boolean {
  return code < 0x80 && !isAsciiSpace(code);
}

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

/** Characters that join the letters or digits on either side into one word (`don't`, `3.5`, `1,000`, `a:b`). */
function isJoiner(code: number): boolean {
  return code === 0x27 || code === 0x2c || code === 0x2e || code === 0x3a || code === 0x3b;
}

/**
 * Adds the words of `text[from, to)` when it is ASCII with no `_` and no `' , . : ;` between two
 * letters or digits: there the word boundaries of UAX #29, in every locale's tailoring, come down to
 * "a word is a run of letters and digits". Returns false, adding nothing, for any other text.
 */
function addAsciiWords(text: string, from: number, to: number, units: LengthUnit[]): boolean {
  const before = units.length;
  let start = -1;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetterOrDigit(code)) {
      if (start === -1) start = i;
      continue;
    }
    if (code >= 0x80 || code === 0x5f || (start !== -1 && isJoiner(code) && i + 1 < to && isAsciiLetterOrDigit(text.charCodeAt(i + 1)))) {
      units.length = before;
      return false;
    }
    if (start === -1) continue;
    units.push({ start, end: i, weight: 1 });
    start = -1;
  }
  if (start !== -1) units.push({ start, end: to, weight: 1 });
  return true;
}

/**
 * Number of words, as a word processor counts them.
 *
 * @example
 * countWords("Don't miss 20% off!") // 4
 */
export function countWords(text: string, locale?: string | null): number {
  return wordUnits(text, locale).length;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(granularity: "grapheme" | "word", locale?: string | null): Intl.Segmenter {
  const key = `${granularity}:${locale ?? ""}`;
  let found = segmenters.get(key);
  if (!found) {
    try {
      found = new Intl.Segmenter(locale ?? undefined, { granularity });
    } catch {
      // A malformed locale tag from an asset must not stop the check; fall back to the default.
      found = new Intl.Segmenter(undefined, { granularity });
    }
    segmenters.set(key, found);
  }
  return found;
}
