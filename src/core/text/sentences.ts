/**
 * Sentence boundaries in prose. A sentence ends at `.`, `!`, `?` or `…` (any run of them, plus
 * closing quotes and brackets) followed by whitespace or the end of the range, and at `。！？`
 * with nothing after them. These do not end a sentence:
 * - a terminator followed by a lowercase word (`approx. five`, `wait... what`);
 * - a period inside a number or a name (`3.5`, `example.com`): no whitespace follows it;
 * - a title or Latin abbreviation (`Dr.`, `Mr.`, `e.g.`, `i.e.`, `vs.`) or a single capital
 *   initial (`J. Smith`);
 * - an abbreviation that often precedes a number or a name (`No.`, `Inc.`, `etc.`, `Jan.`,
 *   `U.S.`) unless the next word starts with a capital letter.
 * A blank line always ends a sentence.
 */
export interface Span {
  /** UTF-16 offsets, end exclusive, trimmed of surrounding whitespace. */
  start: number;
  end: number;
}

/** Abbreviations that never end a sentence: a name or a number always follows them. */
const NEVER_FINAL: ReadonlySet<string> = new Set([
  "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "cf", "e.g", "i.e", "viz",
  "approx", "fig", "figs", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "rev", "hon", "pres",
]);

/** Abbreviations that end a sentence only when the next word is capitalised. */
const USUALLY_INNER: ReadonlySet<string> = new Set([
  "etc", "inc", "ltd", "co", "corp", "llc", "plc", "no", "nos", "vol", "pp", "al", "ca", "est", "dept",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "a.m", "p.m",
]);

/** The longest entry above, so most words are rejected before any string is made. */
const MAX_ABBREVIATION = 6;

/** Character classes the scanner cares about. */
const OTHER = 0;
const SPACE = 1;
const TERMINATOR = 2;
const WIDE_TERMINATOR = 3;
const CLOSER = 4;

function kindOf(code: number): number {
  switch (code) {
    case 0x20: case 0x09: case 0x0a: case 0x0d: case 0x0c: case 0xa0: case 0x2028: case 0x2029: case 0x3000:
      return SPACE;
    case 0x2e: case 0x21: case 0x3f: case 0x2026: case 0x203c: case 0x2049:
      return TERMINATOR;
    case 0x3002: case 0xff01: case 0xff1f:
      return WIDE_TERMINATOR;
    case 0x22: case 0x27: case 0x29: case 0x5d: case 0x7d: case 0xbb: case 0x2019: case 0x201d: case 0x203a:
    case 0x300d: case 0x300f: case 0xff09:
      return CLOSER;
    default:
      return code >= 0x2000 && code <= 0x200b ? SPACE : OTHER;
  }
}

function isLetterOrDigit(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  const ch = String.fromCharCode(code);
  return ch.toLowerCase() !== ch.toUpperCase() || (code >= 0x3040 && code <= 0x9fff);
}

/** -1 lowercase letter, 1 uppercase letter, 0 anything else (digits, CJK, symbols). */
function letterCase(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return -1;
  if (code >= 0x41 && code <= 0x5a) return 1;
  if (code < 0x80) return 0;
  const ch = String.fromCharCode(code);
  if (ch.toLowerCase() === ch.toUpperCase()) return 0;
  return ch === ch.toLowerCase() ? -1 : 1;
}

/**
 * How the word just before a period at `dot` affects the boundary: 0 an ordinary word, 1 never a
 * boundary, 2 a boundary only before a capital.
 */
function abbreviationAt(text: string, dot: number, from: number): number {
  let start = dot;
  // Walk back over letters and inner dots: `e.g`, `U.S`, `Dr`.
  while (start > from) {
    const code = text.charCodeAt(start - 1);
    if (code === 0x2e || isLetterOrDigit(code)) start--;
    else break;
  }
  const length = dot - start;
  if (length === 0) return 0;
  if (length === 1 && letterCase(text.charCodeAt(start)) === 1) return 1;
  const word = length <= MAX_ABBREVIATION ? text.slice(start, dot).toLowerCase() : "";
  if (NEVER_FINAL.has(word)) return 1;
  if (USUALLY_INNER.has(word)) return 2;
  // Dotted initialisms (`U.S`, `a.k.a`): letters separated by single dots.
  if (length >= 3 && text.charCodeAt(start + 1) === 0x2e) {
    for (let i = start; i < dot; i += 2) {
      if (!isLetterOrDigit(text.charCodeAt(i)) || (i + 1 < dot && text.charCodeAt(i + 1) !== 0x2e)) return 0;
    }
    return 2;
  }
  return 0;
}

/**
 * Splits `text[from, to)` into sentences, in order, each trimmed of whitespace. Text with no
 * terminator is one sentence; a range holding only whitespace has none.
 *
 * @example
 * splitSentences("Dr. Lee paid $3.50. Worth it!") // [{start: 0, end: 19}, {start: 20, end: 29}]
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let start = -1;
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    const kind = kindOf(code);
    if (start === -1) {
      if (kind !== SPACE) start = i;
      else {
        i++;
        continue;
      }
    }
    if (kind === SPACE) {
      // A blank line (newline, optional spaces, newline) ends a sentence.
      if (code === 0x0a) {
        let j = i + 1;
        while (j < to && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09 || text.charCodeAt(j) === 0x0d)) j++;
        if (j < to && text.charCodeAt(j) === 0x0a) {
          pushTrimmed(text, spans, start, i);
          start = -1;
          i = j + 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if (kind === WIDE_TERMINATOR) {
      let end = i + 1;
      while (end < to && (kindOf(text.charCodeAt(end)) === WIDE_TERMINATOR || kindOf(text.charCodeAt(end)) === CLOSER)) end++;
      pushTrimmed(text, spans, start, end);
      start = -1;
      i = end;
      continue;
    }
    if (kind !== TERMINATOR) {
      i++;
      continue;
    }
    // A run of terminators (`?!`, `...`) and closing quotes or brackets.
    let end = i + 1;
    let single = code === 0x2e;
    while (end < to) {
      const k = kindOf(text.charCodeAt(end));
      if (k === TERMINATOR) single = false;
      else if (k !== CLOSER) break;
      end++;
    }
    if (end < to && kindOf(text.charCodeAt(end)) !== SPACE) {
      // `3.5`, `example.com`, `e.g.,`: the sentence goes on.
      i = end;
      continue;
    }
    let next = end;
    while (next < to && kindOf(text.charCodeAt(next)) === SPACE) next++;
    // Opening quotes and brackets before the next word do not decide its case.
    let word = next;
    while (word < to && isOpener(text.charCodeAt(word))) word++;
    const nextCase = word < to ? letterCase(text.charCodeAt(word)) : 0;
    let boundary = next >= to || nextCase !== -1;
    if (boundary && single && next < to) {
      const abbreviation = abbreviationAt(text, i, from);
      if (abbreviation === 1 || (abbreviation === 2 && nextCase !== 1)) boundary = false;
    }
    if (boundary) {
      pushTrimmed(text, spans, start, end);
      start = -1;
    }
    i = end;
  }
  if (start !== -1) pushTrimmed(text, spans, start, to);
  return spans;
}

/** The text whose blocks were split last, and each block's sentences by its start. */
let splitText: string | undefined;
const splitBlocks = new Map<number, { to: number; spans: readonly Span[] }>();

/**
 * splitSentences of `text[from, to)`, kept for the last text split: the engine's sentence scopes
 * and the readability counts split the same blocks of a document. The spans are shared: read them,
 * do not change them.
 *
 * @example
 * sentencesIn(doc.text, block.start, block.end) === sentencesIn(doc.text, block.start, block.end) // true
 */
export function sentencesIn(text: string, from: number, to: number): readonly Span[] {
  if (text !== splitText) {
    splitText = text;
    splitBlocks.clear();
  }
  const known = splitBlocks.get(from);
  if (known && known.to === to) return known.spans;
  const spans = splitSentences(text, from, to);
  splitBlocks.set(from, { to, spans });
  return spans;
}

function isOpener(code: number): boolean {
  // " ' ( [ ‘ “ « ¿ ¡
  return (
    code === 0x22 || code === 0x27 || code === 0x28 || code === 0x5b || code === 0x2018 || code === 0x201c ||
    code === 0xab || code === 0xbf || code === 0xa1
  );
}

function pushTrimmed(text: string, spans: Span[], start: number, end: number): void {
  while (end > start && kindOf(text.charCodeAt(end - 1)) === SPACE) end--;
  if (end > start) spans.push({ start, end });
}
