import type { LibraryTestRun, LintWarning, TestCaseResult } from "../core/library/library-tests.ts";
import { type Paint, plainPaint } from "./file-report.ts";
import { warningLine } from "./junit.ts";

export interface TestSummary {
  passed: number;
  failed: number;
  warnings: number;
  /** Milliseconds the whole run took. */
  duration: number;
}

export function summarizeTests(run: LibraryTestRun, duration: number): TestSummary {
  const failed = run.cases.filter((c) => c.status === "fail").length;
  return { passed: run.cases.length - failed, failed, warnings: run.warnings.length, duration };
}

/**
 * `onbrand test` as a test runner prints it: one line per case (`✔ kit › compliant example 2: ...`,
 * `✖ usecase:email › catches a health claim`) with a failure's place and details indented below,
 * then the lint warnings as `file:line:col: warning: ...` lines, then the summary.
 *
 * @example
 * formatTestText(run, 412)
 * // ✔ kit › compliant example 1: Fizzwell Original: hibiscus, ginger and…
 * // ...
 * // 24 passed, 1 failed, 3 warnings in 0.41 s
 */
export function formatTestText(run: LibraryTestRun, duration: number, paint: Paint = plainPaint): string {
  const lines: string[] = [];
  for (const c of run.cases) {
    const title = `${c.suite} › ${c.name}`;
    if (c.status === "pass") {
      lines.push(`${paint.green("✔")} ${title}`);
      continue;
    }
    lines.push(`${paint.red("✖")} ${paint.bold(title)}`);
    lines.push(`    ${paint.dim(place(c))}`);
    for (const detail of c.details) lines.push(`    ${oneLine(detail)}`);
  }
  if (run.warnings.length > 0) {
    if (lines.length > 0) lines.push("");
    for (const w of run.warnings) lines.push(paintWarning(w, paint));
  }
  const s = summarizeTests(run, duration);
  const summary = [
    paint.green(`${s.passed} passed`),
    s.failed > 0 ? paint.red(`${s.failed} failed`) : `${s.failed} failed`,
    s.warnings > 0 ? paint.yellow(plural(s.warnings, "warning")) : plural(s.warnings, "warning"),
  ].join(", ");
  if (lines.length > 0) lines.push("");
  lines.push(`${summary} in ${seconds(duration)}`);
  if (run.cases.length === 0) lines.push("no tests ran: add examples to the brand kit, and examples and tests to the use cases (docs/testing.md)");
  return `${lines.join("\n")}\n`;
}

/** The `--format json` document: the cases, the warnings and the summary, indented two spaces. */
export function formatTestJson(run: LibraryTestRun, duration: number): string {
  const report = {
    cases: run.cases.map((c) => ({
      suite: c.suite,
      name: c.name,
      status: c.status,
      details: c.details,
      file: c.file,
      line: c.line,
      column: c.column,
      duration: round(c.duration),
    })),
    warnings: run.warnings.map((w) => ({
      code: w.code,
      suite: w.suite,
      file: w.file,
      line: w.line,
      column: w.column,
      message: w.message,
      fix: w.fix,
    })),
    summary: { ...summarizeTests(run, duration), duration: round(duration) },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The summary line alone, for stderr when stdout holds a JUnit or JSON document. */
export function summaryLine(run: LibraryTestRun, duration: number): string {
  const s = summarizeTests(run, duration);
  return `${s.passed} passed, ${s.failed} failed, ${plural(s.warnings, "warning")} in ${seconds(duration)}\n`;
}

function paintWarning(w: LintWarning, paint: Paint): string {
  const line = warningLine(w);
  const at = line.indexOf(": warning: ");
  return `${line.slice(0, at)}: ${paint.yellow("warning")}: ${line.slice(at + ": warning: ".length)}`;
}

function place(c: TestCaseResult): string {
  return c.line > 0 ? `${c.file}:${c.line}:${c.column}` : c.file;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
