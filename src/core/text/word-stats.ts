import { sentencesIn } from "./sentences.ts";
import { countSyllables } from "./syllables.ts";

/** Counts over prose, the inputs of readability formulas (Vale's `metric` variables). */
export interface WordStats {
  words: number;
  /** Sentences that hold at least one word. */
  sentences: number;
  /** Letters and digits inside words (apostrophes and dots not counted). */
  characters: number;
  syllables: number;
  /** Words of three or more syllables once an `-es`, `-ed` or `-ing` ending is discounted (Gunning Fog). */
  complexWords: number;
  /** Words of more than six letters and digits (LIX). */
  longWords: number;
  /** Words of three or more syllables (SMOG). */
  polysyllabicWords: number;
  /** Blocks that hold at least one word. */
  paragraphs: number;
}

/**
 * Counts words, sentences, syllables and the rest over `text[block.start, block.end)` for each
 * block; blocks are paragraphs, so no sentence spans two of them.
 *
 * @example
 * const text = "Fizzwell is refreshing. Try it.";
 * wordStats(text, [{ start: 0, end: text.length }]);
 * // { words: 5, sentences: 2, characters: 25, syllables: 8, complexWords: 0, longWords: 2, polysyllabicWords: 1, paragraphs: 1 }
 */
export function wordStats(text: string, blocks: ReadonlyArray<{ start: number; end: number }>): WordStats {
  const stats: WordStats = {
    words: 0,
    sentences: 0,
    characters: 0,
    syllables: 0,
    complexWords: 0,
    longWords: 0,
    polysyllabicWords: 0,
    paragraphs: 0,
  };
  for (const block of blocks) {
    const before = stats.words;
    for (const sentence of sentencesIn(text, block.start, block.end)) {
      const words = stats.words;
      // The words that start inside the sentence; a word runs on as far as the text lets it. A
      // start inside a surrogate pair moves back to the pair, as a Unicode pattern's search does.
      const inPair = sentence.start > 0 && widthAt(text, sentence.start - 1) === 2;
      for (let i = inPair ? sentence.start - 1 : sentence.start; i < sentence.end; ) {
        const end = wordEnd(text, i);
        if (end === -1) {
          i += widthAt(text, i);
          continue;
        }
        countWord(text.slice(i, end), stats);
        i = end;
      }
      if (stats.words > words) stats.sentences++;
    }
    if (stats.words > before) stats.paragraphs++;
  }
  return stats;
}

/**
 * Where the word starting at `i` ends, or -1 when none starts there. A word: letters, digits and
 * marks with inner apostrophes (`don't`), or a dotted initialism (`U.S.`), so a number like `3.5`
 * is two words and `e.g.` one; the matches of the Unicode pattern
 * `(?:\p{Lu}\.){2,}|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*`, which the tests hold this to.
 * Scanning costs less than running the pattern, which cost more than the counting.
 */
function wordEnd(text: string, i: number): number {
  // (?:\p{Lu}\.){2,}
  let j = i;
  let initials = 0;
  while (j < text.length) {
    const width = widthAt(text, j);
    if ((kindAt(text, j) & UPPER) === 0 || text.charCodeAt(j + width) !== 0x2e) break;
    j += width + 1;
    initials++;
  }
  if (initials >= 2) return j;
  // [\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*
  if ((kindAt(text, i) & WORD_CHAR) === 0) return -1;
  j = i;
  for (;;) {
    while (j < text.length && (kindAt(text, j) & WORD_CHAR) !== 0) j += widthAt(text, j);
    const code = text.charCodeAt(j);
    if ((code !== 0x27 && code !== 0x2019) || j + 1 >= text.length || (kindAt(text, j + 1) & WORD_CHAR) === 0) return j;
    j++;
  }
}

/** UTF-16 units of the code point at `i`: 2 for a surrogate pair. */
function widthAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff) return 1;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

const KNOWN = 1;
const WORD_CHAR = 2;
const UPPER = 4;
/** Kind of every BMP code unit, filled on first sight (as the tokenizer does). */
const kinds = new Uint8Array(0x10000);
const astralKinds = new Map<number, number>();

function kindAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdfff) {
    let kind = kinds[code] as number;
    if (kind === 0) {
      kind = kindOf(String.fromCharCode(code));
      kinds[code] = kind;
    }
    return kind;
  }
  const point = text.codePointAt(i) as number;
  if (point <= 0xffff) return KNOWN; // a lone surrogate
  let kind = astralKinds.get(point);
  if (kind === undefined) {
    kind = kindOf(String.fromCodePoint(point));
    if (astralKinds.size < 10_000) astralKinds.set(point, kind);
  }
  return kind;
}

function kindOf(char: string): number {
  return KNOWN | (/[\p{L}\p{N}\p{M}]/u.test(char) ? WORD_CHAR : 0) | (/\p{Lu}/u.test(char) ? UPPER : 0);
}

/**
 * Syllables of words seen before, in any document: words repeat, and counting syllables is the
 * costly part. Emptied when full, so it cannot grow without bound.
 */
const syllableCache = new Map<string, number>();
const SYLLABLE_CACHE_SIZE = 20_000;

function syllablesOf(word: string): number {
  let syllables = syllableCache.get(word);
  if (syllables === undefined) {
    syllables = countSyllables(word);
    if (syllableCache.size >= SYLLABLE_CACHE_SIZE) syllableCache.clear();
    // A copy as the key: a substring can keep alive the whole document it was cut from.
    syllableCache.set(Array.from(word).join(""), syllables);
  }
  return syllables;
}

function countWord(word: string, stats: WordStats): void {
  let characters = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    // Skip apostrophes, dots and the second half of a surrogate pair.
    if (code === 0x27 || code === 0x2019 || code === 0x2e || (code >= 0xdc00 && code <= 0xdfff)) continue;
    characters++;
  }
  const syllables = syllablesOf(word);
  stats.words++;
  stats.characters += characters;
  stats.syllables += syllables;
  if (characters > 6) stats.longWords++;
  if (syllables > 2) stats.polysyllabicWords++;
  // Only a word of exactly three syllables needs its ending read: fewer is never complex, more always.
  if (syllables > 3 || (syllables === 3 && !inflectedEnding(word))) stats.complexWords++;
}

/**
 * Ends in `-es`, `-ed` or `-ing`, in any case: `toLowerCase().endsWith(...)` without the copy. No
 * character but A-Z lower-cases to an ASCII letter at the end of a word, and `code | 0x20` is one
 * of these letters only for the letter in either case.
 */
function inflectedEnding(word: string): boolean {
  const n = word.length;
  const back = (k: number): number => word.charCodeAt(n - k) | 0x20;
  return (back(2) === 0x65 && (back(1) === 0x73 || back(1) === 0x64)) || (back(3) === 0x69 && back(2) === 0x6e && back(1) === 0x67);
}
