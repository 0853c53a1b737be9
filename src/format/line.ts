import type { FileReport } from "./file-report.ts";

/**
 * Vale's `--output=line`: one `path:line:column:Rule:Message` per finding, files in the order
 * given, nothing else (no summary), so editor integrations written for Vale parse it unchanged.
 * A finding in a structured asset's field has a position inside that field, so its message starts
 * with the field name in brackets: `launch.json:1:5:Brand.Avoid:[headline] Avoid "synergy"`.
 *
 * @example formatLine([{ path: "a.md", score: 95, findings: [f] }])
 * // "a.md:3:14:Brand.Avoid:Avoid \"synergy\"; say what it does.\n"
 */
export function formatLine(reports: readonly FileReport[]): string {
  let out = "";
  for (const report of reports) {
    for (const f of report.findings) {
      const message = oneLine(f.field === null ? f.message : `[${f.field}] ${f.message}`);
      out += `${report.path}:${f.line}:${f.column}:${f.rule}:${message}\n`;
    }
  }
  return out;
}

// One finding per line is the whole contract of this format.
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}
