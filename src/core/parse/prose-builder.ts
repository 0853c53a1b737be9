import {
  type Block,
  type BlockScope,
  computeLineStarts,
  type Control,
  type ProseDocument,
} from "../document/prose-document.ts";

/**
 * Collects what a parser found (prose ranges, blocks, controls) and builds the same-length prose
 * view. Ranges must arrive in source order; an overlapping range is clipped, so a parser mistake
 * can lose a few characters but never break the length or the order of blocks.
 */
export class ProseBuilder {
  readonly source: string;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly blocks: Block[] = [];
  private readonly controls: Control[] = [];
  private open: Block | null = null;

  constructor(source: string) {
    this.source = source;
  }

  /** Starts a prose block; the one still open is closed first. */
  openBlock(scope: BlockScope, depth?: number): void {
    this.closeBlock();
    this.open = depth === undefined ? { start: -1, end: -1, scope } : { start: -1, end: -1, scope, depth };
  }

  /** Ends the open block; a block that received no visible character is dropped. */
  closeBlock(): void {
    const block = this.open;
    this.open = null;
    if (block && block.start >= 0) this.blocks.push(block);
  }

  get blockScope(): BlockScope | null {
    return this.open ? this.open.scope : null;
  }

  get blockDepth(): number | undefined {
    return this.open?.depth;
  }

  /** End of the last prose range, the earliest offset the next range may start at. */
  get copiedUpTo(): number {
    return this.ends.length > 0 ? (this.ends[this.ends.length - 1] ?? 0) : 0;
  }

  /** Marks `source[start, end)` as prose, extending the open block to its first and last visible character. */
  copy(start: number, end: number): void {
    const last = this.ends.length - 1;
    const lastEnd = last >= 0 ? (this.ends[last] ?? 0) : 0;
    if (start < lastEnd) start = lastEnd;
    if (end > this.source.length) end = this.source.length;
    if (end <= start) return;
    if (last >= 0 && start === lastEnd) this.ends[last] = end;
    else {
      this.starts.push(start);
      this.ends.push(end);
    }
    const block = this.open;
    if (!block) return;
    const src = this.source;
    let first = start;
    while (first < end && isSpaceCode(src.charCodeAt(first))) first++;
    if (first === end) return;
    let stop = end;
    while (isSpaceCode(src.charCodeAt(stop - 1))) stop--;
    if (block.start < 0) block.start = first;
    block.end = stop;
  }

  control(control: Control): void {
    this.controls.push(control);
  }

  /** The document; `lineStarts` may be passed when the caller already computed them for `source`. */
  build(field: string | null, lineStarts?: number[]): ProseDocument {
    this.closeBlock();
    const src = this.source;
    const parts: string[] = [];
    let at = 0;
    for (let i = 0; i < this.starts.length; i++) {
      const start = this.starts[i] ?? 0;
      const end = this.ends[i] ?? 0;
      if (start > at) parts.push(blank(src, at, start));
      parts.push(src.slice(start, end));
      at = end;
    }
    if (at < src.length) parts.push(blank(src, at, src.length));
    return {
      source: src,
      text: parts.join(""),
      blocks: this.blocks,
      controls: this.controls,
      field,
      lineStarts: lineStarts ?? computeLineStarts(src),
    };
  }
}

const NOT_LINE_BREAK = /[^\r\n]+/g;

/** `source[start, end)` with every character but `\n` and `\r` turned into a space. */
function blank(source: string, start: number, end: number): string {
  const piece = source.slice(start, end);
  if (piece.indexOf("\n") === -1 && piece.indexOf("\r") === -1) return " ".repeat(piece.length);
  return piece.replace(NOT_LINE_BREAK, (run) => " ".repeat(run.length));
}

/** The characters JavaScript's `\s` matches, without a regular expression per character. */
export function isSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
