/**
 * onbrand's pure core: load a brand kit, check assets, get findings and scores as values.
 * Runs unchanged in Node and in the browser (no file system, no network).
 *
 * @example
 * import { loadKit, check } from "onbrand";
 * const { kit } = loadKit({ "brand/brand.yaml": "terms:\n  avoid: [synergy]\n" });
 * check(kit, { path: "post.md", content: "Pure synergy." }).findings[0].rule // "Brand.Avoid"
 */
export { loadKit, type Kit, type LoadKitOptions } from "./engine/load-kit.ts";
export { check, type AssetInput, type CheckOptions, type CheckResult } from "./engine/check.ts";
export { checkDocuments, type RuleSet } from "./engine/check-documents.ts";
export { assetScore, LEVEL_WEIGHTS, MIN_SCORED_WORDS } from "./engine/score.ts";
export { contentHash } from "./engine/content-hash.ts";
export { type Finding, type Level, LEVELS, isLevel, levelRank, compareFindings } from "./findings.ts";
export { type Diagnostic, formatDiagnostic, OnbrandError, KitError, InputError, UsageError } from "./errors.ts";
export { type ProseDocument, type Block, positionAt } from "./document/prose-document.ts";
export { parseAsset, detectFormat, FORMATS, type Format, type ParsedAsset } from "./parse/asset.ts";
export { parseStructured, type StructuredAsset } from "./parse/structured.ts";
export { brandJsonSchema, configJsonSchema, type Brand, type WorkspaceConfig } from "./kit/index.ts";
export {
  type Brief,
  checkOutput,
  type FieldProblem,
  type Library,
  loadLibrary,
  outputJsonSchema,
  resolveOutputFields,
  runLibraryTests,
  resolveTarget,
  type Target,
  type TargetRequest,
  type UseCase,
  useCaseJsonSchema,
  validateBrief,
} from "./library/index.ts";
export {
  compilePrompt,
  type CompiledPrompt,
  type PromptSection,
  promptText,
  renderInstructions,
  templateVariables,
} from "./prompt/index.ts";
export { DEFAULT_CHANNELS, countLength, smsSegments, twitterWeightedLength, type ChannelSpec, type FieldLimit } from "./channels/index.ts";
export type { Rule, RuleMeta, RuleContext, PhraseEntry, PhraseHit, Report } from "./rules/rule.ts";
