import type { RunSummary } from "../core/generate/run-summary.ts";

/**
 * The run summary as the table `onbrand generate` prints.
 *
 * @example
 * formatRunSummary(summary).split("\n")[0] // "variants           12"
 */
export function formatRunSummary(summary: RunSummary): string {
  const rows: [string, string][] = [
    ["variants", String(summary.variants)],
    ["passed first time", share(summary.passed, summary.variants)],
    ["repaired", share(summary.repaired, summary.variants)],
    ["needs review", share(summary.needs_review, summary.variants)],
    ["failed", share(summary.failed, summary.variants)],
  ];
  if (summary.not_run > 0) rows.push(["not run", share(summary.not_run, summary.variants)]);
  rows.push(
    ["requests", String(summary.requests)],
    ["tokens in", `${thousands(summary.tokens.input)}${summary.tokens.input > 0 ? ` (${percent(summary.tokens.cached_input, summary.tokens.input)} cached)` : ""}`],
    ["tokens out", thousands(summary.tokens.output)],
    ["estimated cost", cost(summary)],
    ["latency p50/p95", summary.latency_ms.median === null ? "-" : `${seconds(summary.latency_ms.median)} / ${seconds(summary.latency_ms.p95 ?? 0)}`],
    ["duration", `${seconds(summary.duration_ms)}${summary.requests > 0 ? ` (${summary.requests_per_minute} requests/min)` : ""}`],
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n")}\n`;
}

function share(count: number, total: number): string {
  return total > 0 ? `${count} (${percent(count, total)})` : String(count);
}

function percent(part: number, whole: number): string {
  return `${whole > 0 ? Math.round((part / whole) * 100) : 0}%`;
}

function thousands(n: number): string {
  return n.toLocaleString("en-US");
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function cost(summary: RunSummary): string {
  const unpriced = summary.unpriced_models.length > 0 ? ` (no price for ${summary.unpriced_models.join(", ")}: add it under generate.prices)` : "";
  if (summary.cost_usd === null) return `-${unpriced}`;
  // Two significant digits below a cent: a small run's cost would read "$0.0000" with four decimals.
  return `$${summary.cost_usd < 0.01 && summary.cost_usd > 0 ? summary.cost_usd.toPrecision(2) : summary.cost_usd.toFixed(2)}${unpriced}`;
}
