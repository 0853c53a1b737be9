import type { AssetContext, PhraseHit, Rule, RuleContext } from "../rule.ts";
import type { Brand, Disclaimer } from "../../kit/brand-schema.ts";
import { sourcePlace, type KitSource } from "../../kit/kit-source.ts";
import { collapseWhitespace } from "../../kit/phrase-text.ts";

export const BRAND_DISCLAIMERS_PREFIX = "Brand.Disclaimers.";

/**
 * `Brand.Disclaimers.<id>`: one rule per entry of `disclaimers`. When a `when` phrase appears
 * (case-insensitively, with inflections) and the `require` text appears nowhere in the asset
 * (every field of a structured asset counts), the rule reports once per asset, at the first
 * trigger. The required text is compared case-insensitively, with whitespace collapsed, curly
 * and straight quotes treated alike, and its own final full stop optional.
 *
 * @example
 * // disclaimers: [{ id: caffeine, when: [energy boost], require: "Contains caffeine." }]
 * // "An energy boost in every can." -> Brand.Disclaimers.caffeine warning at 1:4
 * //   '"energy boost" needs the disclaimer: "Contains caffeine."'
 */
export function compileBrandDisclaimers(brand: Brand, source?: KitSource): Rule[] {
  return brand.disclaimers.map((disclaimer, index) => {
    const id = `${BRAND_DISCLAIMERS_PREFIX}${disclaimer.id}`;
    const required = searchable(disclaimer.require).replace(/[.!]+$/, "");
    return {
      meta: {
        id,
        type: "brand.disclaimers",
        level: disclaimer.level ?? "warning",
        description: `Copy that says "${disclaimer.when[0] ?? ""}" carries the disclaimer "${disclaimer.require}".`,
        scope: { include: ["text"], exclude: [] },
        source: sourcePlace(source, ["disclaimers", index]),
      },
      phrases: disclaimer.when.map((phrase) => ({ phrase, inflect: true })),
      onPhrases: (hits, ctx) => reportMissingDisclaimer(id, disclaimer, required, hits, ctx),
    };
  });
}

function reportMissingDisclaimer(id: string, disclaimer: Disclaimer, required: string, hits: readonly PhraseHit[], ctx: RuleContext): void {
  const first = hits[0];
  if (!first) return;
  if (assetText(ctx.asset).includes(required)) return;
  if (!ctx.asset.once(id)) return;
  const trigger = collapseWhitespace(ctx.doc.source.slice(first.start, first.end));
  ctx.report({
    start: first.start,
    end: first.end,
    message: `"${trigger}" needs the disclaimer: "${collapseWhitespace(disclaimer.require)}"`,
  });
}

/** The asset's prose, searchable, computed once per asset however many disclaimers ask. */
const assetTexts = new WeakMap<AssetContext, string>();

function assetText(asset: AssetContext): string {
  let text = assetTexts.get(asset);
  if (text === undefined) {
    text = searchable(asset.documents.map((d) => d.text).join("\n"));
    assetTexts.set(asset, text);
  }
  return text;
}

/**
 * collapseWhitespace's result, replacing only what changes: `\s+` also replaces every single space
 * with itself, which costs ~30 µs per KB of copy, more than the rest of the rule.
 */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

function searchable(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').trim().replace(WHITESPACE_TO_COLLAPSE, " ").toLowerCase();
}
