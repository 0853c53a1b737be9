/**
 * English inflections of a word, so a claim such as "cure" also catches cures, cured and curing.
 * Generating forms from the base (rather than stemming the text) keeps the check exact: a text word
 * matches only if it is one of the listed forms, so "news" never matches "new".
 */
const VOWEL = /[aeiou]/;

/** Irregular verbs that marketing claims use: base -> past and participle forms. */
const IRREGULAR: Readonly<Record<string, readonly string[]>> = {
  lose: ["lost"],
  win: ["won", "winning"],
  buy: ["bought"],
  make: ["made"],
  give: ["gave", "given"],
  take: ["took", "taken"],
  get: ["got", "gotten", "getting"],
  feel: ["felt"],
  keep: ["kept"],
  fight: ["fought"],
  beat: ["beaten"],
  grow: ["grew", "grown"],
  burn: ["burnt"],
  prove: ["proven"],
  sell: ["sold"],
  think: ["thought"],
  bring: ["brought"],
  drink: ["drank", "drunk"],
  eat: ["ate", "eaten"],
  rise: ["rose", "risen"],
  shrink: ["shrank", "shrunk"],
  do: ["did", "done", "does"],
  go: ["went", "gone", "goes"],
  be: ["is", "are", "was", "were", "been"],
  have: ["has", "had"],
};

export function inflections(word: string): string[] {
  const w = word.toLowerCase();
  const forms = new Set<string>([w, ...(Object.hasOwn(IRREGULAR, w) ? (IRREGULAR[w] ?? []) : [])]);
  if (w.length < 2 || !/^[a-z]+$/.test(w)) return [...forms];
  const last = w[w.length - 1] ?? "";
  const beforeLast = w[w.length - 2] ?? "";
  const consonantY = last === "y" && !VOWEL.test(beforeLast);

  // Plural and third person.
  if (/(?:s|x|z|ch|sh)$/.test(w)) forms.add(`${w}es`);
  else if (consonantY) forms.add(`${w.slice(0, -1)}ies`);
  else {
    forms.add(`${w}s`);
    if (last === "o") forms.add(`${w}es`);
  }

  // Past tense and participles.
  if (last === "e") {
    forms.add(`${w}d`);
    if (w.endsWith("ie")) forms.add(`${w.slice(0, -2)}ying`);
    else if (/(?:ee|ye|oe)$/.test(w)) forms.add(`${w}ing`);
    else forms.add(`${w.slice(0, -1)}ing`);
  } else if (consonantY) {
    forms.add(`${w.slice(0, -1)}ied`);
    forms.add(`${w}ing`);
  } else {
    forms.add(`${w}ed`);
    forms.add(`${w}ing`);
    // Consonant-vowel-consonant endings double the consonant in most verbs (stop, stopped).
    if (/[^aeiou][aeiou][bcdfgklmnprstvz]$/.test(w)) {
      forms.add(`${w}${last}ed`);
      forms.add(`${w}${last}ing`);
    }
  }
  return [...forms];
}
