import { z } from "zod";
import { type Diagnostic, KitError } from "../core/errors.ts";

/**
 * Which model generates copy, as onbrand.yaml holds it. API keys never live here: the config
 * names the environment variable that holds the key (`api_key_env`), and any value that looks
 * like a key is an error, so a committed onbrand.yaml cannot leak one.
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

const KEEP_KEYS_OUT =
  "an environment variable holding the key, named in api_key_env; onbrand never reads API keys from onbrand.yaml";

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

const ProviderFields = z
  .strictObject({
    provider: z.enum(PROVIDERS).describe("Who runs the model: openai, anthropic, openai-compatible (Ollama, vLLM, LM Studio, Azure OpenAI...) or template (no model)."),
    model: z.string().trim().min(1).describe("Model id as the provider names it, e.g. gpt-4.1-mini, claude-sonnet-4-5, llama3.1:8b."),
    base_url: z
      .url({ protocol: /^https?$/, error: "an http(s) URL like http://localhost:11434/v1" })
      .optional()
      .describe("Endpoint base URL, e.g. http://localhost:11434/v1 (required for openai-compatible; defaults to the provider's public API)."),
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "the name of an environment variable, like MY_LLM_KEY")
      .optional()
      .describe("Name of the environment variable holding the API key (default OPENAI_API_KEY or ANTHROPIC_API_KEY; none for openai-compatible)."),
    timeout_ms: z.int().positive().default(DEFAULT_TIMEOUT_MS).describe(`Most milliseconds one request may take before it counts as failed (default ${DEFAULT_TIMEOUT_MS}).`),
    max_retries: z.int().min(0).max(10).default(DEFAULT_MAX_RETRIES).describe(`Retries after a rate limit, server error, timeout or network error (default ${DEFAULT_MAX_RETRIES}).`),
    temperature: z.number().min(0).max(2).optional().describe("Sampling temperature; the provider's default when absent."),
    max_output_tokens: z.int().positive().optional().describe("Most tokens the model may write in one answer."),
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
export const ProviderConfigSchema = z.preprocess((raw, ctx) => {
  const found: { path: (string | number)[]; message: string }[] = [];
  findSecrets(raw, [], found);
  for (const f of found) ctx.issues.push({ code: "custom", path: f.path, message: f.message, input: undefined, params: { secret: true } });
  return raw;
}, ProviderFields);

export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
export type ProviderConfigInput = z.input<typeof ProviderConfigSchema>;

/**
 * Validates provider settings, throwing a KitError whose diagnostics name each field and never
 * contain the rejected value.
 *
 * @example
 * parseProviderConfig({ provider: "openai", model: "gpt-4.1-mini", api_key: "sk-..." })
 * // throws: onbrand.yaml: error: providers.api_key must be an environment variable holding the key, ...
 */
export function parseProviderConfig(raw: unknown, where = "onbrand.yaml", prefix = "providers"): ProviderConfig {
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
