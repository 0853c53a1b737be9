/** How serious a finding is. Ordered from least to most severe. */
export const LEVELS = ["suggestion", "warning", "error"] as const;
export type Level = (typeof LEVELS)[number];

/** Rank of a level for comparisons: suggestion 0, warning 1, error 2. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function isLevel(value: unknown): value is Level {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

/**
 * One thing a rule found in an asset. Positions are 1-based; columns count Unicode code points
 * (as Vale does); `endColumn` is exclusive. For structured assets `field` names the field and the
 * position is within that field's text.
 */
export interface Finding {
  rule: string;
  level: Level;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  match: string;
  field: string | null;
  suggestions: string[];
}

/** Findings in reading order: by field order as given, then line, column, rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
