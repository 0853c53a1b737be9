import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelPrice } from "../kit/provider-schema.ts";
import { DEFAULT_PRICES, percentile, priceOf, summarizeRun, type VariantOutcome } from "./run-summary.ts";

const MINI = "openai:gpt-4.1-mini";
const LLAMA = "openai-compatible:llama3.1:8b";

function outcome(status: VariantOutcome["status"], model: string, input: number, output: number, cachedInput: number, latenciesMs: number[]): VariantOutcome {
  return { status, model, tokens: { input, output, cachedInput }, latenciesMs };
}

test("counts by status, not_run, tokens, cost with cached tokens, unpriced models, latency and rate", () => {
  const summary = summarizeRun(
    [
      outcome("passed", MINI, 3000, 200, 2048, [800]),
      outcome("repaired", "openai:gpt-4.1-mini-2025-04-14", 5000, 400, 0, [1200, 900]),
      outcome("needs_review", LLAMA, 1000, 100, 0, [3000, 2500, 2000]),
      outcome("failed", LLAMA, 0, 0, 0, [60000]),
      // A model with no price and no tokens costs nothing, so it is not named.
      outcome("failed", "openai-compatible:qwen3", 0, 0, 0, []),
    ],
    { planned: 7, durationMs: 90_000.4, prices: DEFAULT_PRICES },
  );
  assert.deepEqual(summary, {
    variants: 7,
    passed: 1,
    repaired: 1,
    needs_review: 1,
    failed: 2,
    not_run: 2,
    requests: 7,
    tokens: { input: 9000, output: 700, cached_input: 2048 },
    // (952 x 0.4 + 2048 x 0.1 + 200 x 1.6) + (5000 x 0.4 + 400 x 1.6) = 3545.6 per million tokens.
    cost_usd: 0.003546,
    unpriced_models: [LLAMA],
    latency_ms: { median: 2000, p95: 60000 },
    duration_ms: 90000,
    requests_per_minute: 4.7,
  });
});

test("cost: cached tokens at the cached price, else at the input price, never more cached than input", () => {
  const cases: [string, VariantOutcome, Record<string, ModelPrice>, number][] = [
    ["cached price", outcome("passed", "m", 1_000_000, 1_000_000, 400_000, []), { m: { input: 2, cached_input: 0.5, output: 8 } }, 9.4],
    ["no cached price: input price", outcome("passed", "m", 1_000_000, 0, 400_000, []), { m: { input: 2, output: 8 } }, 2],
    ["cached above input counts as input", outcome("passed", "m", 1000, 0, 5000, []), { m: { input: 2, cached_input: 0.5, output: 8 } }, 0.0005],
    ["rounded to a millionth of a dollar", outcome("passed", MINI, 3000, 200, 2048, [800]), DEFAULT_PRICES, 0.000906],
    ["a free model costs 0, not null", outcome("passed", "template:template", 500, 500, 0, []), DEFAULT_PRICES, 0],
    ["a priced model that failed with no tokens costs 0", outcome("failed", MINI, 0, 0, 0, [100]), DEFAULT_PRICES, 0],
  ];
  for (const [name, o, prices, expected] of cases) assert.equal(summarizeRun([o], { planned: 1, durationMs: 1000, prices }).cost_usd, expected, name);
});

test("no outcome or only unpriced models: cost null; an empty run has no latency and no rate", () => {
  assert.deepEqual(summarizeRun([], { planned: 3, durationMs: 0, prices: DEFAULT_PRICES }), {
    variants: 3,
    passed: 0,
    repaired: 0,
    needs_review: 0,
    failed: 0,
    not_run: 3,
    requests: 0,
    tokens: { input: 0, output: 0, cached_input: 0 },
    cost_usd: null,
    unpriced_models: [],
    latency_ms: { median: null, p95: null },
    duration_ms: 0,
    requests_per_minute: 0,
  });
  const unpriced = summarizeRun([outcome("passed", "anthropic:claude-3-opus", 10, 10, 0, [500]), outcome("passed", LLAMA, 10, 10, 0, [700])], {
    planned: 2,
    durationMs: 30_000,
    prices: DEFAULT_PRICES,
  });
  assert.equal(unpriced.cost_usd, null);
  assert.deepEqual(unpriced.unpriced_models, ["anthropic:claude-3-opus", LLAMA]);
  assert.equal(unpriced.requests_per_minute, 4);
  assert.equal(unpriced.not_run, 0);
});

test("priceOf: the exact id, else the longest id it starts with, else null", () => {
  const prices: Record<string, ModelPrice> = { ...DEFAULT_PRICES, "llama3.1:8b": { input: 0, output: 0 }, "gpt-4.1-mini": { input: 9, output: 9 } };
  const cases: [string, Readonly<Record<string, ModelPrice>>, ModelPrice | null][] = [
    ["openai:gpt-4.1-mini", DEFAULT_PRICES, { input: 0.4, cached_input: 0.1, output: 1.6 }],
    ["gpt-4.1-mini", DEFAULT_PRICES, { input: 0.4, cached_input: 0.1, output: 1.6 }],
    ["openai:gpt-4.1-mini-2025-04-14", DEFAULT_PRICES, { input: 0.4, cached_input: 0.1, output: 1.6 }],
    ["openai:gpt-4.1-2025-04-14", DEFAULT_PRICES, { input: 2, cached_input: 0.5, output: 8 }],
    ["openai:gpt-4o-mini-2024-07-18", DEFAULT_PRICES, { input: 0.15, cached_input: 0.075, output: 0.6 }],
    ["anthropic:claude-sonnet-4-5-20250929", DEFAULT_PRICES, { input: 3, cached_input: 0.3, output: 15 }],
    ["anthropic:claude-3-opus", DEFAULT_PRICES, null],
    ["openai:constructor", DEFAULT_PRICES, null],
    ["openai-compatible:llama3.1:8b", DEFAULT_PRICES, null],
    ["openai-compatible:llama3.1:8b", prices, { input: 0, output: 0 }],
    ["openai:gpt-4.1-mini-2025-04-14", prices, { input: 9, output: 9 }],
  ];
  for (const [model, table, expected] of cases) assert.deepEqual(priceOf(model, table), expected, model);
});

test("percentile: nearest rank, null for no values", () => {
  const twenty = Array.from({ length: 20 }, (_, i) => (20 - i) * 10);
  const cases: [readonly number[], number, number | null][] = [
    [[], 0.5, null],
    [[], 0.95, null],
    [[42], 0.5, 42],
    [[42], 0.95, 42],
    [[100, 200, 300, 400], 0.5, 200],
    [[400, 100, 300, 200], 0.95, 400],
    [[3, 1, 2], 0.5, 2],
    [twenty, 0.5, 100],
    [twenty, 0.95, 190],
    [twenty, 1, 200],
    [twenty, 0.01, 10],
  ];
  for (const [values, p, expected] of cases) assert.equal(percentile(values, p), expected, `${p} of ${values.length}`);
  assert.equal(twenty[0], 200, "the input is not sorted in place");
});
