/**
 * Most Vale tokens are words or phrases, sometimes with a little regex (`colou?r`, `[Ee]-mail`,
 * `(?:log|sign) in`). Those expand to a small set of literal phrases the shared phrase matcher can
 * look up, so a rule with 10,000 such tokens costs about what a rule with 10 does. Anything else
 * (wildcards, repeats, classes like `\w`, anchors, inline flags) is left to the regex engine.
 */

/** Default cap on the phrases one token may expand to. */
export const MAX_EXPANSIONS = 64;

interface Cursor {
  pattern: string;
  at: number;
  cap: number;
}

/** RE2 lets a backslash escape ASCII punctuation and space only. */
const ESCAPABLE = /^[ !-/:-@[-`{-~]$/;

/** Thrown inside the parser when the pattern is not a small literal set; never escapes this file. */
class NotLiteral extends Error {}

/**
 * The literal phrases `pattern` matches, or null when it is not a small literal set.
 *
 * @example
 * expandLiteral("colou?r") // ["colour", "color"]
 * expandLiteral("(?:log|sign) in") // ["log in", "sign in"]
 * expandLiteral("\\w+ly") // null
 */
export function expandLiteral(pattern: string, cap = MAX_EXPANSIONS): string[] | null {
  const cursor: Cursor = { pattern, at: 0, cap };
  try {
    const variants = alternation(cursor);
    if (cursor.at !== pattern.length) return null;
    const phrases = [...new Set(variants.map((v) => v.replace(/\s+/g, " ")))];
    return phrases.length > 0 ? phrases : null;
  } catch (error) {
    if (error instanceof NotLiteral) return null;
    throw error;
  }
}

/**
 * True when every phrase starts and ends with a letter or digit, so Vale's `\b...\b` around it and
 * the matcher's whole-token lookup select the same places.
 */
export function isWordBounded(phrases: readonly string[]): boolean {
  return phrases.every((phrase) => /^[\p{L}\p{N}]/u.test(phrase) && /[\p{L}\p{N}\p{M}]$/u.test(phrase));
}

function alternation(c: Cursor): string[] {
  const out: string[] = [];
  for (;;) {
    out.push(...sequence(c));
    if (out.length > c.cap) throw new NotLiteral();
    if (c.pattern[c.at] !== "|") return out;
    c.at++;
  }
}

function sequence(c: Cursor): string[] {
  let acc = [""];
  while (c.at < c.pattern.length) {
    const char = c.pattern[c.at] as string;
    if (char === "|" || char === ")") break;
    let atom = atomAt(c);
    const next = c.pattern[c.at];
    if (next === "?") {
      c.at++;
      atom = [...atom, ""];
    } else if (next === "*" || next === "+") {
      // Only runs of whitespace repeat: the matcher treats any whitespace between words alike.
      if (!atom.every((a) => a === " ")) throw new NotLiteral();
      c.at++;
      atom = next === "*" ? [" ", ""] : [" "];
    }
    if (/^[?*+{]/.test(c.pattern[c.at] ?? "")) throw new NotLiteral();
    const product: string[] = [];
    for (const head of acc) for (const tail of atom) product.push(head + tail);
    if (product.length > c.cap) throw new NotLiteral();
    acc = product;
  }
  return acc;
}

function atomAt(c: Cursor): string[] {
  const char = c.pattern[c.at] as string;
  if (char === "(") {
    if (c.pattern.startsWith("(?:", c.at)) c.at += 3;
    else if (c.pattern[c.at + 1] === "?") throw new NotLiteral();
    else c.at += 1;
    const inner = alternation(c);
    if (c.pattern[c.at] !== ")") throw new NotLiteral();
    c.at++;
    return inner;
  }
  if (char === "[") return charClass(c);
  if (char === "\\") {
    const escaped = c.pattern[c.at + 1];
    if (escaped === undefined) throw new NotLiteral();
    c.at += 2;
    if (escaped === "s") return [" "];
    if (!ESCAPABLE.test(escaped)) throw new NotLiteral();
    return [escaped];
  }
  if (".^$*+?{}[]".includes(char)) throw new NotLiteral();
  c.at++;
  return [/\s/.test(char) ? " " : char];
}

function charClass(c: Cursor): string[] {
  c.at++;
  if (c.pattern[c.at] === "^") throw new NotLiteral();
  const members: string[] = [];
  while (c.at < c.pattern.length && c.pattern[c.at] !== "]") {
    const first = classChar(c);
    if (c.pattern[c.at] === "-" && c.pattern[c.at + 1] !== "]" && c.at + 1 < c.pattern.length) {
      c.at++;
      const last = classChar(c);
      const from = first.codePointAt(0) ?? 0;
      const to = last.codePointAt(0) ?? 0;
      if (to < from || to - from > 16) throw new NotLiteral();
      for (let code = from; code <= to; code++) members.push(String.fromCodePoint(code));
    } else members.push(first);
    if (members.length > c.cap) throw new NotLiteral();
  }
  if (c.pattern[c.at] !== "]" || members.length === 0) throw new NotLiteral();
  c.at++;
  return [...new Set(members)];
}

function classChar(c: Cursor): string {
  const char = c.pattern[c.at];
  if (char === undefined) throw new NotLiteral();
  if (char === "\\") {
    const escaped = c.pattern[c.at + 1];
    if (escaped === undefined || !ESCAPABLE.test(escaped)) throw new NotLiteral();
    c.at += 2;
    return escaped;
  }
  if (char === "[") throw new NotLiteral();
  const code = c.pattern.codePointAt(c.at) ?? 0;
  const text = String.fromCodePoint(code);
  c.at += text.length;
  return text;
}
