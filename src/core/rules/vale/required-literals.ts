/**
 * Literals one of which every match of a pattern contains: `\b(?:(gray)|(grey))\b` matches nothing
 * in text that holds neither "gray" nor "grey", so the regex engine need not run there. Looking for
 * a few strings costs far less than a regex search, and most patterns match in few blocks.
 *
 * The pattern is read by a small parser that knows literals, groups, alternation, repeats, classes
 * and the zero-width assertions; for anything else (inline flags, `\p{...}`, `\x{...}`, a `{` that
 * is not a repeat, ...) there are no required literals and the engine always runs. Under
 * `ignoreCase`, literals are lower-cased ASCII and are looked for in the text folded the way RE2
 * folds (foldForLiterals); a non-ASCII character in the pattern then counts as "any character".
 *
 * The same reading finds a required run of characters from one ASCII set: `\b[A-Z]{4,}\b` has no
 * literal, but matches nothing in a block without four capitals in a row (requiredRun).
 */
export interface RequiredLiterals {
  /** Every match contains at least one of these (none contains another). */
  readonly literals: readonly string[];
  readonly ignoreCase: boolean;
}

/** At least `min` characters in a row, each one of `members` (ASCII codes, 1 for a member). */
export interface RequiredRun {
  readonly members: Uint8Array;
  readonly min: number;
}

/**
 * A node's strings: every match is in `exact` (when known), and contains one of `required` (when
 * known); every match is made only of `span.members` and is at least `span.min` long (when known),
 * and contains `run` (when known).
 */
interface Info {
  exact: Set<string> | null;
  required: Set<string> | null;
  span?: RequiredRun | null;
  run?: RequiredRun | null;
}

/** Beyond this many strings in a set, or this long a string, a node's exact strings are not tracked. */
const MAX_SET = 32;
const MAX_LENGTH = 64;
/** More literals than this cost more to look for than the engine's search. */
const MAX_LITERALS = 12;

const ANY_CHARACTER: Info = { exact: null, required: null };
const EMPTY: Info = { exact: new Set([""]), required: null, span: { members: new Uint8Array(0x80), min: 0 } };

class NotRead extends Error {}

/**
 * The literals every match of `pattern` (RE2 syntax, as compiled) contains, or null when there is
 * no such set worth checking.
 *
 * @example
 * requiredLiterals("\\b(?:(okay)|(ok))\\b", true)?.literals // ["ok"]
 * requiredLiterals("[A-Z]{4,}", false)                      // null
 */
export function requiredLiterals(pattern: string, ignoreCase: boolean): RequiredLiterals | null {
  let info: Info;
  try {
    const parser = new Parser(pattern, ignoreCase);
    info = parser.alternation();
    if (!parser.done()) return null;
  } catch (error) {
    if (error instanceof NotRead) return null;
    throw error;
  }
  const found = candidate(info);
  if (found === null) return null;
  const literals = minimal(found);
  return literals.length > MAX_LITERALS ? null : { literals, ignoreCase };
}

/**
 * A run of characters every match of `pattern` (RE2 syntax, as compiled) contains, or null when
 * the reader finds none.
 *
 * @example
 * requiredRun("\\b[A-Z]{4,}\\b", false)?.min // 4 (of A-Z)
 * requiredRun(".{4,}", false)                   // null
 */
export function requiredRun(pattern: string, ignoreCase: boolean): RequiredRun | null {
  try {
    const parser = new Parser(pattern, ignoreCase);
    const info = parser.alternation();
    return parser.done() ? runOf(info) : null;
  } catch (error) {
    if (error instanceof NotRead) return null;
    throw error;
  }
}

/**
 * False when `text[from, to)` has no `run.min` characters in a row from `run.members`, so the
 * pattern cannot match there.
 *
 * @example
 * hasRun(requiredRun("[A-Z]{4,}", false), "Not LOUD") // true
 */
export function hasRun(run: RequiredRun | null, text: string, from = 0, to = text.length): boolean {
  if (run === null) return true;
  const { members, min } = run;
  let length = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && members[code] === 1) {
      if (++length >= min) return true;
    } else length = 0;
  }
  return false;
}

function runOf(info: Info): RequiredRun | null {
  const span = info.span ?? null;
  return info.run ?? (span !== null && span.min > 0 ? span : null);
}

/**
 * Of two required runs, the one less likely in prose: one without lower-case letters and spaces
 * (most prose is made of them), else the longer, else the one of fewer characters.
 */
function betterRun(a: RequiredRun | null, b: RequiredRun | null): RequiredRun | null {
  if (a === null) return b;
  if (b === null) return a;
  if (common(a) !== common(b)) return common(a) ? b : a;
  if (a.min !== b.min) return a.min > b.min ? a : b;
  return size(b.members) < size(a.members) ? b : a;
}

function common(run: RequiredRun): boolean {
  return run.members[0x20] === 1 || run.members.subarray(0x61, 0x7b).includes(1);
}

function size(members: Uint8Array): number {
  return members.reduce((sum, member) => sum + member, 0);
}

function unionRun(a: RequiredRun, b: RequiredRun, min: number): RequiredRun {
  return { members: a.members.map((member, code) => member | (b.members[code] as number)), min };
}

/**
 * False when `text[from, to)` contains none of the literals, so the pattern cannot match there.
 *
 * @example
 * const required = requiredLiterals("gr[ae]y|colou?r", true);
 * mayMatch(required, "A GREY sky") // true
 */
export function mayMatch(required: RequiredLiterals | null, text: string, from = 0, to = text.length): boolean {
  if (required === null) return true;
  if (text.length < INDEXED_LENGTH) {
    const slice = text.slice(from, to);
    const haystack = required.ignoreCase ? foldForLiterals(slice) : slice;
    return required.literals.some((literal) => haystack.includes(literal));
  }
  const index = indexOf(text);
  const places = required.ignoreCase ? index.folded() : index.exact;
  if (places === null) {
    const folded = foldForLiterals(text.slice(from, to));
    return required.literals.some((literal) => folded.includes(literal));
  }
  for (const literal of required.literals) {
    const at = places.firstFrom(literal, from);
    if (at !== -1 && at + literal.length <= to) return true;
  }
  return false;
}

/** Shorter texts are searched as they come; a document's blocks are searched in its index. */
const INDEXED_LENGTH = 256;

/** Where literals occur in one text, found once per literal: each block's question is then a lookup. */
interface Places {
  /** Offset of the first occurrence of `literal` at or after `from`, or -1. */
  firstFrom(literal: string, from: number): number;
}

interface TextIndex {
  exact: Places;
  /** In the fold (foldForLiterals) of the text; null when the fold's offsets are not the text's. */
  folded(): Places | null;
}

/** The index of the text searched last: every rule asks about the blocks of one document in turn. */
let indexed: { text: string; index: TextIndex } | undefined;

function indexOf(text: string): TextIndex {
  if (indexed?.text !== text) {
    let folded: Places | null | undefined;
    const index: TextIndex = {
      exact: places(text),
      folded() {
        if (folded === undefined) {
          const fold = foldForLiterals(text);
          // İ lower-cases to two characters. Otherwise the fold has the same ASCII letters in the
          // same places as the fold of any slice, and literals are ASCII: the answer is the same.
          folded = fold.length === text.length ? places(fold) : null;
        }
        return folded;
      },
    };
    indexed = { text, index };
  }
  return indexed.index;
}

function places(haystack: string): Places {
  const found = new Map<string, number[]>();
  return {
    firstFrom(literal, from) {
      let at = found.get(literal);
      if (at === undefined) {
        at = [];
        for (let i = haystack.indexOf(literal); i !== -1; i = haystack.indexOf(literal, i + 1)) at.push(i);
        found.set(literal, at);
      }
      let lo = 0;
      let hi = at.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((at[mid] as number) < from) lo = mid + 1;
        else hi = mid;
      }
      return lo < at.length ? (at[lo] as number) : -1;
    },
  };
}

const FOLDABLE = /[A-Z\u017f\u212a]/;

/**
 * The text with every character that RE2's case folding equates with an ASCII letter replaced by
 * that letter in lower case: A-Z, and also ſ (U+017F, folds with s) and K (U+212A, Kelvin, folds
 * with k). Other characters are lower-cased too; nothing reads offsets in the result.
 *
 * @example
 * foldForLiterals("OK, \u212Aelvin") // "ok, kelvin"
 */
export function foldForLiterals(text: string): string {
  if (!FOLDABLE.test(text)) return text;
  // toLowerCase already maps K (Kelvin) to k; only ſ needs a hand. Other characters may change
  // length, which does not matter: the result is only searched for literals, never for offsets.
  const lower = text.toLowerCase();
  return lower.includes("\u017f") ? lower.replaceAll("\u017f", "s") : lower;
}

/** The set a match must contain one of, preferring the longest shortest string. */
function candidate(info: Info): Set<string> | null {
  if (info.exact !== null && info.exact.size > 0 && !info.exact.has("")) return info.exact;
  return info.required;
}

/** Drops literals that contain another one: finding the shorter is enough. */
function minimal(set: Set<string>): string[] {
  const sorted = [...set].sort((a, b) => a.length - b.length);
  return sorted.filter((literal, i) => !sorted.slice(0, i).some((shorter) => literal.includes(shorter)));
}

function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (a === null) return b;
  if (b === null) return a;
  // Spaces do not count: nearly every block of prose has one, so " " rules nothing out.
  const shortest = (set: Set<string>): number => Math.min(...[...set].map((s) => s.replaceAll(" ", "").length));
  const byLength = shortest(b) - shortest(a);
  return byLength > 0 || (byLength === 0 && b.size < a.size) ? b : a;
}

function product(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) {
    for (const y of b) {
      if (x.length + y.length > MAX_LENGTH) return null;
      out.add(x + y);
    }
  }
  return out;
}

function union(sets: ReadonlyArray<Set<string> | null>): Set<string> | null {
  const out = new Set<string>();
  for (const set of sets) {
    if (set === null) return null;
    for (const s of set) out.add(s);
  }
  return out.size > MAX_SET ? null : out;
}

function concatenation(items: readonly Info[]): Info {
  if (items.length === 0) return EMPTY;
  if (items.length === 1) return items[0] as Info;
  let exact: Set<string> | null = new Set([""]);
  let required: Set<string> | null = null;
  // The product of a run of items with exact strings is itself required (it is contiguous).
  let run: Set<string> | null = null;
  // Likewise items made only of known characters, one after the other, make a required run.
  let span: RequiredRun | null = EMPTY.span ?? null;
  let sequence: RequiredRun | null = null;
  let charRun: RequiredRun | null = null;
  for (const item of items) {
    exact = exact !== null && item.exact !== null ? product(exact, item.exact) : null;
    if (item.exact !== null) {
      run = run === null ? item.exact : product(run, item.exact);
      if (run === null) run = item.exact;
      required = better(required, candidate({ exact: run, required: null }));
      required = better(required, candidate(item));
    } else {
      run = null;
      required = better(required, item.required);
    }
    const itemSpan = item.span ?? null;
    span = span !== null && itemSpan !== null ? unionRun(span, itemSpan, span.min + itemSpan.min) : null;
    sequence = itemSpan === null ? null : sequence === null ? itemSpan : unionRun(sequence, itemSpan, sequence.min + itemSpan.min);
    charRun = betterRun(betterRun(charRun, item.run ?? null), sequence !== null && sequence.min > 0 ? sequence : null);
  }
  return { exact, required, span, run: charRun };
}

class Parser {
  private at = 0;
  private readonly pattern: string;
  private readonly ignoreCase: boolean;

  constructor(pattern: string, ignoreCase: boolean) {
    this.pattern = pattern;
    this.ignoreCase = ignoreCase;
  }

  done(): boolean {
    return this.at === this.pattern.length;
  }

  alternation(): Info {
    const branches = [this.concatenation()];
    while (this.pattern[this.at] === "|") {
      this.at++;
      branches.push(this.concatenation());
    }
    if (branches.length === 1) return branches[0] as Info;
    // Each branch's run is made of the union's characters, so the shortest is required of the whole.
    const either = (runs: ReadonlyArray<RequiredRun | null>): RequiredRun | null =>
      runs.reduce<RequiredRun | null>((a, b) => (a === null || b === null ? null : unionRun(a, b, Math.min(a.min, b.min))), runs[0] ?? null);
    return {
      exact: union(branches.map((b) => b.exact)),
      required: union(branches.map(candidate)),
      span: either(branches.map((b) => b.span ?? null)),
      run: either(branches.map(runOf)),
    };
  }

  private concatenation(): Info {
    const items: Info[] = [];
    while (this.at < this.pattern.length && this.pattern[this.at] !== "|" && this.pattern[this.at] !== ")") {
      items.push(this.repeated(this.atom()));
    }
    return concatenation(items);
  }

  private atom(): Info {
    const p = this.pattern;
    const c = p[this.at] as string;
    if (c === "(") {
      this.at++;
      if (p[this.at] === "?") {
        if (!p.startsWith("?:", this.at)) throw new NotRead();
        this.at += 2;
      }
      const inner = this.alternation();
      if (p[this.at] !== ")") throw new NotRead();
      this.at++;
      return inner;
    }
    if (c === "[") {
      const start = this.at;
      this.skipClass();
      return this.character(classMembers(p.slice(start + 1, this.at - 1)));
    }
    if (c === ".") {
      this.at++;
      return ANY_CHARACTER;
    }
    if (c === "^" || c === "$") {
      this.at++;
      return EMPTY;
    }
    if (c === "\\") {
      const e = p[this.at + 1];
      this.at += 2;
      if (e === "b" || e === "B" || e === "A" || e === "z") return EMPTY;
      if (e !== undefined && "dDsSwW".includes(e)) return this.character(classMembers(`\\${e}`));
      // Escaped ASCII punctuation is itself; other escapes (\p, \x, \Q, \n, \1, ...) are not read.
      if (e === undefined || !/^[!-/:-@[-`{-~]$/.test(e)) throw new NotRead();
      return this.literal(e);
    }
    // A `{` that is no repeat is a literal to RE2; it is simpler not to read such patterns.
    if ("*+?{}]".includes(c)) throw new NotRead();
    const char = String.fromCodePoint(p.codePointAt(this.at) as number);
    this.at += char.length;
    return this.literal(char);
  }

  private literal(char: string): Info {
    const code = char.charCodeAt(0);
    const span = code < 0x80 ? this.character(classMembers(/[\w\s]/.test(char) ? char : `\\${char}`)).span : null;
    if (!this.ignoreCase) return { exact: new Set([char]), required: null, span };
    // Non-ASCII characters fold in ways this reader does not follow: any character may match.
    if (code >= 0x80) return ANY_CHARACTER;
    return { exact: new Set([char.toLowerCase()]), required: null, span };
  }

  /** One character of a known ASCII set; under `ignoreCase`, with the other case of its letters. */
  private character(members: Uint8Array | null): Info {
    if (members === null) return ANY_CHARACTER;
    if (this.ignoreCase) {
      // k and s also fold with non-ASCII characters (K, ſ), which the set cannot hold.
      if (members[0x4b] || members[0x6b] || members[0x53] || members[0x73]) return ANY_CHARACTER;
      for (let code = 0x41; code <= 0x5a; code++) {
        if (members[code] || members[code + 0x20]) members[code] = members[code + 0x20] = 1;
      }
    }
    return { exact: null, required: null, span: { members, min: 1 } };
  }

  /** Applies the repeats after an atom: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy. */
  private repeated(atom: Info): Info {
    let info = atom;
    for (;;) {
      const p = this.pattern;
      const c = p[this.at];
      let min: number;
      let max: number;
      if (c === "*" || c === "+" || c === "?") {
        this.at++;
        min = c === "+" ? 1 : 0;
        max = c === "?" ? 1 : Infinity;
      } else if (c === "{") {
        const repeat = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(this.at));
        if (!repeat) throw new NotRead();
        this.at += repeat[0].length;
        min = Number(repeat[1]);
        max = repeat[2] === undefined ? min : repeat[3] === "" ? Infinity : Number(repeat[3]);
      } else return info;
      if (p[this.at] === "?") this.at++;
      const span = info.span ?? null;
      if (min === 0) {
        const exact = max === 1 && info.exact !== null ? union([info.exact, new Set([""])]) : null;
        info = { exact, required: null, span: span && { members: span.members, min: 0 } };
      } else {
        const repeatedSpan = span && { members: span.members, min: span.min * min };
        info = {
          exact: min === 1 && max === 1 ? info.exact : null,
          required: candidate(info),
          span: repeatedSpan,
          run: betterRun(info.run ?? null, repeatedSpan !== null && repeatedSpan.min > 0 ? repeatedSpan : null),
        };
      }
    }
  }

  /** Moves past a bracket class; classes that are hard to delimit (`[]a]`, `[[:alpha:]]`, `\p{..}`) are not read. */
  private skipClass(): void {
    const p = this.pattern;
    this.at++;
    if (p[this.at] === "^") this.at++;
    if (p[this.at] === "]") throw new NotRead();
    while (this.at < p.length) {
      const c = p[this.at];
      if (c === "]") {
        this.at++;
        return;
      }
      if (c === "[") throw new NotRead();
      if (c === "\\") {
        const e = p[this.at + 1];
        if (e === undefined || !(/^[!-/:-@[-`{-~]$/.test(e) || "dDsSwW".includes(e))) throw new NotRead();
        this.at += 2;
        continue;
      }
      this.at++;
    }
    throw new NotRead();
  }
}

/** RE2's `\d`, `\s` (ASCII white space only) and `\w`. */
const PERL_CLASSES: Readonly<Record<string, string>> = { d: "0-9", s: "\t\n\f\r ", w: "0-9A-Za-z_" };

/**
 * The ASCII codes a bracket class body (`A-Z`, `!?.`, `\d,`) or one escape (`\w`) stands for; null
 * for anything that may take in a non-ASCII character (a negated class or escape, a non-ASCII member).
 */
function classMembers(body: string): Uint8Array | null {
  if (body.startsWith("^")) return null;
  const members = new Uint8Array(0x80);
  // Each member as its code (-1 for `\d`, `\s`, `\w`), and whether it was escaped (an escaped "-"
  // is no range).
  const items: Array<{ code: number; escaped: boolean }> = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      items.push({ code: c.charCodeAt(0), escaped: false });
      continue;
    }
    const e = body[++i] ?? "";
    const perl = PERL_CLASSES[e];
    if (perl !== undefined) {
      for (const code of expandRanges(perl)) members[code] = 1;
      items.push({ code: -1, escaped: true });
    } else if (/^[!-/:-@[-`{-~]$/.test(e)) items.push({ code: e.charCodeAt(0), escaped: true });
    else return null;
  }
  for (let i = 0; i < items.length; i++) {
    const { code, escaped } = items[i] as { code: number; escaped: boolean };
    if (code >= 0x80) return null;
    const dash = items[i + 1];
    const to = items[i + 2];
    if (dash !== undefined && to !== undefined && dash.code === 0x2d && !dash.escaped) {
      // A range from or to an escape is left to RE2.
      if (escaped || to.escaped || to.code >= 0x80 || to.code < code) return null;
      for (let member = code; member <= to.code; member++) members[member] = 1;
      i += 2;
    } else if (code !== -1) members[code] = 1;
  }
  return members;
}

function expandRanges(spec: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === "-" && i + 2 < spec.length) {
      for (let code = spec.charCodeAt(i); code <= spec.charCodeAt(i + 2); code++) out.push(code);
      i += 2;
    } else out.push(spec.charCodeAt(i));
  }
  return out;
}
