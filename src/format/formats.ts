import type { FileReport, FormatContext } from "./file-report.ts";
import { formatJson } from "./json.ts";
import { formatLine } from "./line.ts";
import { formatSarif } from "./sarif.ts";
import { formatStylish } from "./stylish.ts";

export const FORMAT_NAMES = ["stylish", "line", "json", "sarif"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(value: string): value is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(value);
}

/** Renders check results in one of the output formats (docs/output-formats.md). */
export function formatReports(format: FormatName, reports: readonly FileReport[], context: FormatContext): string {
  switch (format) {
    case "stylish":
      return formatStylish(reports, context.paint);
    case "line":
      return formatLine(reports);
    case "json":
      return formatJson(reports);
    case "sarif":
      return formatSarif(reports, context);
    default: {
      const unknown: never = format;
      throw new Error(`unknown format ${String(unknown)}`);
    }
  }
}
