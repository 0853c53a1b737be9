/**
 * A pattern that is one set of ASCII characters, alone or repeated with `+`, and perhaps wrapped in
 * one group: `[^\s]+` (Vale's usual word token), `,`, `\?`, `[!?]+`, `(\S+)`. Its matches are the
 * runs of characters in the set (one character each without `+`), which a scan of the text finds
 * far faster than the regex engine, with the same answer: the set holds no letters, so case
 * folding changes nothing, and a set that is negated (and so takes in non-ASCII characters) is
 * only accepted with `+`, so a match never ends between the two halves of a surrogate pair.
 */
export interface CharRunPattern {
  /** True for a UTF-16 code unit in the set. */
  has(code: number): boolean;
  /** `has` for the ASCII codes as a table (1 in the set), so a scan needs no call per character. */
  ascii: Uint8Array;
  /** `has` for every code unit from 0x80 up: they are all in the set or all out. */
  nonAscii: boolean;
  /** `+`: a match is a whole run of the set; otherwise a single character. */
  repeated: boolean;
  /** Wrapped in one capturing group, which is then the whole match. */
  captured: boolean;
}

/** RE2's `\s`: tab, line feed, form feed, carriage return, space (no Unicode spaces). */
const SPACE_CODES = [0x09, 0x0a, 0x0c, 0x0d, 0x20];
const DIGIT_CODES = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39];
/** Characters with a meaning of their own outside a class. */
const OUTSIDE_META = new Set(".^$|()*+?{}[]\\");

/**
 * The pattern (RE2 syntax, as compiled) as a CharRunPattern, or null when it is anything else.
 *
 * @example
 * charRunPattern("[^\\s]+")?.has(0x20) // false
 * charRunPattern("[a-z]+")             // null: letters fold, ranges are not read
 */
export function charRunPattern(pattern: string): CharRunPattern | null {
  let body = pattern;
  let captured = false;
  if (body.startsWith("(?:") && body.endsWith(")")) body = body.slice(3, -1);
  else if (body.startsWith("(") && body[1] !== "?" && body.endsWith(")")) {
    body = body.slice(1, -1);
    captured = true;
  }
  const atom = readAtom(body);
  if (atom === null) return null;
  const rest = body.slice(atom.length);
  if (rest !== "" && rest !== "+") return null;
  const repeated = rest === "+";
  // A negated set matches non-ASCII code points; one of two UTF-16 units would be half of one.
  if (atom.negated && !repeated) return null;
  const { members, negated } = atom;
  const ascii = negated ? members.map((member) => 1 - member) : members;
  return { has: (code) => (code < 0x80 ? ascii[code] === 1 : negated), ascii, nonAscii: negated, repeated, captured };
}

interface Atom {
  /** Characters of the pattern it took. */
  length: number;
  /** 1 for each ASCII code in the set as written (before `negated`). */
  members: Uint8Array;
  negated: boolean;
}

function readAtom(body: string): Atom | null {
  const members = new Uint8Array(0x80);
  const first = body[0];
  if (first === undefined) return null;
  if (first === "\\") {
    const escape = readEscape(body[1], members, true);
    return escape === null ? null : { length: 2, members, negated: escape };
  }
  if (first !== "[") {
    if (OUTSIDE_META.has(first) || !isPlainCharacter(first)) return null;
    members[first.charCodeAt(0)] = 1;
    return { length: 1, members, negated: false };
  }
  let i = 1;
  const negated = body[i] === "^";
  if (negated) i++;
  let empty = true;
  for (; i < body.length; i++) {
    const c = body[i] as string;
    if (c === "]") {
      // `[]` and `[^]` start a class that holds `]`: not read here.
      return empty ? null : { length: i + 1, members, negated };
    }
    if (c === "\\") {
      // Inside a class only the positive `\s` and `\d` are read.
      if (readEscape(body[i + 1], members, false) !== false) return null;
      i++;
    } else if (c === "[" || c === "-" || c === "^" || !isPlainCharacter(c)) return null;
    else members[c.charCodeAt(0)] = 1;
    empty = false;
  }
  return null;
}

/**
 * Adds the escape `\<c>` to `members`: `\s`, `\d`, or a punctuation character taken literally.
 * Returns whether the escape negates (`\S`, `\D`, only where `negatable`), or null if not read.
 */
function readEscape(c: string | undefined, members: Uint8Array, negatable: boolean): boolean | null {
  if (c === undefined) return null;
  const lower = c.toLowerCase();
  if (lower === "s" || lower === "d") {
    const negated = c !== lower;
    if (negated && !negatable) return null;
    for (const code of lower === "s" ? SPACE_CODES : DIGIT_CODES) members[code] = 1;
    return negated;
  }
  // RE2 takes any escaped ASCII punctuation as itself.
  if (!isPlainCharacter(c) || /[0-9 ]/.test(c)) return null;
  members[c.charCodeAt(0)] = 1;
  return false;
}

/** Printable ASCII that is not a letter: its own case, so case-insensitive matching changes nothing. */
function isPlainCharacter(c: string): boolean {
  const code = c.charCodeAt(0);
  return c.length === 1 && code >= 0x20 && code <= 0x7e && !/[A-Za-z]/.test(c);
}
