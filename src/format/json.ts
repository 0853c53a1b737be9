import type { Finding } from "../core/findings.ts";
import { type FileReport, type Summary, summarize } from "./file-report.ts";

/** The `--format json` document. Its keys are a public contract: add none, remove none. */
export interface JsonReport {
  files: { path: string; score: number; findings: Finding[] }[];
  summary: Summary;
}

/**
 * Machine-readable results: `{"files":[{"path","score","findings":[...]}],"summary":{...}}`, indented
 * two spaces, ending with a newline. Files that could not be checked are not in it (they go to
 * stderr); every checked file is, with or without findings.
 */
export function formatJson(reports: readonly FileReport[]): string {
  return `${JSON.stringify(toJsonReport(reports), null, 2)}\n`;
}

export function toJsonReport(reports: readonly FileReport[]): JsonReport {
  return {
    files: reports.map((r) => ({ path: r.path, score: r.score, findings: r.findings.map(jsonFinding) })),
    summary: summarize(reports),
  };
}

/**
 * One finding as `--format json` and the HTTP API write it: only the contract's keys, in the
 * contract's order, whatever else a finding carries.
 *
 * @example
 * jsonFinding(finding) // { rule, level, message, line, column, endLine, endColumn, match, field, suggestions }
 */
export function jsonFinding(f: Finding): Finding {
  return {
    rule: f.rule,
    level: f.level,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    match: f.match,
    field: f.field,
    suggestions: [...f.suggestions],
  };
}
