import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunSummary } from "../core/generate/run-summary.ts";
import { formatRunSummary } from "./run-summary.ts";

const lines = (...rows: string[]) => `${rows.join("\n")}\n`;

const PRICED: RunSummary = {
  variants: 12,
  passed: 9,
  repaired: 2,
  needs_review: 1,
  failed: 0,
  not_run: 0,
  requests: 17,
  tokens: { input: 123_456, output: 7890, cached_input: 98_765 },
  cost_usd: 0.184,
  unpriced_models: [],
  latency_ms: { median: 950, p95: 2340 },
  duration_ms: 65_432,
  requests_per_minute: 15.6,
};

test("a run with a price: shares, thousands, cached share, cost, latency and rate", () => {
  assert.equal(
    formatRunSummary(PRICED),
    lines(
      "variants           12",
      "passed first time  9 (75%)",
      "repaired           2 (17%)",
      "needs review       1 (8%)",
      "failed             0 (0%)",
      "requests           17",
      "tokens in          123,456 (80% cached)",
      "tokens out         7,890",
      "estimated cost     $0.18",
      "latency p50/p95    950 ms / 2.3 s",
      "duration           65.4 s (15.6 requests/min)",
    ),
  );
});

test("a run with no price and variants not run", () => {
  const summary: RunSummary = {
    variants: 10,
    passed: 2,
    repaired: 0,
    needs_review: 1,
    failed: 1,
    not_run: 6,
    requests: 5,
    tokens: { input: 4000, output: 300, cached_input: 0 },
    cost_usd: null,
    unpriced_models: ["openai-compatible:llama3.1:8b", "openai-compatible:qwen3"],
    latency_ms: { median: 1500, p95: 4000 },
    duration_ms: 12_000,
    requests_per_minute: 25,
  };
  assert.equal(
    formatRunSummary(summary),
    lines(
      "variants           10",
      "passed first time  2 (20%)",
      "repaired           0 (0%)",
      "needs review       1 (10%)",
      "failed             1 (10%)",
      "not run            6 (60%)",
      "requests           5",
      "tokens in          4,000 (0% cached)",
      "tokens out         300",
      "estimated cost     - (no price for openai-compatible:llama3.1:8b, openai-compatible:qwen3: add it under generate.prices)",
      "latency p50/p95    1.5 s / 4.0 s",
      "duration           12.0 s (25 requests/min)",
    ),
  );
});

test("a run where nothing ran: no shares, no latency, no rate", () => {
  const summary: RunSummary = {
    ...PRICED,
    variants: 0,
    passed: 0,
    repaired: 0,
    needs_review: 0,
    requests: 0,
    tokens: { input: 0, output: 0, cached_input: 0 },
    cost_usd: null,
    latency_ms: { median: null, p95: null },
    duration_ms: 40,
    requests_per_minute: 0,
  };
  assert.equal(
    formatRunSummary(summary),
    lines(
      "variants           0",
      "passed first time  0",
      "repaired           0",
      "needs review       0",
      "failed             0",
      "requests           0",
      "tokens in          0",
      "tokens out         0",
      "estimated cost     -",
      "latency p50/p95    -",
      "duration           40 ms",
    ),
  );
});

test("estimated cost: cents, two significant digits below a cent, and the unpriced models after a partial price", () => {
  const cases: [number, string[], string][] = [
    [0, [], "$0.00"],
    [12.345, [], "$12.35"],
    [0.01, [], "$0.01"],
    [0.009056, [], "$0.0091"],
    [0.000906, [], "$0.00091"],
    [0.000001, [], "$0.0000010"],
    [0.184, ["openai-compatible:llama3.1:8b"], "$0.18 (no price for openai-compatible:llama3.1:8b: add it under generate.prices)"],
  ];
  for (const [cost, unpriced, expected] of cases) {
    const row = formatRunSummary({ ...PRICED, cost_usd: cost, unpriced_models: unpriced }).split("\n")[8];
    assert.equal(row, `estimated cost     ${expected}`, String(cost));
  }
});
