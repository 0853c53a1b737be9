import {
  computeLineStarts,
  plainTextDocument,
  positionAt,
  type Block,
  type ProseDocument,
} from "../../document/prose-document.ts";
import { tokenize } from "../../match/tokenize.ts";
import type { PhraseHit, Report, Rule, RuleContext, RuleProblem } from "../rule.ts";
import { compileValeRule } from "./compile-vale-rule.ts";
import type { ValeRuleType } from "./rule-type.ts";
import type { ValeBase } from "./vale-base.ts";

/**
 * FOR TESTS ONLY: runs one rule over one document the way the engine does, without the engine.
 * Phrases are found with one plain regex each (case-insensitive, whole words, flexible whitespace,
 * exact case when `caseSensitive`), kept leftmost-longest and non-overlapping, and limited to the
 * rule's scope, then handed to `onPhrases`; `check` runs after. Scopes: `text` is every block,
 * a block scope name selects those blocks, `sentence` splits them into sentences, `raw` is the
 * whole source.
 */
export interface TestReport extends Report {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The source text of the span. */
  match: string;
}

export function runRuleForTest(rule: Rule, input: string | ProseDocument): TestReport[] {
  const doc = typeof input === "string" ? plainTextDocument(input) : input;
  const reports: Report[] = [];
  const seen = new Set<string>();
  const ctx: RuleContext = {
    doc,
    asset: {
      channel: null,
      locale: null,
      documents: [doc],
      once(key) {
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      },
    },
    tokens: tokenize(doc.text),
    blocks: () => scopeBlocks(rule, doc),
    report: (report) => reports.push(report),
  };
  if (rule.phrases && rule.onPhrases) rule.onPhrases(phraseHitsForTest(rule, doc), ctx);
  rule.check?.(ctx);
  return reports.map((report) => {
    const start = positionAt(doc, report.start);
    const end = positionAt(doc, report.end);
    return {
      ...report,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      match: doc.source.slice(report.start, report.end),
    };
  });
}

/** The blocks a rule's scope selects in `doc`, as the fake context's `blocks()` returns them. */
export function scopeBlocks(rule: Rule, doc: ProseDocument): Block[] {
  const { include, exclude } = rule.meta.scope;
  if (include.includes("raw")) return [{ start: 0, end: doc.source.length, scope: "paragraph" }];
  const selects = (block: Block, name: string): boolean => {
    if (name === "text" || name === "sentence") return true;
    if (name === "summary") return block.scope === "paragraph";
    if (name === "table") return block.scope.startsWith("table");
    if (name.startsWith("heading.h")) return block.scope === "heading" && `heading.h${block.depth}` === name;
    return block.scope === name;
  };
  const blocks = doc.blocks.filter(
    (block) => include.some((name) => selects(block, name)) && !exclude.some((name) => selects(block, name)),
  );
  if (!include.includes("sentence")) return blocks;
  const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
  const sentences: Block[] = [];
  for (const block of blocks) {
    // Same-length replacement: a soft line break is not a sentence end, and offsets stay valid.
    for (const part of segmenter.segment(doc.text.slice(block.start, block.end).replace(/\s/g, " "))) {
      const lead = part.segment.length - part.segment.trimStart().length;
      const trimmed = part.segment.trim();
      if (trimmed === "") continue;
      const start = block.start + part.index + lead;
      sentences.push({ start, end: start + trimmed.length, scope: block.scope });
    }
  }
  return sentences;
}

/** The hits the shared matcher would deliver for `rule.phrases` in `doc`, computed naively. */
export function phraseHitsForTest(rule: Rule, doc: ProseDocument): PhraseHit[] {
  const blocks = scopeBlocks(rule, doc);
  const candidates: PhraseHit[] = [];
  for (const entry of rule.phrases ?? []) {
    const words = entry.phrase.trim().split(/\s+/).map(escapeRegExp);
    const re = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${words.join("\\s+")}(?![\\p{L}\\p{N}\\p{M}])`, "giu");
    for (const m of doc.text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (entry.caseSensitive && m[0].replace(/\s+/g, " ") !== entry.phrase.trim().replace(/\s+/g, " ")) continue;
      if (!blocks.some((block) => start >= block.start && end <= block.end)) continue;
      candidates.push({ start, end, entry });
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const hits: PhraseHit[] = [];
  let reached = -1;
  for (const hit of candidates) {
    if (hit.start < reached) continue;
    hits.push(hit);
    reached = hit.end;
  }
  return hits;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * FOR TESTS ONLY: compiles a rule of one type through the real loader (common keys, unknown keys,
 * type keys) and fails the test on any error problem. `message` and `extends` default sensibly.
 */
export function compileForTest(
  type: ValeRuleType,
  def: Record<string, unknown>,
  name = "Test.Rule",
): { rule: Rule; problems: RuleProblem[] } {
  const { rule, problems } = compileValeRule({ extends: type.extends, message: "%s", ...def }, name, {}, [type]);
  if (!rule) throw new Error(`rule did not compile: ${JSON.stringify(problems)}`);
  return { rule, problems };
}

/** FOR TESTS ONLY: a document with the given blocks; `text` defaults to the source. */
export function documentForTest(source: string, blocks: Block[], text = source): ProseDocument {
  return { source, text, blocks, controls: [], field: null, lineStarts: computeLineStarts(source) };
}

/** FOR TESTS ONLY: the common keys of a rule `S.R` of type `type`, as `valeBase` would parse them. */
export function valeBaseForTest(type: string): ValeBase {
  return {
    id: "S.R",
    extends: type,
    message: "m",
    description: "",
    level: "warning",
    scope: { include: ["text"], exclude: [] },
    limit: 0,
    action: null,
  };
}
