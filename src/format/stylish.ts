import type { Level } from "../core/findings.ts";
import { type FileReport, type Paint, plainPaint, summarize } from "./file-report.ts";

/**
 * The default, human format (after ESLint's "stylish"): each file with findings, its score, and one
 * aligned row per finding (`line:column  level  message  rule`; a structured asset's field comes
 * first: `headline 1:5`), then a summary line. Files without findings are only counted.
 *
 * @example
 * formatStylish(reports, plainPaint)
 * // docs/launch.md (score 85)
 * //   3:14  error  Avoid "synergy"; say what it does.  Brand.Avoid
 * //
 * // ✖ 1 problem (1 error, 0 warnings, 0 suggestions)
 */
export function formatStylish(reports: readonly FileReport[], paint: Paint = plainPaint): string {
  if (reports.length === 0) return "";
  let out = "";
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    const rows = report.findings.map((f) => ({
      place: f.field === null ? `${f.line}:${f.column}` : `${f.field} ${f.line}:${f.column}`,
      level: f.level,
      message: f.message.replace(/\s*[\r\n]+\s*/g, " "),
      rule: f.rule,
    }));
    const placeWidth = Math.max(...rows.map((r) => width(r.place)));
    const levelWidth = Math.max(...rows.map((r) => width(r.level)));
    const messageWidth = Math.max(...rows.map((r) => width(r.message)));
    out += `${paint.underline(report.path)} ${paint.dim(`(score ${report.score})`)}\n`;
    for (const r of rows) {
      // Pad before painting: escape codes have no width on screen.
      out +=
        `  ${paint.dim(pad(r.place, placeWidth))}  ${paintLevel(paint, r.level, pad(r.level, levelWidth))}` +
        `  ${pad(r.message, messageWidth)}  ${paint.dim(r.rule)}\n`;
    }
    out += "\n";
  }
  const s = summarize(reports);
  const problems = s.errors + s.warnings + s.suggestions;
  if (problems === 0) {
    return `${paint.green("✔")} no problems in ${plural(s.files, "file")}\n`;
  }
  const line =
    `✖ ${plural(problems, "problem")} ` +
    `(${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${plural(s.suggestions, "suggestion")})`;
  const colour = s.errors > 0 ? paint.red : s.warnings > 0 ? paint.yellow : paint.blue;
  return `${out}${paint.bold(colour(line))}\n`;
}

function paintLevel(paint: Paint, level: Level, text: string): string {
  if (level === "error") return paint.red(text);
  if (level === "warning") return paint.yellow(text);
  return paint.blue(text);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// Code points, not UTF-16 units, so a message with an emoji still lines up.
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function pad(text: string, to: number): string {
  return text + " ".repeat(Math.max(0, to - width(text)));
}
