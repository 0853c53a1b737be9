import type { Brand } from "../../kit/brand-schema.ts";
import { sourcePlace, type KitSource } from "../../kit/kit-source.ts";
import { collapseWhitespace, phraseKey } from "../../kit/phrase-text.ts";
import type { PhraseEntry, PhraseHit, Rule, RuleContext } from "../rule.ts";

export const BRAND_TERMS_ID = "Brand.Terms";

/** `right` is null for an entry that only shields the preferred term (see below). */
interface TermData {
  right: string | null;
}

/**
 * `Brand.Terms`: `terms.prefer` maps a wrong term to the right one. The wrong term is found
 * case-insensitively and without inflections; the suggestion takes the case of the match
 * ("E-mail" -> "Email", "E-MAIL" -> "EMAIL", otherwise as written in the kit).
 *
 * When the right term contains the wrong one (`free: sugar-free`), the right term is also looked
 * up so that the longer match wins and correct text is never flagged.
 *
 * @example
 * // prefer: { e-mail: email }
 * // "E-mail us" -> Brand.Terms at 1:1 "Use 'Email' instead of 'E-mail'." suggestions ["Email"]
 */
export function compileBrandTerms(brand: Brand, source?: KitSource): Rule[] {
  const pairs = Object.entries(brand.terms.prefer);
  if (pairs.length === 0) return [];
  const wrongKeys = new Set(pairs.map(([wrong]) => phraseKey(wrong)));
  const phrases: PhraseEntry[] = [];
  for (const [wrong, right] of pairs) {
    phrases.push({ phrase: wrong, data: { right } satisfies TermData });
    const rightKey = phraseKey(right);
    if (rightKey.includes(phraseKey(wrong)) && !wrongKeys.has(rightKey)) {
      phrases.push({ phrase: right, data: { right: null } satisfies TermData });
    }
  }
  return [
    {
      meta: {
        id: BRAND_TERMS_ID,
        type: "brand.terms",
        level: "warning",
        description: "Use the kit's preferred terms.",
        scope: { include: ["text"], exclude: [] },
        source: sourcePlace(source, ["terms", "prefer"]),
      },
      phrases,
      onPhrases: reportWrongTerms,
    },
  ];
}

function reportWrongTerms(hits: readonly PhraseHit[], ctx: RuleContext): void {
  for (const hit of hits) {
    // Data is this rule's own, set in compileBrandTerms.
    const { right } = hit.entry.data as TermData;
    if (right === null) continue;
    const written = collapseWhitespace(ctx.doc.source.slice(hit.start, hit.end));
    const suggestion = matchCase(right, written);
    ctx.report({
      start: hit.start,
      end: hit.end,
      message: `Use '${suggestion}' instead of '${written}'.`,
      suggestions: [suggestion],
    });
  }
}

/**
 * `replacement` in the case of `written`: all capitals when the match is all capitals (two or
 * more letters), a capital first letter when the match starts with one, otherwise unchanged
 * (a lower-case match never lower-cases a proper noun in the replacement).
 */
export function matchCase(replacement: string, written: string): string {
  const letters = written.replace(/[^\p{L}]/gu, "");
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) {
    return replacement.toUpperCase();
  }
  const first = letters[0];
  if (first && first !== first.toLowerCase()) {
    const at = replacement.search(/\p{L}/u);
    if (at >= 0) return replacement.slice(0, at) + replacement.charAt(at).toUpperCase() + replacement.slice(at + 1);
  }
  return replacement;
}
