import type { Kit } from "../core/engine/load-kit.ts";
import { DEFAULT_PRICES } from "../core/generate/run-summary.ts";
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_REPAIRS, type ModelPrice } from "../core/kit/provider-schema.ts";
import type { UseCase } from "../core/library/library.ts";
import type { ChatMessage } from "../providers/model-client.ts";
import { resolveProviderConfig, type ProviderConfig } from "../providers/provider-config.ts";
import type { Writer } from "./generate-variants.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";

/** What a run asks for over the kit's and the use case's `generate:` (the command line's options, a studio run's settings). */
export interface RunOverrides {
  provider?: string | undefined;
  model?: string | undefined;
  base_url?: string | undefined;
  timeout_ms?: number | undefined;
  max_repairs?: number | undefined;
  concurrency?: number | undefined;
  requests_per_minute?: number | undefined;
  tokens_per_minute?: number | undefined;
}

/** How a run generates: the model, the re-asks, the requests in flight, the rate limits and the prices. */
export interface RunSettings {
  provider: ProviderConfig;
  maxRepairs: number;
  concurrency: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** The built-in price table with onbrand.yaml's `generate.prices` over it. */
  prices: Readonly<Record<string, ModelPrice>>;
}

/** Tokens a request's answer is counted as for tokens-per-minute when max_output_tokens is not set. */
const DEFAULT_ANSWER_TOKENS = 1024;

/**
 * Merges onbrand.yaml's `generate:`, the use case's `generate:` and the run's own choices, later
 * over earlier. A bad combination (a provider without a model) is a KitError naming the layers.
 *
 * @example
 * resolveRunSettings(kit, useCase, { model: "gpt-4.1" }, "the command line").provider.model // "gpt-4.1"
 */
export function resolveRunSettings(kit: Kit, useCase: UseCase, overrides: RunOverrides, source: string): RunSettings {
  const settings = kit.config.generate;
  const provider = resolveProviderConfig([
    { source: "onbrand.yaml", settings },
    { source: useCase.file, settings: useCase.generate },
    { source, settings: { provider: overrides.provider, model: overrides.model, base_url: overrides.base_url, timeout_ms: overrides.timeout_ms } },
  ]);
  return {
    provider,
    maxRepairs: overrides.max_repairs ?? useCase.generate?.max_repairs ?? settings?.max_repairs ?? DEFAULT_MAX_REPAIRS,
    concurrency: overrides.concurrency ?? settings?.concurrency ?? DEFAULT_CONCURRENCY,
    requestsPerMinute: overrides.requests_per_minute ?? settings?.requests_per_minute ?? null,
    tokensPerMinute: overrides.tokens_per_minute ?? settings?.tokens_per_minute ?? null,
    prices: { ...DEFAULT_PRICES, ...(settings?.prices ?? {}) },
  };
}

/**
 * Who writes the copy: the template generator, or a model client with its key read from `env`.
 * A missing key is a ProviderError (`provider_auth`) naming the variable to set.
 *
 * @example const writer = await createWriter(settings.provider, process.env);
 */
export async function createWriter(provider: ProviderConfig, env: Readonly<Record<string, string | undefined>>): Promise<Writer> {
  if (provider.provider === "template") return { kind: "template" };
  // Loaded only when a model is used: the AI SDK is the heaviest part of a run's start.
  const { createModelClient } = await import("../providers/model-client.ts");
  return { kind: "model", client: createModelClient(provider, env) };
}

/**
 * The run's rate limiter and, under a tokens-per-minute limit, how many tokens a request counts as
 * (its prompt plus the longest answer); without one the tokenizer is not even loaded.
 *
 * @example const { limiter, estimateTokens } = await runLimits(settings);
 */
export async function runLimits(settings: RunSettings): Promise<{ limiter: RateLimiter; estimateTokens?: (messages: readonly ChatMessage[]) => number }> {
  const limiter = createRateLimiter({ requestsPerMinute: settings.requestsPerMinute, tokensPerMinute: settings.tokensPerMinute });
  if (settings.tokensPerMinute === null) return { limiter };
  const promptTokens = await promptTokenCounter();
  const answerTokens = settings.provider.max_output_tokens ?? DEFAULT_ANSWER_TOKENS;
  return { limiter, estimateTokens: (messages) => promptTokens(messages) + answerTokens };
}

/**
 * Counts a prompt's tokens (o200k_base), the system prefix once per distinct prefix.
 *
 * @example const count = await promptTokenCounter(); count(prompt.messages) // 812
 */
export async function promptTokenCounter(): Promise<(messages: readonly ChatMessage[]) => number> {
  const { countTokens } = await import("../tokenizer/count-tokens.ts");
  const prefixTokens = new Map<string, number>();
  return (messages) =>
    messages.reduce((sum, m) => {
      if (m.role !== "system") return sum + countTokens(m.content);
      let cached = prefixTokens.get(m.content);
      if (cached === undefined) prefixTokens.set(m.content, (cached = countTokens(m.content)));
      return sum + cached;
    }, 0);
}
