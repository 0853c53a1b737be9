import type { Block, ProseDocument } from "../../document/prose-document.ts";
import { wordStats, type WordStats } from "../../text/word-stats.ts";

/** The variables a `metric` formula may use, as Vale names them (`heading.h2` is `heading_h2`). */
export const METRIC_VARIABLES = [
  "words",
  "sentences",
  "characters",
  "syllables",
  "complex_words",
  "long_words",
  "polysyllabic_words",
  "paragraphs",
  "pre",
  "list",
  "blockquote",
  "heading_h1",
  "heading_h2",
  "heading_h3",
  "heading_h4",
  "heading_h5",
  "heading_h6",
] as const;
export type MetricVariable = (typeof METRIC_VARIABLES)[number];

/**
 * Vale's `summary`: the prose that readability is measured on, i.e. paragraphs, list items and
 * blockquotes; headings, table cells, alt text and titles are not running text.
 */
export function summaryBlocks(doc: ProseDocument): Block[] {
  return doc.blocks.filter((block) => block.scope === "paragraph" || block.scope === "list" || block.scope === "blockquote");
}

/**
 * Word statistics of the document's summary. Every metric and readability rule asks for them, so
 * they are counted once per document and text: a document whose text or summary blocks changed
 * since is counted again.
 *
 * @example
 * summaryStats(plainTextDocument("Fizzwell is refreshing. Try it.")).words // 5
 */
export function summaryStats(doc: ProseDocument): Readonly<WordStats> {
  const blocks = summaryBlocks(doc);
  const cached = statsCache.get(doc);
  if (cached && cached.text === doc.text && sameRanges(cached.blocks, blocks)) return cached.stats;
  const stats = Object.freeze(wordStats(doc.text, blocks));
  statsCache.set(doc, { text: doc.text, blocks: blocks.map(({ start, end }) => ({ start, end })), stats });
  return stats;
}

interface CachedStats {
  text: string;
  blocks: Array<{ start: number; end: number }>;
  stats: Readonly<WordStats>;
}

const statsCache = new WeakMap<ProseDocument, CachedStats>();

function sameRanges(a: ReadonlyArray<{ start: number; end: number }>, b: readonly Block[]): boolean {
  return a.length === b.length && a.every((range, i) => range.start === b[i]?.start && range.end === b[i]?.end);
}

/**
 * Every metric variable for one document. `pre` is always 0: code blocks are not prose blocks,
 * so the document does not count them. `list` counts list items, as Vale's implementation does.
 */
export function documentMetrics(doc: ProseDocument): Record<MetricVariable, number> {
  const stats = summaryStats(doc);
  const values: Record<MetricVariable, number> = {
    words: stats.words,
    sentences: stats.sentences,
    characters: stats.characters,
    syllables: stats.syllables,
    complex_words: stats.complexWords,
    long_words: stats.longWords,
    polysyllabic_words: stats.polysyllabicWords,
    paragraphs: stats.paragraphs,
    pre: 0,
    list: 0,
    blockquote: 0,
    heading_h1: 0,
    heading_h2: 0,
    heading_h3: 0,
    heading_h4: 0,
    heading_h5: 0,
    heading_h6: 0,
  };
  for (const block of doc.blocks) {
    if (block.scope === "list") values.list++;
    else if (block.scope === "blockquote") values.blockquote++;
    else if (block.scope === "heading" && block.depth !== undefined && block.depth >= 1 && block.depth <= 6) {
      values[`heading_h${block.depth}` as MetricVariable]++;
    }
  }
  return values;
}

/** A number as Vale prints it in a message (`%.2f`), with Go's spelling of infinities. */
export function formatValue(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (Number.isNaN(value)) return "NaN";
  return value.toFixed(2);
}
