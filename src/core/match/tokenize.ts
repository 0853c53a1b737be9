/**
 * Splits prose into word tokens (letters, digits and combining marks, with inner apostrophes:
 * "don't") and single punctuation tokens. Whitespace is never a token. Offsets are UTF-16 offsets
 * into the text, end exclusive.
 */
export interface Token {
  start: number;
  end: number;
  /** Lower-cased token text, the key every lookup uses. */
  lower: string;
  /** True for a word, false for a punctuation or symbol character. */
  word: boolean;
}

const WORD_START = /^[\p{L}\p{N}\p{M}]/u;
const TOKEN = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN.source, "gu");
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const value = m[0];
    const word = WORD_START.test(value);
    tokens.push({ start: m.index, end: m.index + value.length, lower: word ? value.toLowerCase() : value, word });
  }
  return tokens;
}

/** Tokens of a phrase as the matcher keys them (lower case). */
export function phraseTokens(phrase: string): Token[] {
  return tokenize(phrase);
}
