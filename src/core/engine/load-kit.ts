import { DEFAULT_CHANNELS, mergeChannels, type ChannelSpec } from "../channels/index.ts";
import { type Diagnostic, KitError } from "../errors.ts";
import { type Level, isLevel } from "../findings.ts";
import {
  type Brand,
  checkConfigAgainstBrand,
  compileKitRules,
  type KitSource,
  validateBrand,
  validateConfig,
  type WorkspaceConfig,
} from "../kit/index.ts";
import { parseYamlFile } from "../kit/yaml-file.ts";
import { PhraseMatcher } from "../match/phrase-matcher.ts";
import { compileLengthRules } from "../rules/brand-length/index.ts";
import type { Rule, RuleProblem } from "../rules/rule.ts";
import { compileValeRule } from "../rules/vale/compile-vale-rule.ts";
import type { RuleSet } from "./check-documents.ts";
import { contentHash } from "./content-hash.ts";

/** A brand kit compiled and ready to check assets. Build one with `loadKit`. */
export interface Kit extends RuleSet {
  name: string;
  /** Content hash of every file of the kit and its styles: changes whenever a rule could. */
  version: string;
  config: WorkspaceConfig;
  brand: Brand;
  /** The built-in channel table merged with the kit's `channels`. */
  channels: Record<string, ChannelSpec>;
  /** Style name of the rule files in `<kit>/rules/` (the kit name without spaces or punctuation). */
  kitStyle: string;
  /** Workspace-relative folder of the kit (`brand`); its `usecases/` folder holds the library. */
  folder: string;
  /** brand.yaml's path and the place of any of its values, so kit tests and lint can point at lines. */
  source: KitSource;
}

/** The library's folder inside the kit folder. Its files are versioned per use case, not with the kit. */
export const USECASES_FOLDER = "usecases";

export interface LoadKitOptions {
  /** Path of onbrand.yaml inside `files` (default `onbrand.yaml`); a missing file means all defaults. */
  configFile?: string;
}

const RULE_FILE = /\.ya?ml$/i;

/**
 * Validates and compiles a workspace: onbrand.yaml, `<kit>/brand.yaml`, `<kit>/rules/*.yaml` and
 * every Vale style folder listed in `styles`. `files` maps workspace-relative POSIX paths to their
 * text. Everything is validated before anything runs: all problems come back at once, each with
 * file:line:column and the fix, in a thrown KitError. Never prints.
 *
 * @example
 * const { kit, warnings } = loadKit({
 *   "onbrand.yaml": "kit: brand\n",
 *   "brand/brand.yaml": "name: Fizzwell\nterms:\n  brand_names: [Fizzwell]\n",
 * });
 * check(kit, { path: "post.md", content: "Try FizzWell today." }).findings[0].rule // "Brand.Names"
 */
export function loadKit(files: Readonly<Record<string, string>>, options: LoadKitOptions = {}): { kit: Kit; warnings: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const configFile = options.configFile ?? "onbrand.yaml";
  const base = configFile.includes("/") ? configFile.slice(0, configFile.lastIndexOf("/") + 1) : "";
  const configText = files[configFile];
  const configResult = validateConfig(configFile, configText ?? "");
  diagnostics.push(...configResult.diagnostics);
  const config = configResult.config;
  if (!config) throw new KitError(diagnostics);

  const kitDir = folderPath(base, config.kit);
  const brandFile = [inFolder(kitDir, "brand.yaml"), inFolder(kitDir, "brand.yml")].find((f) => files[f] !== undefined);
  if (!brandFile) {
    diagnostics.push({
      level: "error",
      file: inFolder(kitDir, "brand.yaml"),
      line: 0,
      column: 0,
      message: "the brand kit file is missing",
      fix: `create ${inFolder(kitDir, "brand.yaml")} (\`onbrand init\` writes a starter kit) or set \`kit:\` in ${configFile}`,
    });
    throw new KitError(diagnostics);
  }
  const brandResult = validateBrand(brandFile, files[brandFile] ?? "");
  diagnostics.push(...brandResult.diagnostics);
  const brand = brandResult.brand;
  if (!brand) throw new KitError(diagnostics);
  if (configText !== undefined) {
    diagnostics.push(...checkConfigAgainstBrand(config, { file: configFile, positionOf: configResult.positionOf }, brand));
  }

  const channels = mergeChannels(DEFAULT_CHANNELS, brand.channels);
  const rules: Rule[] = [
    ...compileKitRules(brand, brandResult.source),
    ...compileLengthRules(channels, { kit: brandResult.source, channels: brand.channels ?? {} }),
  ];
  const kitStyle = styleName(brand.name) || "Kit";
  rules.push(...compileStyle(files, inFolder(kitDir, "rules"), kitStyle, diagnostics, false));
  config.styles.forEach((style, index) => {
    const folder = folderPath(base, style);
    const compiled = compileStyle(files, folder, folder.slice(folder.lastIndexOf("/") + 1), diagnostics, true);
    if (compiled.length === 0 && !hasRuleFiles(files, folder)) {
      diagnostics.push({
        level: "error",
        file: configFile,
        ...configResult.positionOf(["styles", index]),
        message: `style folder ${folder} has no .yml or .yaml rule files`,
        fix: "point `styles` at a Vale style folder (the folder that holds the rule files), or remove the entry",
      });
    }
    rules.push(...compiled);
  });

  reportDuplicates(rules, diagnostics);
  if (diagnostics.some((d) => d.level === "error")) throw new KitError(diagnostics);

  const configured = applyOverrides(rules, config.rules);
  const matcher = new PhraseMatcher();
  configured.forEach((rule, index) => {
    for (const entry of rule.phrases ?? []) matcher.add(entry, index);
  });
  const kit: Kit = {
    name: brand.name ?? kitStyle,
    // A new use case must not change the kit's version: use cases carry versions of their own.
    version: contentHash(
      Object.keys(files)
        .filter((f) => !f.startsWith(`${inFolder(kitDir, USECASES_FOLDER)}/`))
        .sort()
        .map((f) => `${f}\u0000${files[f]}`),
    ),
    config,
    brand,
    channels,
    kitStyle,
    folder: kitDir,
    source: brandResult.source,
    rules: configured,
    checkers: configured.filter((r) => r.check),
    matcher,
  };
  const warnings = diagnostics.filter((d) => d.level === "warning");
  return { kit, warnings };
}

/**
 * A workspace-relative folder: `base` (the config's folder, "" or ending in "/") joined with a
 * relative `folder`, with "." and ".." resolved; "" is the workspace root.
 */
export function folderPath(base: string, folder: string): string {
  const parts: string[] = [];
  for (const part of `${base}${folder}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

/** A file or folder inside a workspace folder ("" is the root). */
export function inFolder(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

/** `Fizzwell Drinks Co.` -> `FizzwellDrinksCo`: a rule-id-safe style name. */
function styleName(name: string | undefined): string {
  return (name ?? "").replace(/[^\p{L}\p{N}_]+/gu, "");
}

function hasRuleFiles(files: Readonly<Record<string, string>>, folder: string): boolean {
  return Object.keys(files).some((f) => f.startsWith(`${folder}/`) && RULE_FILE.test(f));
}

/**
 * Compiles every rule file directly inside `folder` as `<style>.<file name>`. Problems land in
 * `diagnostics` with the file and the line of the key they concern.
 */
function compileStyle(
  files: Readonly<Record<string, string>>,
  folder: string,
  style: string,
  diagnostics: Diagnostic[],
  required: boolean,
): Rule[] {
  const rules: Rule[] = [];
  const prefix = `${folder}/`;
  const ruleFiles = Object.keys(files)
    .filter((f) => f.startsWith(prefix) && RULE_FILE.test(f) && !f.slice(prefix.length).includes("/"))
    .sort();
  if (required && ruleFiles.length === 0) return rules;
  for (const file of ruleFiles) {
    const yaml = parseYamlFile(file, files[file] ?? "");
    diagnostics.push(...yaml.diagnostics);
    if (yaml.diagnostics.some((d) => d.level === "error")) continue;
    const def = yaml.value;
    if (def === null || typeof def !== "object" || Array.isArray(def)) {
      diagnostics.push({
        level: "error",
        file,
        line: 1,
        column: 1,
        message: "a rule file must be a mapping with at least `extends:` and `message:`",
        fix: "see docs/rules/ for the keys of each rule type",
      });
      continue;
    }
    const name = `${style}.${file.slice(prefix.length).replace(RULE_FILE, "")}`;
    const result = compileValeRule(def as Record<string, unknown>, name, { source: { file, line: 1, column: 1 } });
    for (const problem of result.problems) diagnostics.push(problemDiagnostic(file, problem, yaml.keyPositionOf, yaml.positionOf));
    if (result.rule) rules.push(result.rule);
  }
  return rules;
}

type PositionOf = (path: readonly PropertyKey[]) => { line: number; column: number };

function problemDiagnostic(file: string, problem: RuleProblem, keyPositionOf: PositionOf, positionOf: PositionOf): Diagnostic {
  const path = problem.path === "" ? [] : problem.path.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  // Keys are written in any case in Vale files; the rule compiler reports them lower-cased.
  const place = path.length === 0 ? { line: 1, column: 1 } : problem.level === "warning" ? keyPositionOf(path) : positionOf(path);
  return {
    level: problem.level,
    file,
    ...place,
    message: problem.message,
    ...(problem.fix ? { fix: problem.fix } : {}),
  };
}

function reportDuplicates(rules: readonly Rule[], diagnostics: Diagnostic[]): void {
  const first = new Map<string, Rule>();
  for (const rule of rules) {
    const earlier = first.get(rule.meta.id);
    if (!earlier) {
      first.set(rule.meta.id, rule);
      continue;
    }
    const place = rule.meta.source ?? { file: "onbrand.yaml", line: 0, column: 0 };
    const before = earlier.meta.source ? ` (first defined at ${earlier.meta.source.file}:${earlier.meta.source.line})` : "";
    diagnostics.push({
      level: "error",
      ...place,
      message: `duplicate rule id ${rule.meta.id}${before}`,
      fix: "rename the rule file, or remove one of the two",
    });
  }
}

/**
 * Applies onbrand.yaml `rules:` settings. A setting may name a rule or a prefix of rule ids
 * (`Brand.Claims`, `FizzwellStyle`); the longest matching key wins. `off` drops the rule.
 */
function applyOverrides(rules: readonly Rule[], settings: Readonly<Record<string, string>>): Rule[] {
  const keys = Object.keys(settings).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return [...rules];
  const out: Rule[] = [];
  for (const rule of rules) {
    const id = rule.meta.id;
    const key = keys.find((k) => id === k || id.startsWith(`${k}.`));
    const setting = key === undefined ? undefined : settings[key];
    if (setting === "off") continue;
    out.push(setting !== undefined && isLevel(setting) ? withLevel(rule, setting) : rule);
  }
  return out;
}

function withLevel(rule: Rule, level: Level): Rule {
  return { ...rule, meta: { ...rule.meta, level } };
}
