import type { Report, RuleContext } from "../rule.ts";

/**
 * Hands a rule's reports for one document to the engine: one report per span (Vale reports a rule
 * once per place), in source order, and at most `limit` of them when `limit` > 0 (Vale's `limit`
 * keeps the first ones).
 */
export function emitReports(ctx: Pick<RuleContext, "report">, reports: readonly Report[], limit: number): void {
  const seen = new Set<string>();
  const ordered = [...reports].sort((a, b) => a.start - b.start || a.end - b.end);
  let emitted = 0;
  for (const report of ordered) {
    const key = `${report.start}:${report.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (limit > 0 && emitted >= limit) return;
    ctx.report(report);
    emitted++;
  }
}
