import type { ModelPrice } from "../kit/provider-schema.ts";

/**
 * What became of a variant: `passed` (no error-level finding on the first answer), `repaired`
 * (passed after re-asks), `needs_review` (still has error-level findings after the last re-ask,
 * kept with them), `failed` (no usable answer: the provider failed or never wrote valid JSON).
 */
export const VARIANT_STATUSES = ["passed", "repaired", "needs_review", "failed"] as const;
export type VariantStatus = (typeof VARIANT_STATUSES)[number];

export interface TokenCounts {
  input: number;
  output: number;
  /** Input tokens read from the provider's prompt cache (part of `input`). */
  cachedInput: number;
}

/** One finished variant, as the run summary needs it. */
export interface VariantOutcome {
  status: VariantStatus;
  /** `provider:model` that wrote it. */
  model: string;
  tokens: TokenCounts;
  /** Milliseconds from sending each answered request to its answer (waits between retries included), in order. */
  latenciesMs: readonly number[];
  /** HTTP requests sent for the variant, retries included (default: one per latency). */
  requests?: number;
}

export interface RunSummary {
  variants: number;
  passed: number;
  repaired: number;
  needs_review: number;
  failed: number;
  /** Planned but not finished (the run was cancelled or stopped). */
  not_run: number;
  requests: number;
  tokens: { input: number; output: number; cached_input: number };
  /** Estimated US dollars; null when no model of the run has a price. */
  cost_usd: number | null;
  /** Models with no price in the table: their tokens are not in `cost_usd`. */
  unpriced_models: string[];
  latency_ms: { median: number | null; p95: number | null };
  duration_ms: number;
  /** Requests per minute over the run's duration. */
  requests_per_minute: number;
}

/**
 * List prices in US dollars per million tokens, for the cost estimate when onbrand.yaml gives
 * none. Prices change: `generate.prices` in onbrand.yaml adds models and overrides these.
 * Anthropic's cache writes (1.25x input) are counted as plain input.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4.1": { input: 2, cached_input: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cached_input: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cached_input: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cached_input: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cached_input: 0.075, output: 0.6 },
  "claude-opus-4-1": { input: 15, cached_input: 1.5, output: 75 },
  "claude-sonnet-4-5": { input: 3, cached_input: 0.3, output: 15 },
  "claude-haiku-4-5": { input: 1, cached_input: 0.1, output: 5 },
  template: { input: 0, cached_input: 0, output: 0 },
};

/**
 * The price of a model: the table's entry for its id, else for the longest id it starts with
 * (`gpt-4.1-mini-2025-04-14` takes `gpt-4.1-mini`'s), else null.
 *
 * @example
 * priceOf("openai:gpt-4.1-mini-2025-04-14", DEFAULT_PRICES)?.output // 1.6
 */
export function priceOf(model: string, prices: Readonly<Record<string, ModelPrice>>): ModelPrice | null {
  const id = model.slice(model.indexOf(":") + 1);
  if (Object.hasOwn(prices, id)) return prices[id] ?? null;
  let best: string | null = null;
  for (const key of Object.keys(prices)) {
    if (id.startsWith(key) && (best === null || key.length > best.length)) best = key;
  }
  return best === null ? null : (prices[best] ?? null);
}

/**
 * The run summary: counts by status, tokens, estimated cost and request latency.
 *
 * @example
 * summarizeRun([{ status: "passed", model: "openai:gpt-4.1-mini", tokens: { input: 3000, output: 200, cachedInput: 2048 }, latenciesMs: [800] }],
 *   { planned: 1, durationMs: 1000, prices: DEFAULT_PRICES }).cost_usd // 0.000906
 */
export function summarizeRun(
  outcomes: readonly VariantOutcome[],
  options: {
    planned: number;
    durationMs: number;
    /** Requests sent within `durationMs` (a resumed run's earlier requests are not); default all. */
    requestsInDuration?: number;
    prices: Readonly<Record<string, ModelPrice>>;
  },
): RunSummary {
  const counts = { passed: 0, repaired: 0, needs_review: 0, failed: 0 };
  const tokens = { input: 0, output: 0, cached_input: 0 };
  const latencies: number[] = [];
  let requests = 0;
  const unpriced = new Set<string>();
  let cost = 0;
  let priced = false;
  for (const outcome of outcomes) {
    counts[outcome.status]++;
    tokens.input += outcome.tokens.input;
    tokens.output += outcome.tokens.output;
    tokens.cached_input += outcome.tokens.cachedInput;
    latencies.push(...outcome.latenciesMs);
    requests += outcome.requests ?? outcome.latenciesMs.length;
    const price = priceOf(outcome.model, options.prices);
    if (price === null) {
      if (outcome.tokens.input + outcome.tokens.output > 0) unpriced.add(outcome.model);
      continue;
    }
    priced = true;
    const cached = Math.min(outcome.tokens.cachedInput, outcome.tokens.input);
    cost += ((outcome.tokens.input - cached) * price.input + cached * (price.cached_input ?? price.input) + outcome.tokens.output * price.output) / 1e6;
  }
  const minutes = options.durationMs / 60_000;
  return {
    variants: options.planned,
    ...counts,
    not_run: Math.max(0, options.planned - outcomes.length),
    requests,
    tokens,
    cost_usd: priced ? round(cost, 6) : null,
    unpriced_models: [...unpriced].sort(),
    latency_ms: { median: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    duration_ms: Math.round(options.durationMs),
    requests_per_minute: minutes > 0 ? round((options.requestsInDuration ?? requests) / minutes, 1) : 0,
  };
}

/**
 * The nearest-rank percentile of a list (p in (0, 1]); null for an empty list.
 *
 * @example
 * percentile([100, 200, 300, 400], 0.5) // 200
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
