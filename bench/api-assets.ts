import { mulberry32 } from "./prng.ts";

/**
 * Structured email assets of about 1 KB for the API benchmark, each with different copy: a server
 * that answered one repeated body from a cache would be measured on the cache, not on the check.
 * Seeded, so two runs send the same bodies. The copy is in the demo brand's voice, and about one
 * sentence in four carries something the demo kit flags (a claim, a term to avoid, a misspelt
 * name, a missing disclaimer), so a request does the work of reporting findings too.
 */
// A type, not an interface: it is passed where any structured asset (an index signature) is taken.
export type EmailAsset = {
  channel: "email";
  locale: "en-US";
  id: string;
  audience: string;
  fields: { subject: string; preheader: string; body: string; cta: string; footer: string };
};

const PRODUCTS = ["Fizzwell Original", "Fizzwell Zero", "Fizzwell Citrus Lift"];
const BOTANICALS = ["hibiscus", "ginger", "yuzu", "lemon", "lime", "elderflower", "grapefruit", "mint", "blood orange", "rosemary"];
const MOMENTS = ["the 3 p.m. slump", "a long commute", "Friday lunch", "the school run", "a picnic in the park", "movie night", "the late shift", "a rainy Sunday"];
const AUDIENCES = ["office-workers", "parents", "students", "night-shift", "picnic-fans", "gym-goers"];
const PLACES = ["the office fridge", "your bag", "the cooler", "the desk drawer", "the car door pocket", "the picnic basket"];
const CTAS = ["Find your can", "Pick a flavor", "Order a 12-pack", "Try the sampler", "Meet the new flavors", "Stock the fridge"];

/** Sentences the demo kit is happy with. */
const CLEAN = [
  (p: string, a: string, b: string, m: string) => `${p} pairs bright ${a} with a little ${b}, made for ${m}.`,
  (p: string, a: string, b: string) => `Each can of ${p} has 5 calories and real ${a} and ${b}.`,
  (_p: string, a: string, b: string, m: string) => `Crack one open during ${m} and taste the ${a} first, then the ${b}.`,
  (p: string, a: string) => `Keep a few cans of ${p} in ${PLACES[a.length % PLACES.length]} and share them with the team.`,
  (p: string, a: string, b: string) => `We brew ${p} with ${a} and ${b}, and nothing you need a dictionary for.`,
  (_p: string, a: string, _b: string, m: string) => `A cold can of ${a} fizz turns ${m} into a small break.`,
  (p: string) => `${p} comes in cans of 330 ml, and the cans are fully recyclable.`,
  (_p: string, a: string, b: string) => `Not sure where to start? The sampler has ${a}, ${b} and two more flavors.`,
];

/** Sentences with something the demo kit flags. */
const FLAGGED = [
  (p: string) => `${p} is the best soda for a long day.`,
  (p: string, a: string) => `Our ${a} beverage is a healthy pick for busy consumers.`,
  (p: string) => `${p.replace("Fizzwell", "FizzWell")} is back in stores this week.`,
  (_p: string, a: string) => `The ${a} flavour will boost your immunity.`,
  () => `Enter now to win a year of Fizzwell!! Click here to enter.`,
  (_p: string, a: string) => `Get a gentle lift from green tea and ${a}, with natural caffeine.`,
  (_p: string, a: string) => `It is the cheap treat you will want every afternoon, with ${a} in every sip.`,
];

/**
 * `count` assets of about 1 KB each (1,000 to 1,100 bytes as JSON, `{"asset": ...}` included).
 *
 * @example
 * const assets = emailAssets(16);
 * JSON.stringify({ asset: assets[0] }).length // between 1000 and 1100
 */
export function emailAssets(count: number, seed = 20250705): EmailAsset[] {
  const random = mulberry32(seed);
  const assets: EmailAsset[] = [];
  while (assets.length < count) {
    const product = random.pick(PRODUCTS);
    const sentence = (): string => {
      const [a, b] = [random.pick(BOTANICALS), random.pick(BOTANICALS)];
      const make = random.chance(0.25) ? random.pick(FLAGGED) : random.pick(CLEAN);
      return make(product, a, b === a ? "ginger" : b, random.pick(MOMENTS));
    };
    const paragraphs: string[] = [];
    const asset: EmailAsset = {
      channel: "email",
      locale: "en-US",
      id: `bench-${String(assets.length + 1).padStart(3, "0")}`,
      audience: random.pick(AUDIENCES),
      fields: {
        subject: `Meet ${product}: ${random.pick(BOTANICALS)} for ${random.pick(MOMENTS)}`,
        preheader: `${sentence()} Contains caffeine.`,
        body: "",
        cta: random.pick(CTAS),
        footer: "You are getting this email because you joined Fizz Club. Manage your preferences at any time.",
      },
    };
    // Paragraphs of two or three sentences until the body brings the request to about 1 KB.
    for (;;) {
      const paragraph = Array.from({ length: random.int(2, 3) }, sentence).join(" ");
      const next = [...paragraphs, paragraph].join("\n\n");
      if (requestBytes({ ...asset, fields: { ...asset.fields, body: next } }) > 1100) break;
      paragraphs.push(paragraph);
    }
    asset.fields.body = paragraphs.join("\n\n");
    if (requestBytes(asset) >= 1000) assets.push(asset);
  }
  return assets;
}

function requestBytes(asset: EmailAsset): number {
  return Buffer.byteLength(JSON.stringify({ asset }));
}
