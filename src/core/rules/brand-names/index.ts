import type { Brand } from "../../kit/brand-schema.ts";
import { sourcePlace, type KitSource } from "../../kit/kit-source.ts";
import { collapseWhitespace } from "../../kit/phrase-text.ts";
import type { PhraseEntry, PhraseHit, Rule, RuleContext } from "../rule.ts";

export const BRAND_NAMES_ID = "Brand.Names";

interface NameData {
  name: string;
  /** Characters at the end of the hit that are not part of the name (a possessive `'s`). */
  tail: number;
}

/**
 * `Brand.Names`: every brand name is written exactly as `terms.brand_names` lists it. Names are
 * looked up case-insensitively, so "FizzWell", "FIZZWELL" and "fizzwell" are all found and
 * reported with the right spelling; a possessive ("FizzWell's") is reported on the name part.
 * A single lower-case word of 4+ letters ("Fizzwell") also catches its hyphenated splits
 * ("Fizz-well", "Fizz-Well"). Spaced splits ("Fizz well") are not caught: they collide with
 * ordinary words ("Everyday" / "every day"); list them under `terms.prefer` when they happen.
 * Handles, hashtags and domains (`@fizzwell`, `#fizzwell`, `fizzwell.com`) are left alone.
 *
 * @example
 * compileBrandNames({ ...brand, terms: { ...brand.terms, brand_names: ["Fizzwell"] } })
 * // "Try FizzWell" -> Brand.Names at 1:5 "Use 'Fizzwell' instead of 'FizzWell'." suggestions ["Fizzwell"]
 */
export function compileBrandNames(brand: Brand, source?: KitSource): Rule[] {
  const names = brand.terms.brand_names;
  if (names.length === 0) return [];
  const phrases: PhraseEntry[] = [];
  for (const name of names) {
    const data = (tail: number): NameData => ({ name: collapseWhitespace(name), tail });
    phrases.push({ phrase: name, data: data(0) });
    // "fizzwell's" is one token, so the possessive needs entries of its own.
    if (/[\p{L}\p{N}]$/u.test(name)) {
      phrases.push({ phrase: `${name}'s`, data: data(2) }, { phrase: `${name}’s`, data: data(2) });
    }
    for (const split of hyphenSplits(name)) phrases.push({ phrase: split, data: data(0) });
  }
  return [
    {
      meta: {
        id: BRAND_NAMES_ID,
        type: "brand.names",
        level: "error",
        description: "Brand names are written exactly as the kit lists them.",
        scope: { include: ["text"], exclude: [] },
        source: sourcePlace(source, ["terms", "brand_names"]),
      },
      phrases,
      onPhrases: reportMisspelledNames,
    },
  ];
}

function reportMisspelledNames(hits: readonly PhraseHit[], ctx: RuleContext): void {
  for (const hit of hits) {
    // Data is this rule's own, set in compileBrandNames.
    const { name, tail } = hit.entry.data as NameData;
    const end = hit.end - tail;
    const written = collapseWhitespace(ctx.doc.source.slice(hit.start, end));
    if (written === name || isHandleOrDomain(ctx.doc.source, hit.start, end)) continue;
    ctx.report({ start: hit.start, end, message: `Use '${name}' instead of '${written}'.`, suggestions: [name] });
  }
}

/**
 * `@fizzwell`, `#fizzwell` and `fizzwell.com` are handles, hashtags and domains, written in lower
 * case on purpose: not misspellings of the name.
 */
function isHandleOrDomain(source: string, start: number, end: number): boolean {
  const before = source[start - 1];
  if (before === "@" || before === "#" || before === "/" || before === ".") return true;
  return source[end] === "." && /[\p{L}\p{N}]/u.test(source[end + 1] ?? "");
}

/** "Fizzwell" -> "Fi-zzwell", "Fiz-zwell", ...: both parts at least two letters. */
function hyphenSplits(name: string): string[] {
  if (!/^\p{Lu}?\p{Ll}+$/u.test(name) || name.length < 4) return [];
  const splits: string[] = [];
  for (let i = 2; i <= name.length - 2; i++) splits.push(`${name.slice(0, i)}-${name.slice(i)}`);
  return splits;
}
