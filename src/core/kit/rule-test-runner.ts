import { plainTextDocument, type Block, type ProseDocument } from "../document/prose-document.ts";
import { tokenize } from "../match/tokenize.ts";
import type { AssetContext, PhraseHit, Report, Rule, RuleContext } from "../rules/rule.ts";

/**
 * FOR TESTS ONLY: runs a kit-derived rule over the documents of one asset without the engine or
 * the shared matcher. Each phrase is found with its own case-insensitive regex (whole words, any
 * whitespace between words, exact case when `caseSensitive`; inflections are not expanded), hits
 * are kept leftmost-longest and non-overlapping, then handed to `onPhrases` once per document.
 * `blocks()` gives the document's blocks, split into sentences when the rule's scope is `sentence`.
 */
export interface KitTestReport extends Report {
  /** Index of the document (field) the report is in. */
  doc: number;
  /** Source text of the reported span. */
  match: string;
}

export function runKitRule(rule: Rule, sources: string | readonly string[]): KitTestReport[] {
  const documents = (typeof sources === "string" ? [sources] : sources).map((s) => plainTextDocument(s));
  const seen = new Set<string>();
  const asset: AssetContext = {
    channel: null,
    locale: null,
    documents,
    once: (key) => (seen.has(key) ? false : (seen.add(key), true)),
  };
  const reports: KitTestReport[] = [];
  documents.forEach((doc, index) => {
    const ctx: RuleContext = {
      doc,
      asset,
      tokens: tokenize(doc.text),
      blocks: () => (rule.meta.scope.include.includes("sentence") ? sentences(doc) : doc.blocks),
      report: (r) => reports.push({ ...r, doc: index, match: doc.source.slice(r.start, r.end) }),
    };
    const hits = findHits(rule, doc);
    if (hits.length > 0) rule.onPhrases?.(hits, ctx);
    rule.check?.(ctx);
  });
  return reports;
}

function findHits(rule: Rule, doc: ProseDocument): PhraseHit[] {
  const candidates: PhraseHit[] = [];
  for (const entry of rule.phrases ?? []) {
    const words = entry.phrase.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${words.join("\\s+")}(?![\\p{L}\\p{N}]|['’]\\p{L})`, "giu");
    for (const m of doc.text.matchAll(re)) {
      if (entry.caseSensitive && m[0].replace(/\s+/g, " ") !== entry.phrase.trim()) continue;
      candidates.push({ start: m.index, end: m.index + m[0].length, entry });
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

function sentences(doc: ProseDocument): Block[] {
  const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
  const out: Block[] = [];
  for (const block of doc.blocks) {
    for (const part of segmenter.segment(doc.text.slice(block.start, block.end))) {
      const start = block.start + part.index;
      out.push({ ...block, start, end: start + part.segment.trimEnd().length });
    }
  }
  return out;
}
