import type { UserRegex } from "../vale/user-regex.ts";

/**
 * Title and sentence case as Vale's `capitalization` rules judge them. A text is split into
 * tokens (runs of non-space starting with a letter, digit or `*`; an exception phrase is one
 * token), each token gets its expected form, and the text passes when at least `threshold` of its
 * tokens already have it (or are exceptions, or, for title case, are all capitals).
 */

/** Articles, conjunctions and short prepositions both styles lower-case inside a title. */
const SMALL_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or", "per", "the",
  "to", "vs", "vs.", "via", "v", "v.",
]);

/** Prepositions Chicago also lower-cases, whatever their length. */
const PREPOSITIONS: ReadonlySet<string> = new Set([
  "with", "from", "into", "during", "including", "until", "against", "among", "throughout", "despite",
  "towards", "upon", "concerning", "about", "over", "through", "before", "between", "after", "since",
  "without", "under", "within", "along", "following", "across", "beyond", "around", "down", "near", "above",
]);

export type TitleStyle = "AP" | "Chicago";

/** An exception as the rule file lists it, and its pattern (searched inside a word, case-sensitive). */
export interface VocabEntry {
  text: string;
  pattern: UserRegex;
}

export interface CaseContext {
  /** Exceptions, longest first. */
  vocab: readonly VocabEntry[];
  /** Vale's test for an exception anywhere in a token (word-bounded, case-sensitive). */
  excludes(token: string): boolean;
  /** Splits a text into tokens; exception phrases are single tokens. */
  tokens(text: string): Token[];
  /** A constant start (`a. `) that is not judged, or null. */
  prefix: UserRegex | null;
  threshold: number;
}

export interface Token {
  start: number;
  end: number;
  /** True when the token is an exception phrase matched as a whole. */
  vocab: boolean;
}

export interface Verdict {
  ok: boolean;
  /** The text with every token in its expected form. */
  expected: string;
}

/**
 * The tokenizer of a case check: a whole exception (matched in any case) or a run of non-space
 * starting with a letter, digit or `*` (masked code), as Vale tokenizes.
 */
export function caseTokenizer(exceptions: UserRegex | null): (text: string) => Token[] {
  if (exceptions === null) {
    return (text) => {
      const out: Token[] = [];
      for (const m of text.matchAll(/[\p{N}\p{L}*]+\S*/gu)) {
        out.push({ start: m.index, end: m.index + m[0].length, vocab: false });
      }
      return out;
    };
  }
  return (text) =>
    exceptions.findAll(text).map((m) => ({ start: m.start, end: m.end, vocab: (m.groups[1] ?? "") !== "" }));
}

/**
 * Vale's vocabulary lookup: the listed spelling when it equals the word ignoring case, the word as
 * written when an exception pattern occurs in it.
 */
function inVocab(word: string, vocab: readonly VocabEntry[]): string | undefined {
  const lower = word.toLowerCase();
  for (const entry of vocab) {
    if (entry.text.toLowerCase() === lower) return entry.text;
    if (entry.pattern.test(word)) return word;
  }
  return undefined;
}

function prefixLength(text: string, prefix: UserRegex | null): number {
  if (prefix === null) return 0;
  const first = prefix.findAll(text)[0];
  return first !== undefined && first.start === 0 ? first.end : 0;
}

function upperFirst(word: string): string {
  const first = word.codePointAt(0);
  if (first === undefined) return word;
  const width = first > 0xffff ? 2 : 1;
  return word.slice(0, width).toUpperCase() + word.slice(width);
}

/** Go's `strings.Title`: every letter after a separator upper-cased. */
function goTitle(word: string): string {
  let out = "";
  let afterSeparator = true;
  for (const char of word) {
    out += afterSeparator ? char.toUpperCase() : char;
    const code = char.codePointAt(0) as number;
    afterSeparator = code < 0x80 ? !/[A-Za-z0-9_]/.test(char) : /\s/u.test(char);
  }
  return out;
}

/** Dashes count as hyphens when deciding whether a small word is inside a title. */
function charAt(text: string, index: number): string {
  const char = index >= 0 && index < text.length ? (text[index] as string) : (text[0] ?? "");
  return char === "\u2013" || char === "\u2014" ? "-" : char;
}

/**
 * Title case: every word capitalised except articles, conjunctions and prepositions (AP: the
 * short ones; Chicago: all prepositions) that are neither first nor last, follow a space, hyphen
 * or slash, do not follow a colon or a dash, and do not start a hyphenated compound.
 *
 * AP capitalises `to` in an infinitive ("How To Write") and lower-cases it before a noun; with no
 * part-of-speech tagger here, a mid-title `To` or `to` are both accepted.
 */
export function judgeTitle(text: string, style: TitleStyle, ctx: CaseContext): Verdict {
  const skip = prefixLength(text, ctx.prefix);
  const rest = text.slice(skip);
  const small = style === "AP" ? (w: string) => SMALL_WORDS.has(w) : (w: string) => SMALL_WORDS.has(w) || PREPOSITIONS.has(w);
  // Expected form of each word piece (split at spaces, hyphens and slashes), by its offset in `text`.
  const pieces = new Map<number, { form: string; end: number }>();
  for (const m of rest.matchAll(/[\p{N}\p{L}]+[^\s\-/]*/gu)) {
    const at = m.index;
    const end = at + m[0].length;
    const lower = m[0].toLowerCase();
    const prev = charAt(rest, at - 1);
    const lowered =
      small(lower) &&
      at !== 0 &&
      end !== rest.length &&
      (prev === " " || prev === "-" || prev === "/") &&
      charAt(rest, at - 2) !== ":" &&
      charAt(rest, at - 2) !== "-" &&
      (charAt(rest, end) !== "-" || prev === "-");
    pieces.set(skip + at, { form: inVocab(m[0], ctx.vocab) ?? (lowered ? lower : upperFirst(m[0])), end: skip + end });
  }
  const expectedOf = (token: Token): string => {
    const written = text.slice(token.start, token.end);
    if (token.start < skip) return written;
    if (token.vocab) return inVocab(written, ctx.vocab) ?? written;
    let out = "";
    let i = token.start;
    while (i < token.end) {
      const piece = pieces.get(i);
      if (piece === undefined || piece.end > token.end) {
        out += text[i];
        i++;
        continue;
      }
      out += piece.form;
      i = piece.end;
    }
    return out;
  };
  const conforms = (written: string, expected: string) =>
    written === expected ||
    ctx.excludes(written) ||
    written === written.toUpperCase() ||
    (style === "AP" && expected === "to" && written === "To");
  return judge(text, ctx, expectedOf, conforms, false);
}

/**
 * Sentence case: the first word capitalised (and a word after an `indicators` suffix, or after a
 * leading list number like `1.`), every other word lower case unless it is an exception. A first
 * word that is wrong and not capitalised like a name fails the text outright.
 */
export function judgeSentence(text: string, indicators: readonly string[], ctx: CaseContext): Verdict {
  const skip = prefixLength(text, ctx.prefix);
  let index = -1;
  let previous = "";
  const expectedOf = (token: Token): string => {
    const written = text.slice(token.start, token.end);
    if (token.start < skip) return written;
    index++;
    const after = previous;
    previous = written;
    const vocab = inVocab(written, ctx.vocab);
    if (vocab !== undefined) return vocab;
    const starts =
      index === 0 || indicators.some((suffix) => after.endsWith(suffix)) || (index === 1 && /\d+\./.test(after));
    return starts ? upperFirst(written.toLowerCase()) : written.toLowerCase();
  };
  const conforms = (written: string, expected: string) => written === expected || ctx.excludes(written);
  return judge(text, ctx, expectedOf, conforms, true);
}

function judge(
  text: string,
  ctx: CaseContext,
  expectedOf: (token: Token) => string,
  conforms: (written: string, expected: string) => boolean,
  firstWordDecides: boolean,
): Verdict {
  const tokens = ctx.tokens(text);
  let expected = "";
  let last = 0;
  let count = 0;
  let failed = false;
  tokens.forEach((token, i) => {
    const written = text.slice(token.start, token.end);
    const form = expectedOf(token);
    expected += text.slice(last, token.start) + form;
    last = token.end;
    if (conforms(written, form)) count++;
    else if (firstWordDecides && i === 0 && written !== goTitle(written.toLowerCase())) failed = true;
  });
  expected += text.slice(last);
  // A text with no words has nothing to judge.
  const ok = !failed && (tokens.length === 0 || count / tokens.length >= ctx.threshold);
  return { ok, expected };
}
