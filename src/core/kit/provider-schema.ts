import { z } from "zod";

/**
 * Which model generates copy and how a generation run behaves, as `generate:` in onbrand.yaml and
 * in a use case holds it. API keys never live in these files: they name the environment variable
 * that holds the key (`api_key_env`), and a key-named field or a key-looking value anywhere in the
 * section is an error whose message does not repeat the value.
 */

export const PROVIDERS = ["openai", "anthropic", "openai-compatible", "template"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The variable read when `api_key_env` is not set; null: the endpoint needs no key by default. */
export const DEFAULT_API_KEY_ENV: Readonly<Record<ProviderName, string | null>> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  "openai-compatible": null,
  template: null,
};

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_MAX_REPAIRS = 2;
export const DEFAULT_CONCURRENCY = 8;

const SECRET_KEY_NAME = /^(api[_-]?key|apikey|key|token|access[_-]?token|secret|password|authorization)$/i;
const SECRET_PREFIX = /^(sk-|sk_|rk_|sk-ant-|sk-proj-|AIza|ghp_|gho_|github_pat_|xox[abpr]-|hf_|gsk_|pplx-|Bearer\s)/;
const CREDENTIAL_QUERY = /^(api[_-]?key|key|token|access[_-]?token|secret|sig|signature|code)$/i;

/**
 * True when a config value looks like a credential rather than a name: a known key prefix, a
 * Bearer token, a long hex string, or a long token with a random-looking run (model names are
 * short words joined by dashes, so they do not match).
 *
 * @example
 * looksLikeSecret("sk-proj-4f9a0c2e7d1b8a6c5e3f") // true
 * looksLikeSecret("claude-sonnet-4-5-20250929") // false
 */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (SECRET_PREFIX.test(v) && v.length >= 16) return true;
  if (/^[a-f0-9]{32,}$/i.test(v)) return true;
  if (v.length >= 32 && /^[A-Za-z0-9_\-+=.]+$/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v)) {
    return v.split(/[-_.]/).some((segment) => segment.length >= 24);
  }
  return urlCarriesCredential(v);
}

function urlCarriesCredential(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.password !== "" || [...url.searchParams.keys()].some((k) => CREDENTIAL_QUERY.test(k));
  } catch {
    return false;
  }
}

/** The expected value of a field that held a key; schema diagnostics print it without the value. */
export const KEEP_KEYS_OUT =
  "an environment variable holding the key, named in api_key_env; onbrand never reads API keys from its files";

/** Reports every key-named field and every key-looking value, wherever it is, without echoing it. */
function findSecrets(value: unknown, path: (string | number)[], out: { path: (string | number)[]; message: string }[]): void {
  if (typeof value === "string") {
    if (looksLikeSecret(value)) out.push({ path, message: `${KEEP_KEYS_OUT} (this value looks like a key or carries one)` });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findSecrets(item, [...path, i], out));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_KEY_NAME.test(key)) out.push({ path: [...path, key], message: KEEP_KEYS_OUT });
      else findSecrets(item, [...path, key], out);
    }
  }
}

/**
 * Wraps a schema so key-named fields and key-looking values are rejected before anything else.
 * The issues carry `params.secret`, which tells the diagnostics not to print the value.
 *
 * @example
 * withoutSecrets(z.strictObject({ model: z.string() })).safeParse({ model: "sk-proj-4f9a0c2e7d1b8a6c5e3f" }).success // false
 */
export function withoutSecrets<T extends z.ZodType>(schema: T): z.ZodPreprocess<T, unknown> {
  return z.preprocess((raw, ctx) => {
    const found: { path: (string | number)[]; message: string }[] = [];
    findSecrets(raw, [], found);
    for (const f of found) ctx.issues.push({ code: "custom", path: f.path, message: f.message, input: undefined, params: { secret: true } });
    return raw;
  }, schema);
}

/** The model settings: each optional, so onbrand.yaml, a use case and the command line can layer them. */
export const ModelSettingsShape = {
  provider: z
    .enum(PROVIDERS)
    .optional()
    .describe("Who runs the model: openai, anthropic, openai-compatible (Ollama, vLLM, LM Studio, Azure OpenAI...) or template (built in, no model; the default)."),
  model: z.string().trim().min(1).optional().describe("Model id as the provider names it, e.g. gpt-4.1-mini, claude-sonnet-4-5, llama3.1:8b."),
  base_url: z
    .url({ protocol: /^https?$/, error: "an http(s) URL like http://localhost:11434/v1" })
    .optional()
    .describe("Endpoint base URL, e.g. http://localhost:11434/v1 (required for openai-compatible; defaults to the provider's public API)."),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "the name of an environment variable, like MY_LLM_KEY")
    .optional()
    .describe("Name of the environment variable holding the API key (default OPENAI_API_KEY or ANTHROPIC_API_KEY; none for openai-compatible)."),
  temperature: z.number().min(0).max(2).optional().describe("Sampling temperature; the provider's default when absent."),
  max_output_tokens: z.int().positive().optional().describe("Most tokens the model may write in one answer."),
  max_repairs: z
    .int()
    .min(0)
    .max(10)
    .optional()
    .describe(`Re-asks of an output with error-level findings before it is kept as needs_review (default ${DEFAULT_MAX_REPAIRS}).`),
};

const PriceSchema = z
  .strictObject({
    input: z.number().nonnegative().describe("US dollars per million input tokens."),
    cached_input: z.number().nonnegative().optional().describe("US dollars per million input tokens read from the prompt cache (default: input)."),
    output: z.number().nonnegative().describe("US dollars per million output tokens."),
  })
  .describe("A model's price, in US dollars per million tokens.");
export type ModelPrice = z.infer<typeof PriceSchema>;

const PerMinute = z.number().positive().max(1e9);

/** `generate:` in onbrand.yaml: the default model and the run's limits. */
export const GenerateConfigSchema = withoutSecrets(
  z
    .strictObject({
      ...ModelSettingsShape,
      timeout_ms: z.int().positive().optional().describe(`Most milliseconds one request may take before it counts as failed (default ${DEFAULT_TIMEOUT_MS}).`),
      max_retries: z
        .int()
        .min(0)
        .max(10)
        .optional()
        .describe(`Retries after a rate limit, server error, timeout or network error (default ${DEFAULT_MAX_RETRIES}).`),
      concurrency: z.int().min(1).max(256).optional().describe(`Requests in flight at once (default ${DEFAULT_CONCURRENCY}).`),
      requests_per_minute: PerMinute.optional().describe("Most requests a minute; set it to your provider account's limit (default none)."),
      tokens_per_minute: PerMinute.optional().describe("Most tokens (prompt + answer) a minute; set it to your provider account's limit (default none)."),
      prices: z
        .record(z.string().min(1), PriceSchema)
        .optional()
        .describe("Model id to price, for the run's cost estimate; adds to and overrides the built-in table (docs/generate.md)."),
    })
    .describe("How `onbrand generate` writes variants: the model (docs/providers.md) and the run's limits (docs/generate.md)."),
);
export type GenerateConfig = z.infer<typeof GenerateConfigSchema>;

/** `generate:` in a use case: the model settings that use case needs, over onbrand.yaml's. */
export const UseCaseGenerateSchema = withoutSecrets(
  z.strictObject(ModelSettingsShape).describe("Model settings for this use case, over onbrand.yaml's `generate` (docs/generate.md)."),
);
export type UseCaseGenerate = z.infer<typeof UseCaseGenerateSchema>;
