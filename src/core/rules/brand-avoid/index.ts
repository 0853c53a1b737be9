import type { Level } from "../../findings.ts";
import type { Brand } from "../../kit/brand-schema.ts";
import { sourcePlace, type KitSource } from "../../kit/kit-source.ts";
import { collapseWhitespace } from "../../kit/phrase-text.ts";
import type { PhraseEntry, PhraseHit, Rule, RuleContext } from "../rule.ts";

export const BRAND_AVOID_ID = "Brand.Avoid";

interface AvoidData {
  term: string;
  message: string | undefined;
  level: Level;
}

/**
 * `Brand.Avoid`: words and phrases from `terms.avoid`, found case-insensitively with their
 * inflections ("disrupt" also finds "disrupts", "disrupted", "disrupting"). The message is
 * "Avoid '<term>'." or the item's own message, where `%s` is the matched text; the level is the
 * item's (default warning).
 *
 * @example
 * // avoid: [{ term: cheap, level: error, message: "Say 'great value', not '%s'." }]
 * // "So cheap!" -> Brand.Avoid error at 1:4 "Say 'great value', not 'cheap'."
 */
export function compileBrandAvoid(brand: Brand, source?: KitSource): Rule[] {
  const items = brand.terms.avoid;
  if (items.length === 0) return [];
  const phrases: PhraseEntry[] = items.map((item) => {
    const data: AvoidData =
      typeof item === "string"
        ? { term: item, message: undefined, level: "warning" }
        : { term: item.term, message: item.message, level: item.level ?? "warning" };
    return { phrase: data.term, inflect: true, data };
  });
  return [
    {
      meta: {
        id: BRAND_AVOID_ID,
        type: "brand.avoid",
        level: "warning",
        description: "Words and phrases the kit says to avoid.",
        scope: { include: ["text"], exclude: [] },
        source: sourcePlace(source, ["terms", "avoid"]),
      },
      phrases,
      onPhrases: reportAvoided,
    },
  ];
}

function reportAvoided(hits: readonly PhraseHit[], ctx: RuleContext): void {
  for (const hit of hits) {
    // Data is this rule's own, set in compileBrandAvoid.
    const { term, message, level } = hit.entry.data as AvoidData;
    const written = collapseWhitespace(ctx.doc.source.slice(hit.start, hit.end));
    ctx.report({
      start: hit.start,
      end: hit.end,
      message: message === undefined ? `Avoid '${term}'.` : message.replaceAll("%s", written),
      level,
    });
  }
}
