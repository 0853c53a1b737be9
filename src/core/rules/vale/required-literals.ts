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
 */
export interface RequiredLiterals {
  /** Every match contains at least one of these (none contains another). */
  readonly literals: readonly string[];
  readonly ignoreCase: boolean;
}

/** A node's strings: every match is in `exact` (when known), and contains one of `required` (when known). */
interface Info {
  exact: Set<string> | null;
  required: Set<string> | null;
}

/** Beyond this many strings in a set, or this long a string, a node's exact strings are not tracked. */
const MAX_SET = 32;
const MAX_LENGTH = 64;
/** More literals than this cost more to look for than the engine's search. */
const MAX_LITERALS = 12;

const ANY_CHARACTER: Info = { exact: null, required: null };
const EMPTY: Info = { exact: new Set([""]), required: null };

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
 * False when `text[from, to)` contains none of the literals, so the pattern cannot match there.
 *
 * @example
 * const required = requiredLiterals("gr[ae]y|colou?r", true);
 * mayMatch(required, "A GREY sky") // true
 */
export function mayMatch(required: RequiredLiterals | null, text: string, from = 0, to = text.length): boolean {
  if (required === null) return true;
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  const haystack = required.ignoreCase ? foldForLiterals(slice) : slice;
  for (const literal of required.literals) if (haystack.includes(literal)) return true;
  return false;
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
  const shortest = (set: Set<string>): number => Math.min(...[...set].map((s) => s.length));
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
  }
  return { exact, required };
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
    return {
      exact: union(branches.map((b) => b.exact)),
      required: union(branches.map(candidate)),
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
      this.skipClass();
      return ANY_CHARACTER;
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
      if (e !== undefined && "dDsSwW".includes(e)) return ANY_CHARACTER;
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
    if (!this.ignoreCase) return { exact: new Set([char]), required: null };
    // Non-ASCII characters fold in ways this reader does not follow: any character may match.
    if (char.charCodeAt(0) >= 0x80) return ANY_CHARACTER;
    return { exact: new Set([char.toLowerCase()]), required: null };
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
      if (min === 0) {
        const exact = max === 1 && info.exact !== null ? union([info.exact, new Set([""])]) : null;
        info = { exact, required: null };
      } else {
        info = { exact: min === 1 && max === 1 ? info.exact : null, required: candidate(info) };
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
