import { RE2JS, RE2JSSyntaxException } from "re2js";
import type { RuleProblem } from "../rule.ts";
import { type CharRunPattern, charRunPattern } from "./char-run-pattern.ts";
import { hasRun, mayMatch, type RequiredLiterals, requiredLiterals, type RequiredRun, requiredRun } from "./required-literals.ts";

/**
 * Patterns written by users (Vale rule files, kit patterns) run in RE2, a linear-time engine: no
 * pattern can hang the checker, whatever the input. Vale's patterns are Go regexp syntax, which is
 * RE2's. What RE2 cannot run (lookahead, backreferences, atomic groups) is rejected with the place
 * and a fix; captureless lookbehind runs in linear time too and is accepted.
 */

/** One match; offsets are UTF-16 offsets into the text given to `findAll`, end exclusive. */
export interface RegexMatch {
  start: number;
  end: number;
  /** `groups[0]` is the whole match, `groups[i]` capture group i ("" when it did not take part). */
  groups: string[];
  /** Offsets of each capture group (index as in `groups`), or null when it did not take part. */
  spans: Array<{ start: number; end: number } | null>;
}

export interface UserRegex {
  /** The pattern as the user wrote it. */
  readonly pattern: string;
  /** Number of capture groups. */
  readonly groupCount: number;
  /**
   * Every non-empty, non-overlapping match in `text.slice(from, to)`, leftmost first. The slice is
   * matched on its own (as Vale matches one block at a time): `^`, `$` and `\b` see its edges.
   */
  findAll(text: string, from?: number, to?: number): RegexMatch[];
  /** How many matches `findAll` gives, without making them (occurrence rules only count). */
  count(text: string, from?: number, to?: number): number;
  /** The offsets of the matches `findAll` gives, as flat pairs `[start, end, start, end, ...]`. */
  spans(text: string, from?: number, to?: number): number[];
  /** True if the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /**
   * True when no part of `text` can hold a match: a quick look for what every match contains
   * (required literals, a run of characters), so a rule can pass over a document where its
   * pattern cannot match in any block. False says nothing.
   */
  cannotMatchIn(text: string): boolean;
}

export interface RegexFlags {
  ignoreCase: boolean;
  /** `^` and `$` match at line breaks (Vale's `(?m)`). */
  multiline?: boolean;
}

export type CompiledRegex =
  | { ok: true; regex: UserRegex }
  | {
      ok: false;
      /** What is wrong, e.g. "lookahead '(?=' is not supported". */
      message: string;
      /** 0-based position in the pattern as written. */
      index: number;
      fix: string;
    };

const LINEAR_TIME = "onbrand runs patterns in a linear-time engine (RE2 syntax)";

/**
 * Compiles a user-supplied pattern safely.
 *
 * @example
 * const compiled = compileUserRegex("colou?r", { ignoreCase: true });
 * if (compiled.ok) compiled.regex.findAll("Colour and color"); // [{start: 0, end: 6, ...}, {start: 11, end: 16, ...}]
 */
export function compileUserRegex(pattern: string, flags: RegexFlags): CompiledRegex {
  const { translated, origin } = translateEscapes(pattern);
  let bits = 0;
  if (flags.ignoreCase) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.multiline) bits |= RE2JS.MULTILINE;
  // Only patterns that use lookbehind pay for its slower (still linear) engine.
  if (/\(\?<[=!]/.test(translated)) bits |= RE2JS.LOOKBEHINDS;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(translated, bits);
  } catch (error) {
    return describeError(pattern, translated, origin, error);
  }
  // Compiled either way, so a pattern is accepted or refused by RE2 alone.
  const run = charRunPattern(translated);
  if (run !== null && compiled.groupCount() === (run.captured ? 1 : 0)) return { ok: true, regex: scanRuns(pattern, run) };
  return { ok: true, regex: wrap(pattern, compiled, requiredLiterals(translated, flags.ignoreCase), requiredRun(translated, flags.ignoreCase)) };
}

/** A CharRunPattern's matches, found by scanning: RE2's answer without running RE2. */
function scanRuns(pattern: string, run: CharRunPattern): UserRegex {
  const { ascii, nonAscii, repeated, captured } = run;
  const test = (text: string): boolean => {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80 ? ascii[code] === 1 : nonAscii) return true;
    }
    return false;
  };
  // Tight loops with one table lookup per character and no call: these patterns ("[^\s]+", ",")
  // run over every block of every document. A match ends where the next search starts.
  const spans = (text: string, from = 0, to = text.length): number[] => {
    const out: number[] = [];
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80 ? ascii[code] !== 1 : !nonAscii) continue;
      let end = i + 1;
      while (repeated && end < to) {
        const next = text.charCodeAt(end);
        if (next < 0x80 ? ascii[next] !== 1 : !nonAscii) break;
        end++;
      }
      out.push(i, end);
      i = end - 1;
    }
    return out;
  };
  return {
    pattern,
    groupCount: captured ? 1 : 0,
    findAll(text, from = 0, to = text.length) {
      const found = spans(text, from, to);
      const out: RegexMatch[] = [];
      for (let k = 0; k < found.length; k += 2) {
        const start = found[k] as number;
        const end = found[k + 1] as number;
        const match = text.slice(start, end);
        out.push(
          captured
            ? { start, end, groups: [match, match], spans: [{ start, end }, { start, end }] }
            : { start, end, groups: [match], spans: [{ start, end }] },
        );
      }
      return out;
    },
    count(text, from = 0, to = text.length) {
      let count = 0;
      let inRun = false;
      for (let i = from; i < to; i++) {
        const code = text.charCodeAt(i);
        const member = code < 0x80 ? ascii[code] === 1 : nonAscii;
        // Without `+` every member is a match; with it, every run of members is one.
        if (member && !(repeated && inRun)) count++;
        inRun = member;
      }
      return count;
    },
    spans,
    test,
    cannotMatchIn: (text) => !test(text),
  };
}

function wrap(pattern: string, compiled: RE2JS, required: RequiredLiterals | null, run: RequiredRun | null): UserRegex {
  const groupCount = compiled.groupCount();
  const findAll = (text: string, from = 0, to = text.length): RegexMatch[] => {
    // Most patterns match nowhere in most blocks. Text without a literal every match contains, or
    // without the run of characters every match holds (four capitals for `[A-Z]{4,}`), cannot
    // match; otherwise `test` asks RE2's DFA, several times faster than the capture-tracking
    // search `find` runs at every position. Same answer either way.
    if (!mayMatch(required, text, from, to) || !hasRun(run, text, from, to)) return [];
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    if (!compiled.test(slice)) return [];
    const matcher = compiled.matcher(slice);
    const out: RegexMatch[] = [];
    while (matcher.find()) {
      const start = matcher.start();
      const end = matcher.end();
      if (end === start) continue;
      const groups: string[] = [slice.slice(start, end)];
      const spans: RegexMatch["spans"] = [{ start: start + from, end: end + from }];
      for (let g = 1; g <= groupCount; g++) {
        const gs = matcher.start(g);
        if (gs < 0) {
          groups.push("");
          spans.push(null);
        } else {
          const ge = matcher.end(g);
          groups.push(slice.slice(gs, ge));
          spans.push({ start: gs + from, end: ge + from });
        }
      }
      out.push({ start: start + from, end: end + from, groups, spans });
    }
    return out;
  };
  return {
    pattern,
    groupCount,
    findAll,
    count: (text, from, to) => findAll(text, from, to).length,
    spans: (text, from, to) => findAll(text, from, to).flatMap((match) => [match.start, match.end]),
    test(text) {
      return mayMatch(required, text) && hasRun(run, text) && compiled.test(text);
    },
    cannotMatchIn: (text) => !mayMatch(required, text) || !hasRun(run, text),
  };
}

/**
 * Rewrites `\uXXXX` (accepted by Vale's engine) as RE2's `\x{XXXX}` and records, for each character
 * of the result, its position in the original so errors point at what the user wrote.
 */
function translateEscapes(pattern: string): { translated: string; origin: number[] } {
  let translated = "";
  const origin: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\" && i + 1 < pattern.length) {
      const unicode = /^u([0-9a-fA-F]{4})/.exec(pattern.slice(i + 1, i + 6));
      const piece = unicode ? `\\x{${unicode[1]}}` : pattern.slice(i, i + 2);
      for (let k = 0; k < piece.length; k++) origin.push(i);
      translated += piece;
      i += unicode ? 5 : 1;
      continue;
    }
    translated += char;
    origin.push(i);
  }
  origin.push(pattern.length);
  return { translated, origin };
}

function describeError(
  pattern: string,
  translated: string,
  origin: number[],
  error: unknown,
): Extract<CompiledRegex, { ok: false }> {
  if (!(error instanceof RE2JSSyntaxException)) {
    // Compile-time limits (program too large) have no position.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: reason, index: 0, fix: "make the pattern smaller or split it into several entries" };
  }
  const reason = error.getDescription();
  const snippet = error.getPattern() ?? "";
  const paren = reason.includes("closing )") || reason.includes("unexpected )") ? unbalancedParen(pattern) : -1;
  const found = snippet ? translated.indexOf(snippet) : -1;
  const index =
    paren >= 0
      ? paren
      : found >= 0
        ? (origin[found] ?? 0)
        : reason.includes("trailing backslash")
          ? pattern.length - 1
          : 0;
  const at = pattern.slice(index, index + Math.max(snippet.length, 1));

  if (snippet.startsWith("(?=") || snippet.startsWith("(?!")) {
    return {
      ok: false,
      message: `lookahead '${snippet.slice(0, 3)}' is not supported`,
      index,
      fix: `rewrite without lookahead (to drop some matches, list them under 'exceptions'); ${LINEAR_TIME}`,
    };
  }
  if (/^\\[1-9]/.test(snippet) || /^\\k</.test(snippet)) {
    return {
      ok: false,
      message: `backreference '${snippet}' is not supported`,
      index,
      fix: `rewrite without backreferences; ${LINEAR_TIME}`,
    };
  }
  if (reason.includes("invalid capture in lookbehind")) {
    return {
      ok: false,
      message: "a capture group inside a lookbehind is not supported",
      index: pattern.indexOf("(?<"),
      fix: "use a non-capturing group '(?:...)' inside the lookbehind",
    };
  }
  if (snippet.startsWith("(?>") || /^(?:[*+?]|\{\d+(?:,\d*)?\})\+$/.test(snippet)) {
    return {
      ok: false,
      message: `'${snippet}' (atomic group or possessive repeat) is not supported`,
      index,
      fix: `drop it: ${LINEAR_TIME}, so plain '(?:...)' and '+' cannot backtrack badly`,
    };
  }
  return {
    ok: false,
    message: `${reason}${at ? ` at '${at}'` : ""}`,
    index,
    fix: "fix the pattern (RE2 syntax: https://github.com/google/re2/wiki/Syntax)",
  };
}

/** Position of the first `)` that closes nothing, else of the last `(` left open; -1 if balanced. */
function unbalancedParen(pattern: string): number {
  const open: number[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") i++;
    else if (inClass) inClass = char !== "]";
    else if (char === "[") {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member.
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
    } else if (char === "(") open.push(i);
    else if (char === ")" && open.pop() === undefined) return i;
  }
  return open.pop() ?? -1;
}

/**
 * The rule problem for a pattern that did not compile: names the rule, the key, the pattern and the
 * 1-based position inside it.
 */
export function regexProblem(
  ruleName: string,
  path: string,
  pattern: string,
  failure: Extract<CompiledRegex, { ok: false }>,
): RuleProblem {
  return {
    level: "error",
    path,
    message: `rule ${ruleName}: pattern '${pattern}' in '${path}' cannot be used (position ${failure.index + 1}): ${failure.message}`,
    fix: failure.fix,
  };
}
