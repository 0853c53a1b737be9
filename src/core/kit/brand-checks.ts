import { mergeChannels } from "../channels/channel-spec.ts";
import { DEFAULT_CHANNELS } from "../channels/default-channels.ts";
import type { Diagnostic } from "../errors.ts";
import type { Brand } from "./brand-schema.ts";
import { didYouMean } from "./did-you-mean.ts";
import { compileKitRules, kitRuleIds } from "./kit-rules.ts";
import { phraseKey } from "./phrase-text.ts";
import { formatPath } from "./schema-diagnostics.ts";
import type { YamlFile, YamlPath } from "./yaml-file.ts";

/**
 * Checks a kit that has the right shape for mistakes the schema cannot see: ids used twice,
 * a brand name listed twice, a preferred term that maps to itself, phrases that would report
 * twice, channel fields without a limit, examples that expect rules the kit does not have, and
 * a kit with no rules at all.
 */
export function checkBrand(brand: Brand, yaml: YamlFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (level: Diagnostic["level"], path: YamlPath, message: string, fix: string, key = false) =>
    out.push({ level, file: yaml.file, ...(key ? yaml.keyPositionOf(path) : yaml.positionOf(path)), message, fix });
  const lineOf = (path: YamlPath) => yaml.positionOf(path).line;

  const uniqueIds = (section: "claims" | "disclaimers" | "audiences" | "regions", ids: string[]) => {
    const first = new Map<string, number>();
    ids.forEach((id, i) => {
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, i);
      else
        add(
          "error",
          [section, i, "id"],
          `${section}[${i}].id "${id}" is already used by ${section}[${earlier}] (line ${lineOf([section, earlier])})`,
          `give each entry of ${section} its own id`,
        );
    });
  };
  uniqueIds("claims", brand.claims.map((c) => c.id));
  uniqueIds("disclaimers", brand.disclaimers.map((d) => d.id));
  uniqueIds("audiences", brand.audiences.map((a) => a.id));
  uniqueIds("regions", brand.regions.map((r) => r.id));

  const names = new Map<string, { index: number; name: string }>();
  brand.terms.brand_names.forEach((name, i) => {
    const earlier = names.get(phraseKey(name));
    if (!earlier) return void names.set(phraseKey(name), { index: i, name });
    const path = ["terms", "brand_names", i];
    if (earlier.name === name) {
      add("error", path, `${formatPath(path)} "${name}" is listed twice (also line ${lineOf(["terms", "brand_names", earlier.index])})`, "remove one of them");
    } else {
      add(
        "error",
        path,
        `${formatPath(path)} "${name}" and "${earlier.name}" (line ${lineOf(["terms", "brand_names", earlier.index])}) differ only in case; each would be reported as a misspelling of the other`,
        "keep the one spelling the brand uses",
      );
    }
  });

  const preferred = Object.entries(brand.terms.prefer);
  const wrongKeys = new Set(preferred.map(([wrong]) => phraseKey(wrong)));
  for (const [wrong, right] of preferred) {
    const path = ["terms", "prefer", wrong];
    if (phraseKey(wrong) === phraseKey(right)) {
      add(
        "error",
        path,
        `terms.prefer replaces "${wrong}" with "${right}", which the rule would find again`,
        wrong.trim() === right.trim() ? "remove it" : `list "${right}" under terms.brand_names to enforce its case`,
        true,
      );
    } else if (wrongKeys.has(phraseKey(right))) {
      add(
        "warning",
        path,
        `terms.prefer suggests "${right}" for "${wrong}", but "${right}" is itself listed as a term to replace`,
        `suggest the final term for "${wrong}" directly`,
        true,
      );
    }
  }

  const avoided = new Map<string, number>();
  brand.terms.avoid.forEach((item, i) => {
    const key = phraseKey(typeof item === "string" ? item : item.term);
    const earlier = avoided.get(key);
    if (earlier === undefined) avoided.set(key, i);
    else add("warning", ["terms", "avoid", i], `terms.avoid[${i}] repeats terms.avoid[${earlier}]`, "remove one of them");
  });

  const claimed = new Map<string, string>();
  brand.claims.forEach((claim, i) => {
    const own = new Set<string>();
    claim.phrases.forEach((phrase, j) => {
      const key = phraseKey(phrase);
      const path = ["claims", i, "phrases", j];
      const owner = claimed.get(key);
      if (own.has(key)) add("warning", path, `${formatPath(path)} "${phrase}" is listed twice in this claim`, "remove one of them");
      else if (owner !== undefined && owner !== claim.id) {
        add("warning", path, `${formatPath(path)} "${phrase}" is also a phrase of claim "${owner}"; both would report it`, "keep it in one claim");
      }
      own.add(key);
      if (owner === undefined) claimed.set(key, claim.id);
    });
  });

  // Limits are judged after merging over the built-in channels: `sms: {fields: {body: {max_segments: 2}}}`
  // keeps the default's `counting: sms`.
  const effective = mergeChannels(DEFAULT_CHANNELS, brand.channels);
  for (const [channel, spec] of Object.entries(brand.channels)) {
    const seen = new Map<string, string>();
    for (const field of Object.keys(spec.fields)) {
      const path = ["channels", channel, "fields", field];
      const twin = seen.get(field.toLowerCase());
      if (twin !== undefined) {
        add("error", path, `channels.${channel} has fields "${twin}" and "${field}", which differ only in case`, "use one name for the field", true);
      }
      seen.set(field.toLowerCase(), field);
      const limit = effective[channel]?.fields[field] ?? {};
      if (limit.max_chars === undefined && limit.max_words === undefined && limit.max_segments === undefined) {
        add("warning", path, `${formatPath(path)} sets no limit`, "add max_chars, max_words or max_segments, or remove the field", true);
      }
      if (limit.max_segments !== undefined && limit.counting !== "sms") {
        add("warning", [...path, "max_segments"], `${formatPath(path)}.max_segments only applies with counting: sms`, "add counting: sms", true);
      }
    }
  }

  const ruleIds = kitRuleIds(brand);
  brand.examples.noncompliant.forEach((example, i) => {
    example.expect.forEach((id, j) => {
      // An id or a family of ids (Brand.Claims matches Brand.Claims.detox), as `onbrand test` reads it.
      if (!id.startsWith("Brand.") || ruleIds.some((known) => known === id || known.startsWith(`${id}.`))) return;
      const suggestion = didYouMean(id, ruleIds);
      add(
        "warning",
        ["examples", "noncompliant", i, "expect", j],
        `examples.noncompliant[${i}] expects ${id}, which this kit does not define${suggestion ? `; did you mean ${suggestion}?` : ""}`,
        suggestion ? `write ${suggestion}` : `use one of ${ruleIds.join(", ") || "the kit's rule ids (the kit has none yet)"}`,
      );
    });
  });

  if (compileKitRules(brand).length === 0 && Object.keys(brand.channels).length === 0) {
    out.push({
      level: "warning",
      file: yaml.file,
      line: 0,
      column: 0,
      message: "the kit has no rules: it lists no brand names, preferred terms, words to avoid, claims, disclaimers or channels, so checks apply only the built-in channel limits",
      fix: "add terms, claims or disclaimers; docs/kit.md describes each section",
    });
  }
  return out;
}
