import type { Finding, Level } from "../core/findings.ts";

/** The findings of one checked file: what `check()` returns, as the formatters see it. */
export interface FileReport {
  /** Path as shown to the user (relative to the working folder, `/`-separated), or `<stdin>`. */
  path: string;
  findings: readonly Finding[];
  score: number;
}

/** A file that could not be checked (missing, binary, not UTF-8, too large, malformed). */
export interface RunProblem {
  path: string;
  /** `warning` for a file skipped on purpose (binary), `error` for one that should have been checked. */
  level: "error" | "warning";
  message: string;
}

/** What a formatter needs to know about a rule (a subset of `RuleMeta`). */
export interface RuleInfo {
  id: string;
  level: Level;
  description: string;
  link?: string;
}

/** ANSI styling functions; `plainPaint` when colour is off. picocolors' `createColors()` fits. */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  underline(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
}

const same = (text: string): string => text;

export const plainPaint: Paint = {
  bold: same,
  dim: same,
  underline: same,
  red: same,
  yellow: same,
  blue: same,
  green: same,
};

/** Everything a formatter may use besides the reports. Each format reads only what it needs. */
export interface FormatContext {
  paint: Paint;
  /** Every rule of the kit, in kit order (SARIF lists them as the tool's rules). */
  rules: readonly RuleInfo[];
  tool: { name: string; version: string; informationUri?: string };
  /** Files that could not be checked (SARIF reports them as tool execution notifications). */
  problems: readonly RunProblem[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  suggestions: number;
}

/** Counts files and findings by level. */
export function summarize(reports: readonly FileReport[]): Summary {
  const summary: Summary = { files: reports.length, errors: 0, warnings: 0, suggestions: 0 };
  for (const report of reports) {
    for (const finding of report.findings) {
      if (finding.level === "error") summary.errors++;
      else if (finding.level === "warning") summary.warnings++;
      else summary.suggestions++;
    }
  }
  return summary;
}
