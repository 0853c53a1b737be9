import { z } from "zod";
import { type Diagnostic, KitError } from "../core/errors.ts";
import {
  DEFAULT_API_KEY_ENV,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  looksLikeSecret,
  ModelSettingsShape,
  PROVIDERS,
  type ProviderName,
  withoutSecrets,
} from "../core/kit/provider-schema.ts";

export { DEFAULT_API_KEY_ENV, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, looksLikeSecret, PROVIDERS, type ProviderName };

const { max_repairs: _repairs, ...modelFields } = ModelSettingsShape;

/** The settings of one model client once onbrand.yaml, the use case and the command line are merged. */
const ProviderFields = z
  .strictObject({
    ...modelFields,
    provider: ModelSettingsShape.provider.unwrap(),
    model: ModelSettingsShape.model.unwrap(),
    timeout_ms: z.int().positive().default(DEFAULT_TIMEOUT_MS),
    max_retries: z.int().min(0).max(10).default(DEFAULT_MAX_RETRIES),
  })
  .refine((c) => c.provider !== "openai-compatible" || c.base_url !== undefined, {
    path: ["base_url"],
    message: "the endpoint's base URL for openai-compatible, e.g. http://localhost:11434/v1 for Ollama",
  })
  .describe("The model that generates copy variants (docs/providers.md).");

/**
 * The provider settings of onbrand.yaml. Key-named fields (`api_key`, `token`...) and key-looking
 * values are rejected before anything else, with a message that does not repeat the value.
 *
 * @example
 * ProviderConfigSchema.parse({ provider: "openai", model: "gpt-4.1-mini" }).timeout_ms // 60000
 */
export const ProviderConfigSchema = withoutSecrets(ProviderFields);

export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
export type ProviderConfigInput = z.input<typeof ProviderConfigSchema>;

/**
 * Validates provider settings, throwing a KitError whose diagnostics name each field and never
 * contain the rejected value.
 *
 * @example
 * parseProviderConfig({ provider: "openai", model: "gpt-4.1-mini", api_key: "sk-..." })
 * // throws: onbrand.yaml: error: generate.api_key must be an environment variable holding the key, ...
 */
export function parseProviderConfig(raw: unknown, where = "onbrand.yaml", prefix = "generate"): ProviderConfig {
  const result = ProviderConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const diagnostics: Diagnostic[] = result.error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    if (issue.code === "unrecognized_keys") {
      return { level: "error", file: where, line: 0, column: 0, message: `${field} has unknown field(s) ${issue.keys.join(", ")}`, fix: "remove them" };
    }
    // Custom and format messages in this schema are written as the expected value; zod's own are sentences.
    const message = issue.code === "custom" || issue.code === "invalid_format" ? `${field} must be ${issue.message}` : `${field}: ${issue.message}`;
    return { level: "error", file: where, line: 0, column: 0, message };
  });
  throw new KitError(diagnostics);
}

/** One layer of model settings and where it came from, for error messages. */
export interface SettingsLayer {
  /** `onbrand.yaml`, `brand/usecases/email.yaml`, `the command line`. */
  source: string;
  settings: { provider?: unknown; [key: string]: unknown } | undefined;
}

/** Settings that belong to one provider: a later layer that names another provider drops them. */
const PROVIDER_BOUND = ["model", "base_url", "api_key_env"] as const;

/**
 * Merges model settings, later layers over earlier ones (onbrand.yaml, then the use case, then
 * the command line). A layer that switches `provider` drops the earlier layers' model, base_url
 * and api_key_env, which belonged to the other provider. No provider anywhere means `template`.
 *
 * @example
 * resolveProviderConfig([{ source: "onbrand.yaml", settings: { provider: "openai", model: "gpt-4.1-mini" } },
 *   { source: "the command line", settings: { model: "gpt-4.1" } }]).model // "gpt-4.1"
 */
export function resolveProviderConfig(layers: readonly SettingsLayer[]): ProviderConfig {
  const merged: Record<string, unknown> = {};
  for (const { settings } of layers) {
    if (!settings) continue;
    // Settings given before any provider was named belong to whichever provider a later layer names.
    if (settings.provider !== undefined && merged.provider !== undefined && settings.provider !== merged.provider) {
      for (const key of PROVIDER_BOUND) delete merged[key];
    }
    for (const [key, value] of Object.entries(settings)) if (value !== undefined && Object.hasOwn(ProviderFieldKeys, key)) merged[key] = value;
  }
  merged.provider ??= "template";
  if (merged.provider === "template") merged.model ??= "template";
  if (merged.model === undefined) {
    const sources = layers.map((l) => l.source).join(", ");
    throw new KitError([
      {
        level: "error",
        file: layers.findLast((l) => l.settings?.provider !== undefined)?.source ?? "onbrand.yaml",
        line: 0,
        column: 0,
        message: `provider ${String(merged.provider)} needs a model`,
        fix: `set generate.model (${sources}), e.g. --model ${merged.provider === "anthropic" ? "claude-sonnet-4-5" : "gpt-4.1-mini"}`,
      },
    ]);
  }
  return parseProviderConfig(merged, layers.map((l) => l.source).join(" + "));
}

const ProviderFieldKeys: Readonly<Record<string, true>> = Object.fromEntries(
  ["provider", "model", "base_url", "api_key_env", "timeout_ms", "max_retries", "temperature", "max_output_tokens"].map((k) => [k, true]),
);
