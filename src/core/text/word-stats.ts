import { splitSentences } from "./sentences.ts";
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
 * A word: letters, digits and marks with inner apostrophes (`don't`), or a dotted initialism
 * (`U.S.`), so a number like `3.5` is two words and `e.g.` one.
 */
const WORD = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

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
  const re = new RegExp(WORD.source, "gu");
  for (const block of blocks) {
    const before = stats.words;
    for (const sentence of splitSentences(text, block.start, block.end)) {
      const words = stats.words;
      re.lastIndex = sentence.start;
      for (let m = re.exec(text); m && m.index < sentence.end; m = re.exec(text)) countWord(m[0], stats);
      if (stats.words > words) stats.sentences++;
    }
    if (stats.words > before) stats.paragraphs++;
  }
  return stats;
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
  const lower = word.toLowerCase();
  const inflected = lower.endsWith("es") || lower.endsWith("ed") || lower.endsWith("ing");
  if (syllables - (inflected ? 1 : 0) > 2) stats.complexWords++;
}
