/** The brand kit format: schemas, YAML loading with exact error positions, and the kit-derived rules. */
export {
  BrandSchema,
  ChannelSchema,
  FieldLimitSchema,
  brandJsonSchema,
  type AvoidItem,
  type Brand,
  type BrandInput,
  type Claim,
  type Disclaimer,
} from "./brand-schema.ts";
export { checkBrand } from "./brand-checks.ts";
export {
  ConfigSchema,
  RULE_SETTINGS,
  configJsonSchema,
  type RuleSetting,
  type WorkspaceConfig,
  type WorkspaceConfigInput,
} from "./config-schema.ts";
export { didYouMean } from "./did-you-mean.ts";
export { compileKitRules } from "./kit-rules.ts";
export type { KitSource } from "./kit-source.ts";
export { describeFound, formatPath, validateYaml } from "./schema-diagnostics.ts";
export {
  checkConfigAgainstBrand,
  validateBrand,
  validateConfig,
  type BrandValidation,
  type ConfigValidation,
} from "./validate.ts";
export { parseYamlFile, type YamlFile, type YamlPath } from "./yaml-file.ts";
