import type { Block } from "../../document/prose-document.ts";
import type { Brand, Claim } from "../../kit/brand-schema.ts";
import { sourcePlace, type KitSource } from "../../kit/kit-source.ts";
import { collapseWhitespace } from "../../kit/phrase-text.ts";
import type { PhraseHit, Rule, RuleContext } from "../rule.ts";

export const BRAND_CLAIMS_PREFIX = "Brand.Claims.";

/**
 * `Brand.Claims.<id>`: one rule per entry of `claims`. Its phrases are found case-insensitively
 * with their inflections; the finding has the claim's level and message, with `%s` replaced by
 * the matched text.
 *
 * With `allow_with_evidence: true` a claim is allowed in a sentence that carries an evidence
 * marker: a footnote reference (`[1]`, `[^1]`, `<sup>`), a superscript digit (`¹²³`), a dagger
 * (`†`, `‡`), an asterisk right after the claim ("proven*") or at the end of the sentence
 * ("Clinically proven.*", "Clinically proven*.").
 *
 * @example
 * // claims: [{ id: health, level: error, message: "'%s' is a health claim.", phrases: [boosts immunity] }]
 * // "It boosts immunity." -> Brand.Claims.health error at 1:4 "'boosts immunity' is a health claim."
 */
export function compileBrandClaims(brand: Brand, source?: KitSource): Rule[] {
  return brand.claims.map((claim, index) => ({
    meta: {
      id: `${BRAND_CLAIMS_PREFIX}${claim.id}`,
      type: "brand.claims",
      level: claim.level,
      description: `Claim "${claim.id}" is not allowed${claim.allow_with_evidence ? " without evidence" : ""}.`,
      // Sentence blocks let the rule look for evidence in the claim's own sentence.
      scope: { include: [claim.allow_with_evidence ? "sentence" : "text"], exclude: [] },
      source: sourcePlace(source, ["claims", index]),
    },
    phrases: claim.phrases.map((phrase) => ({ phrase, inflect: true })),
    onPhrases: (hits, ctx) => reportClaims(claim, hits, ctx),
  }));
}

function reportClaims(claim: Claim, hits: readonly PhraseHit[], ctx: RuleContext): void {
  for (const hit of hits) {
    if (claim.allow_with_evidence && hasEvidence(ctx, hit)) continue;
    const written = collapseWhitespace(ctx.doc.source.slice(hit.start, hit.end));
    ctx.report({ start: hit.start, end: hit.end, message: claim.message.replaceAll("%s", written) });
  }
}

const FOOTNOTE_IN_SOURCE = /\[\^[^\]\s]+\]|\[\d{1,3}\](?!\()|<sup\b/i;
const MARK_IN_TEXT = /[†‡¹²³⁴⁵⁶⁷⁸⁹⁰]/u;
const TRAILING_STAR = /\*[\s"'”’)\].!?]*$/;

/** Whether the sentence of `hit` carries an evidence marker (see `compileBrandClaims`). */
function hasEvidence(ctx: RuleContext, hit: PhraseHit): boolean {
  const { text, source } = ctx.doc;
  if (text[hit.end] === "*") return true;
  const sentence = sentenceOf(ctx.blocks(), hit) ?? { start: hit.start, end: hit.end };
  let end = sentence.start + text.slice(sentence.start, sentence.end).trimEnd().length;
  // Sentence splitters end a sentence at its full stop and leave a marker glued to it ("proven.*",
  // "refresh.[^1]") to the next one, so the sentence runs on to the next space.
  end += /^\S*/.exec(source.slice(end))?.[0].length ?? 0;
  const prose = text.slice(sentence.start, end);
  return MARK_IN_TEXT.test(prose) || TRAILING_STAR.test(prose) || FOOTNOTE_IN_SOURCE.test(source.slice(sentence.start, end));
}

function sentenceOf(blocks: readonly Block[], hit: PhraseHit): Block | undefined {
  return blocks.find((b) => b.start <= hit.start && hit.start < b.end);
}
