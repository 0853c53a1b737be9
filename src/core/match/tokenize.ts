/**
 * Splits prose into word tokens (letters, digits and combining marks, with inner apostrophes:
 * "don't") and single punctuation or symbol tokens. Whitespace is never a token. Offsets are
 * UTF-16 offsets into the text, end exclusive.
 */
export interface Token {
  start: number;
  end: number;
  /** Lower-cased token text with ’ folded to ', the key every lookup uses. */
  lower: string;
  /** True for a word, false for a punctuation or symbol character. */
  word: boolean;
}

const UNKNOWN = 0;
const WORD = 1;
const OTHER = 2;
const SPACE = 3;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SPACE_CHAR = /\s/u;

// Class of every BMP code unit, filled on first sight: the tokenizer runs on every keystroke, so
// the Unicode property test happens once per distinct character, not once per character.
const classes = new Uint8Array(0x10000);

function classify(text: string, i: number, code: number): number {
  if (code < 0xd800 || code > 0xdfff) {
    let kind = classes[code] as number;
    if (kind === UNKNOWN) {
      const ch = String.fromCharCode(code);
      kind = WORD_CHAR.test(ch) ? WORD : SPACE_CHAR.test(ch) ? SPACE : OTHER;
      classes[code] = kind;
    }
    return kind;
  }
  const point = text.codePointAt(i) ?? code;
  return WORD_CHAR.test(String.fromCodePoint(point)) ? WORD : OTHER;
}

function width(code: number): number {
  return code >= 0xd800 && code <= 0xdbff ? 2 : 1;
}

/** Tokens plus how many of them are words (counted in the same pass: the engine needs both). */
export interface Tokens extends Array<Token> {
  words: number;
}

export function tokenize(text: string, from = 0, to = text.length): Tokens {
  const tokens = [] as unknown as Tokens;
  let words = 0;
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? asciiClass(code) : classify(text, i, code);
    if (kind === SPACE) {
      i++;
      continue;
    }
    if (kind === OTHER) {
      const end = Math.min(to, i + width(code));
      tokens.push({ start: i, end, lower: text.slice(i, end), word: false });
      i = end;
      continue;
    }
    const start = i;
    let ascii = true;
    while (i < to) {
      const c = text.charCodeAt(i);
      const k = c < 128 ? asciiClass(c) : classify(text, i, c);
      if (k === WORD) {
        if (c >= 128) ascii = false;
        i += width(c);
        continue;
      }
      // An apostrophe between two word characters stays inside the word: don't, Fizzwell's.
      if ((c === 39 || c === 0x2019) && i + 1 < to) {
        const n = text.charCodeAt(i + 1);
        if ((n < 128 ? asciiClass(n) : classify(text, i + 1, n)) === WORD) {
          if (c !== 39) ascii = false;
          i++;
          continue;
        }
      }
      break;
    }
    const value = text.slice(start, i);
    const lower = ascii && !hasUpper(value) ? value : value.toLowerCase();
    // Typeset copy uses ’ where a kit writes ': both spell the same word.
    tokens.push({ start, end: i, lower: ascii ? lower : lower.replaceAll("’", "'"), word: true });
    words++;
  }
  tokens.words = words;
  return tokens;
}

function asciiClass(c: number): number {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return WORD;
  if (c === 32 || (c >= 9 && c <= 13)) return SPACE;
  return OTHER;
}

function hasUpper(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}
