import { z } from "zod";
import { LEVELS } from "../findings.ts";
import { GenerateConfigSchema } from "./provider-schema.ts";

/**
 * The workspace file (`onbrand.yaml` at the workspace root) as a zod schema. It says where the kit
 * and the Vale styles are and how strict a check is; the brand's rules live in the kit.
 */

/** A per-rule override: switch the rule off or change the level of its findings. */
export const RULE_SETTINGS = ["off", ...LEVELS] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

const RelativePath = z
  .string()
  .min(1)
  .refine((p) => !/^([/\\]|[A-Za-z]:[/\\])/.test(p), "a path relative to the workspace");

const ScoreSchema = z
  .strictObject({
    error: z.number().nonnegative().optional().describe("Weight of an error finding (default 10)."),
    warning: z.number().nonnegative().optional().describe("Weight of a warning finding (default 3)."),
    suggestion: z.number().nonnegative().optional().describe("Weight of a suggestion finding (default 1)."),
  })
  .describe("Weights of the brand score (docs/scoring.md): the score is 100 minus the weighted findings per 100 words.");

/** Default token budget of a compiled prompt; `onbrand test` warns above it. */
export const DEFAULT_TOKEN_BUDGET = 8000;

const PromptSettingsSchema = z
  .strictObject({
    token_budget: z
      .int()
      .positive()
      .default(DEFAULT_TOKEN_BUDGET)
      .describe(`Most tokens a compiled prompt may take before \`onbrand test\` warns (default ${DEFAULT_TOKEN_BUDGET}).`),
  })
  .describe("Settings of the compiled prompts.");

export const ConfigSchema = z
  .strictObject({
    kit: RelativePath.default("brand").describe("Folder of the brand kit, relative to the workspace (default brand)."),
    styles: z
      .array(RelativePath)
      .default([])
      .describe("Vale style folders (each holds the rule files of one style, named <Style>.<Rule>), relative to the workspace."),
    min_level: z.enum(["error", "warning", "suggestion"]).default("suggestion").describe("Findings below this level are not reported."),
    channel: z.string().min(1).optional().describe("Channel used when an asset names none (a key of channels in brand.yaml)."),
    ignore: z.array(z.string().min(1)).default([]).describe("Glob patterns of files `onbrand check` skips."),
    rules: z
      .record(z.string().min(1), z.enum(RULE_SETTINGS))
      .default({})
      .describe("Rule id (Brand.Avoid, Brand.Claims.health, Fizzwell.Exclamation) to off, suggestion, warning or error."),
    score: ScoreSchema.optional(),
    prompt: PromptSettingsSchema.prefault({}),
    generate: GenerateConfigSchema.optional(),
  })
  .describe("An onbrand workspace (onbrand.yaml).");

export type WorkspaceConfig = z.infer<typeof ConfigSchema>;
export type WorkspaceConfigInput = z.input<typeof ConfigSchema>;

/**
 * The JSON Schema of onbrand.yaml, for editors and `onbrand schema config`.
 *
 * @example
 * JSON.stringify(configJsonSchema(), null, 2)
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSchema, { io: "input", unrepresentable: "any" });
}
