/**
 * The one shape every input becomes before rules run. `text` is a "prose view" of `source`: the
 * same length, with everything that is not prose (markup, code, URLs, comments, front matter)
 * replaced by spaces and line breaks kept. Offsets in `text` are offsets in `source`, so a finding
 * maps back to the original line and column with no translation table.
 */
export type BlockScope =
  | "paragraph"
  | "heading"
  | "list"
  | "blockquote"
  | "table.header"
  | "table.cell"
  | "alt"
  | "title";

export interface Block {
  /** Offsets into `text`/`source`, end exclusive. */
  start: number;
  end: number;
  scope: BlockScope;
  /** Heading level 1-6 for `heading` blocks. */
  depth?: number;
}

/**
 * An in-document control (`<!-- onbrand off -->`, `<!-- onbrand on -->`,
 * `<!-- onbrand Brand.Avoid = NO -->`; `vale` is accepted for the same comments). `rule` absent
 * means every rule.
 */
export interface Control {
  offset: number;
  on: boolean;
  rule?: string;
}

export interface ProseDocument {
  source: string;
  text: string;
  /** Prose blocks in source order, not overlapping. */
  blocks: Block[];
  controls: Control[];
  /** Field name for a structured asset's field, otherwise null. */
  field: string | null;
  /** Offset of the first character of each line (line 1 at index 0). */
  lineStarts: number[];
}

export function computeLineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

export interface Position {
  line: number;
  column: number;
}

/** 1-based line and code-point column of a UTF-16 offset. */
export function positionAt(doc: Pick<ProseDocument, "source" | "lineStarts">, offset: number): Position {
  const starts = doc.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const lineStart = starts[lo] ?? 0;
  let column = 1;
  for (let i = lineStart; i < offset; i++) {
    const code = doc.source.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < offset) {
      const next = doc.source.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    column++;
  }
  return { line: lo + 1, column };
}

// URLs with a scheme or www., and email addresses; trailing sentence punctuation is not part of them.
const NOT_PROSE = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'’]|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;
/** What every match of NOT_PROSE contains: most text has none, and this is much quicker to rule out. */
const MAY_HAVE_NOT_PROSE = /:\/\/|www\.|@/i;

/**
 * A document whose text is one prose paragraph per blank-line-separated block. URLs and email
 * addresses are not prose: an SMS link to `/detox-guide` is not a detox claim.
 */
export function plainTextDocument(source: string, field: string | null = null): ProseDocument {
  const blocks: Block[] = [];
  const re = /\S[\s\S]*?(?=\n[ \t]*\n|\s*$)/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    blocks.push({ start: m.index, end: m.index + m[0].length, scope: "paragraph" });
    if (m[0].length === 0) re.lastIndex++;
  }
  const text = MAY_HAVE_NOT_PROSE.test(source) ? source.replace(NOT_PROSE, (url) => " ".repeat(url.length)) : source;
  return { source, text, blocks, controls: [], field, lineStarts: computeLineStarts(source) };
}
