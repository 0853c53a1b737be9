import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import {
  APICallError,
  generateText,
  type JSONSchema7,
  jsonSchema,
  type LanguageModel,
  type LanguageModelUsage,
  NoObjectGeneratedError,
  Output,
  RetryError,
} from "ai";
import { DEFAULT_API_KEY_ENV, type ProviderConfig } from "./provider-config.ts";
import { ProviderError, type ProviderErrorCode } from "./provider-error.ts";
import { backoffMs, RETRY_AFTER_LIMIT_MS, retryAfterMs, sleep as realSleep } from "./retry-policy.ts";

/** One message of a compiled prompt (compilePrompt(...).messages). */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface GenerateRequest {
  messages: readonly ChatMessage[];
  /** JSON Schema of the answer (outputJsonSchema(kit, useCase, channel)). */
  schema: Record<string, unknown>;
  /** Name of the schema, sent to providers that label structured output (letters, digits, _ and -). */
  schemaName: string;
  /** Cancels the call and any wait between retries; a cancellation is rethrown as is, not retried. */
  signal?: AbortSignal;
  /** Told before each wait between retries: a run slows all its requests down after a rate limit. */
  onRetry?: (retry: { attempt: number; code: ProviderErrorCode; waitMs: number }) => void;
  /** Awaited after the wait, before the retry is sent: a run's rate limiter gives the retry its own slot. */
  beforeRetry?: (signal?: AbortSignal) => Promise<void>;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (OpenAI cached_tokens, Anthropic cache_read_input_tokens). */
  cachedInputTokens: number;
}

export interface GenerateResult {
  /** The model's answer as written, for reporting and repairing a malformed one. */
  text: string;
  /** The answer parsed as JSON; null when it is not JSON. Not validated against the schema: the output check does that. */
  output: unknown;
  usage: TokenUsage;
  /** From the first request to the answer, waits between retries included. */
  latencyMs: number;
  /** Requests sent, the successful one included. */
  attempts: number;
}

export interface ModelClient {
  /** `provider:model`, e.g. `openai:gpt-4.1-mini`. */
  readonly id: string;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

export interface ModelClientOptions {
  /** Replaces the global fetch (proxies, tests). */
  fetch?: typeof globalThis.fetch;
  /** Waits between retries; tests pass one that records instead of waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

const ANTHROPIC_CACHE_BREAKPOINT = { anthropic: { cacheControl: { type: "ephemeral" } } } as const;

export const DEFAULT_BASE_URL = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
} as const;

/**
 * A client for one configured model: sends a compiled prompt, asks for JSON matching the schema,
 * and returns the raw text beside the parsed output. Retries rate limits, server errors, timeouts
 * and network errors itself (the AI SDK's own retries are off so the policy is one and testable).
 *
 * @example
 * const client = createModelClient(parseProviderConfig({ provider: "openai", model: "gpt-4.1-mini" }), process.env);
 * const { output, usage } = await client.generate({ messages: prompt.messages, schema, schemaName: "email" });
 */
export function createModelClient(config: ProviderConfig, env: Readonly<Record<string, string | undefined>>, options: ModelClientOptions = {}): ModelClient {
  const id = `${config.provider}:${config.model}`;
  if (config.provider === "template") {
    throw new ProviderError("provider_bad_request", "template is built in; the pipeline handles it (no model client needed)");
  }
  const keyEnv = config.api_key_env ?? DEFAULT_API_KEY_ENV[config.provider];
  const apiKey = keyEnv ? env[keyEnv]?.trim() || undefined : undefined;
  if (keyEnv && !apiKey) {
    throw new ProviderError("provider_auth", `set ${keyEnv} (or api_key_env in onbrand.yaml) to use ${id}`);
  }
  const baseURL = (config.base_url ?? (config.provider === "openai-compatible" ? "" : DEFAULT_BASE_URL[config.provider])).replace(/\/+$/, "");
  const model = languageModel(config.provider, config.model, baseURL, apiKey, options.fetch);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const failure: FailureContext = { baseURL, id, keyEnv, apiKey };

  async function generate(request: GenerateRequest): Promise<GenerateResult> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(config.timeout_ms);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      try {
        const result = await generateText({
          model,
          messages: request.messages.map((m) =>
            // Anthropic caches only up to an explicit breakpoint: put one after the system prefix.
            m.role === "system" ? { role: m.role, content: m.content, providerOptions: ANTHROPIC_CACHE_BREAKPOINT } : { role: m.role, content: m.content },
          ),
          allowSystemInMessages: true,
          output: Output.object({ schema: jsonSchema<unknown>(request.schema as JSONSchema7), name: request.schemaName }),
          temperature: config.temperature,
          maxOutputTokens: config.max_output_tokens,
          // Non-strict: strict structured output rejects schemas with optional fields.
          providerOptions: { openai: { strictJsonSchema: false }, openaiCompatible: { strictJsonSchema: false } },
          maxRetries: 0,
          abortSignal: signal,
        });
        return { text: result.text, output: result.output, usage: tokenUsage(result.usage), latencyMs: since(started), attempts: attempt };
      } catch (error) {
        if (NoObjectGeneratedError.isInstance(error)) {
          return { text: error.text ?? "", output: null, usage: tokenUsage(error.usage), latencyMs: since(started), attempts: attempt };
        }
        if (request.signal?.aborted) throw request.signal.reason;
        const classified = classify(error, timeout.aborted, config.timeout_ms, failure);
        if (!classified.retryable || attempt > config.max_retries || (classified.waitMs ?? 0) > RETRY_AFTER_LIMIT_MS) {
          throw new ProviderError(classified.code, withAttempts(classified, attempt), { attempts: attempt, status: classified.status });
        }
        const waitMs = classified.waitMs ?? backoffMs(attempt, random);
        request.onRetry?.({ attempt, code: classified.code, waitMs });
        await sleep(waitMs, request.signal);
        await request.beforeRetry?.(request.signal);
      }
    }
  }

  return { id, generate };
}

function languageModel(
  provider: Exclude<ProviderConfig["provider"], "template">,
  modelId: string,
  baseURL: string,
  apiKey: string | undefined,
  fetch: typeof globalThis.fetch | undefined,
): LanguageModel {
  switch (provider) {
    case "openai":
      // Chat Completions, not Responses: the one wire protocol every compatible server also speaks.
      return createOpenAI({ baseURL, apiKey, fetch }).chat(modelId);
    case "anthropic":
      return createAnthropic({ baseURL, apiKey, fetch })(modelId);
    case "openai-compatible":
      return createOpenAICompatible({ name: "openaiCompatible", baseURL, apiKey, fetch, supportsStructuredOutputs: true, includeUsage: true })(modelId);
    default: {
      const unknown: never = provider;
      throw new Error(`unknown provider ${String(unknown)}`);
    }
  }
}

function tokenUsage(usage: LanguageModelUsage | undefined): TokenUsage {
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedInputTokens: usage?.inputTokenDetails?.cacheReadTokens ?? 0,
  };
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}

function withAttempts(c: Classified, attempts: number): string {
  return `${c.problem}${attempts > 1 ? ` after ${attempts} attempts` : ""}: ${c.fix}`;
}

interface FailureContext {
  baseURL: string;
  id: string;
  keyEnv: string | null;
  apiKey: string | undefined;
}

interface Classified {
  code: ProviderErrorCode;
  /** What went wrong, and what to do about it: joined into the one-line message. */
  problem: string;
  fix: string;
  retryable: boolean;
  status?: number;
  /** What the server asked for in Retry-After, when it did. */
  waitMs?: number;
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
};

/** Turns whatever the SDK threw into one of our codes, a one-line message and whether to retry. */
function classify(error: unknown, timedOut: boolean, timeoutMs: number, ctx: FailureContext): Classified {
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (timedOut) {
    return { code: "provider_timeout", retryable: true, problem: `no answer from ${ctx.baseURL} within ${timeoutMs} ms`, fix: "raise timeout_ms or check the server" };
  }
  if (!APICallError.isInstance(cause)) {
    return { code: "provider_unavailable", retryable: false, problem: `${ctx.id} failed (${redact(firstLine(errorMessage(cause)), ctx.apiKey)})`, fix: "report this as an onbrand bug if it persists" };
  }
  const status = cause.statusCode;
  if (status === undefined) {
    return { code: "provider_unreachable", retryable: true, problem: `cannot reach ${ctx.baseURL} (${networkReason(cause.cause)})`, fix: "start the server or set base_url" };
  }
  const detail = redact(firstLine(providerMessage(cause)), ctx.apiKey);
  if (status === 401 || status === 403) {
    const fix = ctx.keyEnv
      ? `check the key in ${ctx.keyEnv} (or set api_key_env in onbrand.yaml)`
      : "set api_key_env in onbrand.yaml to the variable that holds its key";
    return { code: "provider_auth", retryable: false, status, problem: `${ctx.baseURL} refused the request (${status}${detail ? `, ${detail}` : ""})`, fix };
  }
  const waitMs = status === 429 || status >= 500 ? (retryAfterMs(cause.responseHeaders?.["retry-after"]) ?? undefined) : undefined;
  if (status === 429) {
    return { code: "provider_rate_limited", retryable: true, status, waitMs, problem: `${ctx.baseURL} is rate limiting ${ctx.id} (429)`, fix: "wait, send fewer requests at once, or raise max_retries" };
  }
  if (status === 408) {
    return { code: "provider_timeout", retryable: true, status, problem: `${ctx.baseURL} timed out (408)`, fix: "raise timeout_ms or try again later" };
  }
  if (status >= 500) {
    return { code: "provider_unavailable", retryable: true, status, waitMs, problem: `${ctx.baseURL} failed (${status}${detail ? `, ${detail}` : ""})`, fix: "try again later or raise max_retries" };
  }
  if (status === 404) {
    return { code: "provider_bad_request", retryable: false, status, problem: `${ctx.baseURL} has no model ${ctx.id.slice(ctx.id.indexOf(":") + 1)} (404${detail ? `, ${detail}` : ""})`, fix: "check model and base_url" };
  }
  if (status >= 200 && status < 300) {
    return { code: "provider_unavailable", retryable: false, status, problem: `${ctx.baseURL} sent an answer ${ctx.id} cannot read`, fix: "check provider and base_url" };
  }
  return { code: "provider_bad_request", retryable: false, status, problem: `${ctx.baseURL} rejected the request (${status}${detail ? `, ${detail}` : ""})`, fix: "check model and the provider settings" };
}

function networkReason(cause: unknown): string {
  const code = errorCode(cause) ?? errorCode((cause as { cause?: unknown } | undefined)?.cause);
  if (code) return NETWORK_REASONS[code] ?? code;
  return firstLine(errorMessage(cause)) || "network error";
}

function errorCode(value: unknown): string | undefined {
  return typeof value === "object" && value !== null && "code" in value && typeof value.code === "string" ? value.code : undefined;
}

function errorMessage(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}

/** The provider's own error text when the body has one ({error: {message}} or {error: "..."}). */
function providerMessage(error: APICallError): string {
  const data = error.data as { error?: { message?: unknown } | string; message?: unknown } | undefined;
  const nested = typeof data?.error === "object" ? data.error.message : data?.error;
  if (typeof nested === "string") return nested;
  if (typeof data?.message === "string") return data.message;
  try {
    const body = JSON.parse(error.responseBody ?? "") as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return body.error.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return "";
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]?.trim() ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** Providers sometimes quote the key back ("Incorrect API key provided: sk-..."); never pass it on. */
function redact(text: string, apiKey: string | undefined): string {
  let out = apiKey ? text.split(apiKey).join("***") : text;
  out = out.replace(/\b(sk-[A-Za-z0-9_-]{4})[A-Za-z0-9_*-]{8,}/g, "$1***");
  return out;
}
