import { DEFAULT_CHANNELS } from "../channels/default-channels.ts";
import { mergeChannels } from "../channels/channel-spec.ts";
import { compileBrandAvoid } from "../rules/brand-avoid/index.ts";
import { compileBrandClaims } from "../rules/brand-claims/index.ts";
import { compileBrandDisclaimers } from "../rules/brand-disclaimers/index.ts";
import { compileBrandNames } from "../rules/brand-names/index.ts";
import { BRAND_LENGTH_PREFIX } from "../rules/brand-length/index.ts";
import { compileBrandTerms } from "../rules/brand-terms/index.ts";
import type { Rule } from "../rules/rule.ts";
import type { Brand } from "./brand-schema.ts";
import type { KitSource } from "./kit-source.ts";

/**
 * Every rule the brand kit's data defines: Brand.Names, Brand.Terms, Brand.Avoid,
 * Brand.Claims.<id>, Brand.Disclaimers.<id>. Sections that are empty give no rule. Channel
 * limits are compiled separately (they need the asset's channel).
 *
 * @example
 * const { brand, source } = validateBrand("brand/brand.yaml", text);
 * if (brand) compileKitRules(brand, source).map((r) => r.meta.id) // ["Brand.Names", ...]
 */
export function compileKitRules(brand: Brand, source?: KitSource): Rule[] {
  return [
    ...compileBrandNames(brand, source),
    ...compileBrandTerms(brand, source),
    ...compileBrandAvoid(brand, source),
    ...compileBrandClaims(brand, source),
    ...compileBrandDisclaimers(brand, source),
  ];
}

/**
 * Every rule id a check with this kit can report from the kit itself: the ids above plus
 * `Brand.Length.<channel>.<field>` for the built-in channels merged with the kit's. Used to catch
 * misspelt ids in `examples.noncompliant[].expect` and in onbrand.yaml `rules`.
 */
export function kitRuleIds(brand: Brand): string[] {
  const ids = compileKitRules(brand).map((r) => r.meta.id);
  for (const [channel, spec] of Object.entries(mergeChannels(DEFAULT_CHANNELS, brand.channels))) {
    for (const field of Object.keys(spec.fields)) ids.push(`${BRAND_LENGTH_PREFIX}${channel}.${field}`);
  }
  return ids;
}
