import { inflections } from "../src/core/match/inflect.ts";
import type { Random } from "./prng.ts";

/**
 * Generated brand kits of N phrase rules, and the same phrases as a prh dictionary for textlint.
 * A kit of N phrases is the first N of one seeded list per category, so the 100-phrase kit is inside
 * the 1,000-phrase kit, which is inside the 10,000-phrase kit: the small kits are mostly real
 * marketing words, the large ones add seeded pseudo-words.
 */
export interface PhraseLists {
  /** Brand.Avoid terms (found with inflections). */
  avoid: string[];
  /** Brand.Terms pairs wrong -> right (found as written, no inflections). */
  prefer: Array<[string, string]>;
  /** Claim phrases, grouped CLAIM_SIZE to a claim (found with inflections). */
  claims: string[];
  /** Tokens of one Vale existence rule in brand/rules/ (found as written). */
  existence: string[];
}

export const CLAIM_SIZE = 5;

/** Share of the N phrases each category gets. */
const SHARES = { avoid: 0.35, prefer: 0.25, claims: 0.2, existence: 0.2 } as const;

const REAL_AVOID = [
  "cheap", "synergy", "leverage", "disrupt", "revolutionary", "ultimate", "seamless", "robust",
  "world class", "junk food", "game changer", "best of breed", "no brainer", "low hanging fruit",
  "bleeding edge", "mission critical", "paradigm shift", "circle back", "deep dive", "move the needle",
  "unleash", "supercharge", "skyrocket", "hassle", "crush", "dominate", "killer", "insane", "epic",
  "rock solid",
];

const REAL_PREFER: Array<[string, string]> = [
  ["utilize", "use"], ["purchase", "buy"], ["commence", "start"], ["assist", "help"],
  ["facilitate", "help"], ["endeavor", "try"], ["in order to", "to"], ["prior to", "before"],
  ["a large number of", "many"], ["consumers", "people"], ["beverage", "drink"], ["soda", "sparkling drink"],
  ["webinar", "online talk"], ["click here", "see"], ["at this point in time", "now"],
  ["due to the fact that", "because"], ["free of charge", "free"], ["in the event that", "if"],
  ["whitepaper", "guide"], ["users", "people"],
];

const REAL_CLAIMS = [
  "clinically proven", "scientifically proven", "boost immunity", "best in the world", "number one",
  "guaranteed results", "risk free", "doctor recommended", "lose weight fast", "instant results",
  "fastest on the market", "lowest price", "never fails", "works for everyone", "no side effects",
  "double your revenue", "zero downtime", "cure stress", "detox your body", "triple your traffic",
];

const REAL_EXISTENCE = [
  "best in class", "next level", "value add", "holistic", "empower", "turnkey", "scalable",
  "frictionless", "omnichannel", "thought leader", "actionable insights", "bandwidth", "learnings",
  "ideate", "growth hacking", "rockstar", "ninja", "wheelhouse", "low touch", "future proof",
];

const CLAIM_VERBS = ["boost", "cure", "prevent", "reverse", "eliminate", "double", "guarantee", "heal", "fix", "end"];
const CLAIM_NOUNS = ["levels", "damage", "risk", "growth", "results", "returns", "symptoms", "stress", "costs"];
const GOOD_WORDS = ["use", "help", "start", "clear", "simple", "fast", "plain", "fair", "kind", "bright"];

const ONSETS = ["b", "br", "bl", "c", "cr", "d", "dr", "f", "fl", "g", "gr", "k", "l", "m", "n", "p", "pl", "pr", "r", "s", "st", "t", "tr", "v", "z", "qu", "sh", "th"];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ee"];
const CODAS = ["", "n", "r", "l", "x", "k", "m", "nd", "st", "v"];

/**
 * Every list long enough for the largest kit. `reserved` holds words the corpus uses as ordinary
 * copy, so a pseudo-word never collides with them.
 */
export function generatePhraseLists(random: Random, maxPhrases: number, reserved: ReadonlySet<string>): PhraseLists {
  const used = new Set<string>(reserved);
  for (const phrase of [...REAL_AVOID, ...REAL_PREFER.flat(), ...REAL_CLAIMS, ...REAL_EXISTENCE]) {
    for (const word of phrase.split(" ")) used.add(word);
  }
  // Each pseudo-word is used once, in one phrase, so phrases of different rules never share a word.
  const pseudo = (): string => {
    for (;;) {
      let word = "";
      const syllables = random.int(2, 3);
      for (let i = 0; i < syllables; i++) word += random.pick(ONSETS) + random.pick(VOWELS) + random.pick(CODAS);
      if (!used.has(word) && !inflections(word).some((form) => used.has(form))) {
        used.add(word);
        return word;
      }
    }
  };
  const count = (share: number): number => Math.ceil(maxPhrases * share);

  const avoid = [...REAL_AVOID];
  while (avoid.length < count(SHARES.avoid)) {
    avoid.push(random.chance(0.7) ? pseudo() : `${pseudo()} ${random.pick(CLAIM_NOUNS)}`);
  }
  const prefer = [...REAL_PREFER];
  while (prefer.length < count(SHARES.prefer)) {
    prefer.push([random.chance(0.75) ? pseudo() : `${pseudo()} ${pseudo()}`, random.pick(GOOD_WORDS)]);
  }
  const claims = [...REAL_CLAIMS];
  while (claims.length < count(SHARES.claims)) {
    const words = [random.pick(CLAIM_VERBS), pseudo()];
    if (random.chance(0.5)) words.push(random.pick(CLAIM_NOUNS));
    if (random.chance(0.2)) words.unshift("clinically");
    claims.push(words.join(" "));
  }
  const existence = [...REAL_EXISTENCE];
  while (existence.length < count(SHARES.existence)) {
    existence.push(random.chance(0.6) ? pseudo() : `${pseudo()} ${pseudo()}`);
  }
  return { avoid, prefer, claims, existence };
}

/** The first `phrases` phrases, split over the categories by their shares. */
export function slicePhrases(lists: PhraseLists, phrases: number): PhraseLists {
  const claimCount = Math.max(CLAIM_SIZE, Math.round((phrases * SHARES.claims) / CLAIM_SIZE) * CLAIM_SIZE);
  const existenceCount = Math.round(phrases * SHARES.existence);
  const preferCount = Math.round(phrases * SHARES.prefer);
  const avoidCount = phrases - claimCount - existenceCount - preferCount;
  return {
    avoid: lists.avoid.slice(0, avoidCount),
    prefer: lists.prefer.slice(0, preferCount),
    claims: lists.claims.slice(0, claimCount),
    existence: lists.existence.slice(0, existenceCount),
  };
}

export function phraseCount(lists: PhraseLists): number {
  return lists.avoid.length + lists.prefer.length + lists.claims.length + lists.existence.length;
}

/** The workspace files `loadKit` takes: onbrand.yaml, brand/brand.yaml and one Vale existence rule. */
export function kitFiles(lists: PhraseLists): Record<string, string> {
  const brand: string[] = ["name: Benchco", "locale: en-US", "terms:", "  avoid:"];
  lists.avoid.forEach((term, i) => {
    // Every tenth term uses the long form, as real kits mix both.
    if (i % 10 === 3) brand.push(`    - term: ${term}`, "      level: error", `      message: "Don't write '%s'."`);
    else brand.push(`    - ${term}`);
  });
  brand.push("  prefer:");
  for (const [wrong, right] of lists.prefer) brand.push(`    ${wrong}: ${right}`);
  brand.push("claims:");
  for (let i = 0; i < lists.claims.length; i += CLAIM_SIZE) {
    brand.push(
      `  - id: claim-${i / CLAIM_SIZE + 1}`,
      `    level: ${i % 2 === 0 ? "error" : "warning"}`,
      `    message: "'%s' is a claim we cannot back."`,
      `    phrases: [${lists.claims.slice(i, i + CLAIM_SIZE).join(", ")}]`,
    );
  }
  const jargon = [
    "extends: existence",
    `message: "'%s' is jargon. Say what it means."`,
    "level: warning",
    "ignorecase: true",
    "tokens:",
    ...lists.existence.map((token) => `  - ${token}`),
  ];
  return {
    "onbrand.yaml": "kit: brand\n",
    "brand/brand.yaml": `${brand.join("\n")}\n`,
    "brand/rules/Jargon.yaml": `${jargon.join("\n")}\n`,
  };
}

/**
 * The same phrases as a prh dictionary: one entry per phrase, with a case-insensitive whole-word
 * pattern that allows any whitespace between words and lists the same inflected forms onbrand finds,
 * so both tools look for exactly the same text.
 */
export function prhDictionary(lists: PhraseLists): string {
  const lines = ["version: 1", "rules:"];
  const entry = (expected: string, phrase: string, inflect: boolean): void => {
    const words = phrase.split(" ").map((word) => {
      const forms = inflect ? inflections(word) : [word];
      return forms.length === 1 ? word : `(?:${forms.join("|")})`;
    });
    // prh skips a match equal to `expected`, so an avoided term's `expected` names the problem instead.
    lines.push(`  - expected: "${expected}"`, `    patterns: '/\\b${words.join("\\s+")}\\b/i'`);
  };
  for (const term of lists.avoid) entry(`(avoid ${term})`, term, true);
  for (const [wrong, right] of lists.prefer) entry(right, wrong, false);
  for (const phrase of lists.claims) entry(`(claim ${phrase})`, phrase, true);
  for (const token of lists.existence) entry(`(jargon ${token})`, token, false);
  return `${lines.join("\n")}\n`;
}

/** Per phrase, how it may be written in copy: its inflected forms where the rule inflects. */
export function plantableForms(lists: PhraseLists): string[][] {
  const inflected = (phrase: string): string[] => {
    const words = phrase.split(" ");
    const last = words.pop() as string;
    return inflections(last).map((form) => [...words, form].join(" "));
  };
  return [
    ...lists.avoid.map(inflected),
    ...lists.prefer.map(([wrong]) => [wrong]),
    ...lists.claims.map(inflected),
    ...lists.existence.map((token) => [token]),
  ];
}
