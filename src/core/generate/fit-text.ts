import type { FieldLimit } from "../channels/channel-spec.ts";
import { countLength, wordUnits } from "../channels/counting.ts";
import { smsSegments } from "../channels/sms.ts";
import { findUrls } from "../channels/twitter.ts";
import { splitSentences } from "../text/sentences.ts";

/** What a cut may leave dangling at the end of a text: spaces and joining punctuation. */
const DANGLING = /[\s,;:\-–—]+$/u;

/** A clause cut is taken when it keeps at least this share of what a word cut would. */
const CLAUSE_SHARE = 0.6;

/**
 * Whether `text` (trimmed) is within every bound of `limit`, counted the way the limit counts:
 * characters (`counting`), words (Intl word boundaries for `locale`) and SMS segments.
 *
 * @example
 * fitsLimit("Fizzwell Zero", { max_chars: 30, counting: "double-width" }) // true
 */
export function fitsLimit(text: string, limit: FieldLimit | null, locale: string | null = null): boolean {
  if (!limit) return true;
  const trimmed = text.trim();
  const counting = limit.counting ?? "graphemes";
  if (counting === "sms" && smsSegments(trimmed).segments > (limit.max_segments ?? 1)) return false;
  if (limit.max_chars !== undefined && countLength(trimmed, counting).count > limit.max_chars) return false;
  return limit.max_words === undefined || wordUnits(trimmed, locale).length <= limit.max_words;
}

/**
 * Shortens `text` to fit `limit`: whole sentences are dropped from the end first, then the first
 * sentence is cut after a word; a word is never split. Sentences listed in `keep` (the kit's
 * disclaimers, "Reply STOP to opt out.") are dropped last, so a cut text still carries them.
 * Returns "" when not even the first word fits.
 *
 * @example
 * fitText("Yuzu and lemon. Green tea. Contains caffeine.", { max_chars: 34 }, null, ["Contains caffeine."])
 * // "Yuzu and lemon. Contains caffeine."
 */
export function fitText(text: string, limit: FieldLimit | null, locale: string | null = null, keep: readonly string[] = []): string {
  const whole = text.trim();
  if (fitsLimit(whole, limit, locale)) return whole;
  const spans = splitSentences(whole);
  const pieces = spans.map((span, i) => ({
    text: whole.slice(span.start, span.end),
    // The whitespace before a sentence joins it to the one kept before it (a space, a blank line).
    before: i === 0 ? "" : whole.slice(spans[i - 1]?.end ?? 0, span.start),
    pinned: keep.includes(whole.slice(span.start, span.end)),
  }));
  const kept = pieces.map(() => true);
  const first = pieces.findIndex((p) => !p.pinned);
  const join = (head?: string): string => {
    const parts: string[] = [];
    pieces.forEach((piece, i) => {
      const body = i === first && head !== undefined ? head : piece.text;
      if (!kept[i] || body === "") return;
      parts.push(parts.length === 0 ? body : `${piece.before || " "}${body}`);
    });
    return parts.join("").trim();
  };
  if (first === -1) return cutAtWord(whole, limit, locale, "");
  for (let i = pieces.length - 1; i > first; i--) {
    if (pieces[i]?.pinned) continue;
    kept[i] = false;
    const joined = join();
    if (fitsLimit(joined, limit, locale)) return joined;
  }
  // The first sentence is cut: at a clause ("Friday, with..." -> "Friday."), else after a word. When
  // kept sentences follow it, it closes with a period so they still read as their own sentences.
  const head = pieces[first]?.text ?? "";
  const pinnedAfter = pieces.some((p, i) => i > first && p.pinned);
  const closed = /[.!?]$/.test(head);
  const fitting = (cuts: string[]): string | undefined => cuts.find((cut) => fitsLimit(join(cut), limit, locale));
  const byClause = closed ? fitting(clauseEnds(head).map((end) => `${head.slice(0, end).replace(DANGLING, "")}.`)) : undefined;
  const byWord = fitting(
    wordEnds(head, locale).map((end) => {
      const cut = head.slice(0, end).replace(DANGLING, "");
      return pinnedAfter && !/[.!?]$/.test(cut) ? `${cut}.` : cut;
    }),
  );
  // A clause reads better than a sentence stopped mid-phrase, unless it throws most of the room away.
  if (byClause !== undefined && (byWord === undefined || byClause.length >= CLAUSE_SHARE * byWord.length)) return join(byClause);
  if (byWord !== undefined) return join(byWord);
  return cutAtWord(whole, limit, locale, "");
}

/** The longest prefix of `text` that ends after a word and fits, or `fallback`. */
function cutAtWord(text: string, limit: FieldLimit | null, locale: string | null, fallback: string): string {
  for (const end of wordEnds(text, locale)) {
    const cut = text.slice(0, end).replace(DANGLING, "");
    if (cut !== "" && fitsLimit(cut, limit, locale)) return cut;
  }
  return fallback;
}

/**
 * Offsets just after each word, longest first; a word's trailing punctuation (".", "%") stays with
 * it, and a URL is one word (X counts it whole, and half a link is a broken one).
 */
function wordEnds(text: string, locale: string | null): number[] {
  const urls = findUrls(text);
  const ends = wordUnits(text, locale)
    .map((w) => {
      let end = w.end;
      while (end < text.length && /[.!?%)\]"'’”]/u.test(text.charAt(end))) end++;
      return end;
    })
    .filter((end) => !urls.some((url) => url.start < end && end < url.end));
  return [...new Set(ends)].reverse();
}

/** Offsets of the clause marks (", " "; " ": " " - ") of a sentence, longest first. */
function clauseEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(/[,;:]\s|\s[–—-]\s/gu)) if (match.index > 0) ends.push(match.index);
  return ends.reverse();
}
