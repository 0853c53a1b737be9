import type { Finding } from "../findings.ts";

/** Longest quoted match in a repair message; a whole paragraph adds tokens and nothing the model needs. */
const MAX_MATCH_CHARS = 120;

/**
 * The message that re-asks a model after its output broke the brand's rules: each error-level
 * finding with its field, line and column, the rule, the words that broke it and what to write
 * instead. It goes after the model's own answer, so the conversation's prefix (and the provider's
 * cache of it) stays the same.
 *
 * @example
 * repairMessage([{ rule: "Brand.Claims.detox", level: "error", message: "A drink cannot detox; drop 'detox'.", field: "body",
 *   line: 1, column: 10, endLine: 1, endColumn: 15, match: "detox", suggestions: [] }])
 * // "Your answer breaks 1 brand rule. ...\n1. body, line 1, column 10 (Brand.Claims.detox): \"detox\". A drink cannot detox; drop 'detox'. ..."
 */
export function repairMessage(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.level === "error");
  const lines = errors.map((f, i) => `${i + 1}. ${findingLine(f)}`);
  return [
    `Your answer breaks ${errors.length} brand rule${errors.length === 1 ? "" : "s"}. Fix each one below and answer again with the whole JSON object. Keep everything else as it was.`,
    "",
    ...lines,
  ].join("\n");
}

/**
 * The message that re-asks a model whose answer was not a JSON object.
 *
 * @example
 * malformedMessage("Unexpected token } in JSON at position 12")
 * // "Your answer was not a valid JSON object (Unexpected token } in JSON at position 12). Answer again with only the JSON object the output schema describes: no prose, no code fence."
 */
export function malformedMessage(reason: string): string {
  return `Your answer was not a valid JSON object (${reason}). Answer again with only the JSON object the output schema describes: no prose, no code fence.`;
}

function findingLine(f: Finding): string {
  const place = [f.field ?? "the output", f.line > 0 ? `line ${f.line}, column ${f.column}` : null].filter(Boolean).join(", ");
  const match = f.match.trim() === "" ? "" : ` ${JSON.stringify(clip(f.match))}.`;
  const instead =
    f.suggestions.length > 0 ? ` Write instead: ${f.suggestions.map((s) => JSON.stringify(s)).join(" or ")}.` : "";
  return `${place} (${f.rule}):${match} ${sentence(f.message)}${instead}`;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > MAX_MATCH_CHARS ? `${oneLine.slice(0, MAX_MATCH_CHARS - 3)}...` : oneLine;
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
