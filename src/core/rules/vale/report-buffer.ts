import type { PhraseHit, Report, RuleContext } from "../rule.ts";
import type { ExceptionFilter } from "./exceptions.ts";
import { matchRegions, regionOf } from "./match-regions.ts";

/**
 * Hands a rule's reports for one document to the engine: one report per span (Vale reports a rule
 * once per place), in source order, and at most `limit` of them when `limit` > 0 (Vale's `limit`
 * keeps the first ones).
 */
export function emitReports(ctx: Pick<RuleContext, "report">, reports: readonly Report[], limit: number): void {
  // Most rules report nothing in most documents, and one report needs no ordering.
  if (reports.length <= 1) {
    if (reports[0]) ctx.report(reports[0]);
    return;
  }
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

/**
 * The `onPhrases` of a Vale rule whose tokens are literal phrases: each hit that no exception
 * cancels becomes a report through `make` (which may decline with null), then the reports are
 * emitted as `emitReports` does. Existence and substitution share it.
 */
export function reportPhraseHits(
  ctx: RuleContext,
  hits: readonly PhraseHit[],
  exceptions: ExceptionFilter,
  limit: number,
  make: (hit: PhraseHit, observed: string) => Report | null,
): void {
  const reports: Report[] = [];
  const regions = exceptions.hasPhrases ? matchRegions(ctx, false) : [];
  for (const hit of hits) {
    const observed = ctx.doc.text.slice(hit.start, hit.end);
    if (exceptions.cancels(observed, hit.start, hit.end, regionOf(regions, hit.start))) continue;
    const report = make(hit, observed);
    if (report) reports.push(report);
  }
  emitReports(ctx, reports, limit);
}
