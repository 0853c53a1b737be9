import type { Block } from "../document/prose-document.ts";
import type { ScopeSelector } from "../rules/rule.ts";

/** Whether one scope name (Vale's vocabulary) covers a block. `sentence` and `raw` cover all prose. */
function covers(scope: string, block: Block): boolean {
  switch (scope) {
    case "text":
    case "sentence":
    case "raw":
      return true;
    case "paragraph":
      return block.scope === "paragraph";
    case "summary":
      // Vale's summary is the body text: paragraphs, list items and quotes, not headings or tables.
      return block.scope === "paragraph" || block.scope === "list" || block.scope === "blockquote";
    case "table":
      return block.scope === "table.header" || block.scope === "table.cell";
    default:
      if (scope.startsWith("heading.h")) return block.scope === "heading" && block.depth === Number(scope.slice(9));
      return block.scope === scope;
  }
}

export function inScope(selector: ScopeSelector, block: Block): boolean {
  const included = selector.include.length === 0 || selector.include.some((s) => covers(s, block));
  return included && !selector.exclude.some((s) => covers(s, block));
}

/** Index of the block containing `offset`, or -1. Blocks are sorted and do not overlap. */
export function blockAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = blocks[mid] as Block;
    if (offset < block.start) hi = mid - 1;
    else if (offset >= block.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
