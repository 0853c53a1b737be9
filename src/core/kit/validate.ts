import type { z } from "zod";
import type { Position } from "../document/prose-document.ts";
import { mergeChannels } from "../channels/channel-spec.ts";
import { DEFAULT_CHANNELS } from "../channels/default-channels.ts";
import type { Diagnostic } from "../errors.ts";
import { checkBrand } from "./brand-checks.ts";
import { type Brand, BrandSchema } from "./brand-schema.ts";
import { ConfigSchema, type WorkspaceConfig } from "./config-schema.ts";
import { didYouMean } from "./did-you-mean.ts";
import { kitRuleIds } from "./kit-rules.ts";
import type { KitSource } from "./kit-source.ts";
import { sortDiagnostics, validateYaml } from "./schema-diagnostics.ts";
import { parseYamlFile, type YamlFile, type YamlPath } from "./yaml-file.ts";

export interface BrandValidation {
  /** The kit with defaults filled in; null when there is any error (warnings allowed). */
  brand: Brand | null;
  /** Errors and warnings, in file order; each names file:line:column (line 0: the whole file). */
  diagnostics: Diagnostic[];
  /** Line and column of any value of the file, e.g. `positionOf(["claims", 2, "level"])`. */
  positionOf(path: YamlPath): Position;
  /** The same, ready to hand to `compileKitRules` so each rule knows where it was defined. */
  source: KitSource;
}

export interface ConfigValidation {
  /** onbrand.yaml with defaults filled in; null when there is any error. */
  config: WorkspaceConfig | null;
  diagnostics: Diagnostic[];
  positionOf(path: YamlPath): Position;
}

/**
 * Parses and validates brand.yaml. Never throws: YAML syntax errors, duplicate keys, schema
 * errors and kit mistakes all come back as diagnostics naming file:line:column, what was expected,
 * what was found and the fix. An empty file is a valid kit (with a warning that it has no rules).
 *
 * @example
 * const { brand, diagnostics } = validateBrand("brand/brand.yaml", "claims:\n  - id: health\n    level: high\n");
 * formatDiagnostic(diagnostics[0])
 * // 'brand/brand.yaml:3:12: error: claims[0].level must be one of error, warning, suggestion; found "high" (write one of ...)'
 */
export function validateBrand(file: string, content: string): BrandValidation {
  const yaml = parseYamlFile(file, content);
  const positionOf = yaml.positionOf;
  const source: KitSource = { file, positionOf };
  const result = validateDocument(BrandSchema, yaml);
  if (!result.data) return { brand: null, diagnostics: result.diagnostics, positionOf, source };
  const diagnostics = sortDiagnostics([...result.diagnostics, ...checkBrand(result.data, yaml)]);
  const ok = !diagnostics.some((d) => d.level === "error");
  return { brand: ok ? result.data : null, diagnostics, positionOf, source };
}

/**
 * Parses and validates onbrand.yaml. An empty file is valid and means all defaults.
 *
 * @example
 * validateConfig("onbrand.yaml", "min_level: warn\n").diagnostics[0].message
 * // 'min_level must be one of error, warning, suggestion; found "warn"'
 */
export function validateConfig(file: string, content: string): ConfigValidation {
  const yaml = parseYamlFile(file, content);
  const result = validateDocument(ConfigSchema, yaml);
  return { config: result.data, diagnostics: result.diagnostics, positionOf: yaml.positionOf };
}

/**
 * What onbrand.yaml says about the kit that the kit must agree with: the default channel exists
 * (built in or in the kit), and per-rule overrides of `Brand.*` rules name a rule, or a prefix of
 * rules (`Brand.Claims`), that the kit defines.
 */
export function checkConfigAgainstBrand(
  config: WorkspaceConfig,
  configPlaces: Pick<ConfigValidation, "positionOf"> & { file: string },
  brand: Brand,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const channels = Object.keys(mergeChannels(DEFAULT_CHANNELS, brand.channels));
  if (config.channel !== undefined && !channels.includes(config.channel)) {
    const suggestion = didYouMean(config.channel, channels);
    out.push({
      level: "error",
      file: configPlaces.file,
      ...configPlaces.positionOf(["channel"]),
      message: `channel "${config.channel}" is neither a built-in channel nor one of the kit's${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      fix: suggestion ? `write "${suggestion}"` : `use one of ${channels.join(", ")}, or add it under channels in brand.yaml`,
    });
  }
  const ruleIds = kitRuleIds(brand);
  for (const id of Object.keys(config.rules)) {
    if (!id.startsWith("Brand.") || ruleIds.some((known) => known === id || known.startsWith(`${id}.`))) continue;
    const suggestion = didYouMean(id, ruleIds);
    out.push({
      level: "warning",
      file: configPlaces.file,
      ...configPlaces.positionOf(["rules", id]),
      message: `rules sets ${id}, which the kit does not define${suggestion ? `; did you mean ${suggestion}?` : ""}`,
      fix: suggestion ? `write ${suggestion}` : "remove it",
    });
  }
  return out;
}

/**
 * Runs a schema over a parsed file. An empty file is `{}`, and a section left empty (`claims:`
 * with nothing under it) counts as absent, as people write them while drafting.
 */
export function validateDocument<S extends z.ZodObject>(
  schema: S,
  yaml: YamlFile,
): { data: z.infer<S> | null; diagnostics: Diagnostic[] } {
  if (yaml.diagnostics.some((d) => d.level === "error") || yaml.value === undefined) {
    return { data: null, diagnostics: sortDiagnostics([...yaml.diagnostics]) };
  }
  let input = yaml.value ?? {};
  if (isMapping(input)) {
    const sections = new Set(Object.keys(schema.shape));
    input = Object.fromEntries(Object.entries(input).filter(([key, value]) => !(value === null && sections.has(key))));
  }
  const result = validateYaml(schema, yaml, input);
  return { data: result.data, diagnostics: sortDiagnostics([...yaml.diagnostics, ...result.diagnostics]) };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
