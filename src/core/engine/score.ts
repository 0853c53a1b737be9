import type { Finding, Level } from "../findings.ts";

/** Penalty points per finding, by level (onbrand.yaml `score:` overrides them). Documented in docs/scoring.md. */
export const LEVEL_WEIGHTS: Record<Level, number> = { error: 10, warning: 3, suggestion: 1 };

/** Shorter assets are scored as if they had this many words, so one finding in a headline is not a zero. */
export const MIN_SCORED_WORDS = 50;

/**
 * Brand score 0-100 of one asset: 100 minus the weighted findings per 100 words, floored, so any
 * finding at all keeps an asset below 100.
 *
 * @example assetScore([], 120) // 100
 * @example assetScore([oneError], 200) // 100 - 10 * 100 / 200 = 95
 */
export function assetScore(
  findings: readonly Pick<Finding, "level">[],
  words: number,
  weights: Partial<Record<Level, number>> = {},
): number {
  if (findings.length === 0) return 100;
  let points = 0;
  for (const f of findings) points += weights[f.level] ?? LEVEL_WEIGHTS[f.level];
  const density = (points * 100) / Math.max(words, MIN_SCORED_WORDS);
  return Math.max(0, Math.floor(100 - density));
}
