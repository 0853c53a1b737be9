import type { Block, ProseDocument } from "../../document/prose-document.ts";

/** A block's text as the capitalization check reads it. */
export interface BlockText {
  /**
   * What a reader sees: the prose, inline code as written, other markup (emphasis marks, link
   * targets) dropped, whitespace runs as one space, trimmed.
   */
  display: string;
  /**
   * `display` with each inline code span replaced by `*` characters of the same length, as Vale
   * masks code, so code is never judged for case. Index i of one is index i of the other.
   */
  check: string;
}

const SPACE = /\s/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Reads one block. Markup is where the prose view has a space and the source has something else;
 * a run of it that stands alone between spaces or punctuation and holds a letter or digit is
 * inline code (`` `npm install` ``) and is kept; a run touching a word (`**` in `**New**`, `](url)`
 * after link text) or without letters (`##`) is dropped.
 *
 * @example
 * // source "Use the `APPEND` operator", prose view "Use the          operator"
 * blockText(doc, block) // { display: "Use the `APPEND` operator", check: "Use the ******** operator" }
 */
export function blockText(doc: Pick<ProseDocument, "source" | "text">, block: Pick<Block, "start" | "end">): BlockText {
  const { source, text } = doc;
  let display = "";
  let check = "";
  let space = false;
  const append = (shown: string, judged: string) => {
    if (space && display !== "") {
      display += " ";
      check += " ";
    }
    space = false;
    display += shown;
    check += judged;
  };
  let i = block.start;
  while (i < block.end) {
    let j = i;
    if (!SPACE.test(text[i] as string)) {
      while (j < block.end && !SPACE.test(text[j] as string)) j++;
      const prose = text.slice(i, j);
      append(prose, prose);
    } else if (SPACE.test(source[i] as string)) {
      while (j < block.end && SPACE.test(text[j] as string) && SPACE.test(source[j] as string)) j++;
      space = true;
    } else {
      while (j < block.end && SPACE.test(text[j] as string) && !SPACE.test(source[j] as string)) j++;
      const markup = source.slice(i, j);
      const alone =
        (i === block.start || !WORD_CHAR.test(source[i - 1] as string)) &&
        (j === block.end || !WORD_CHAR.test(source[j] as string)) &&
        WORD_CHAR.test(markup);
      if (alone) append(markup, "*".repeat(markup.length));
    }
    i = j;
  }
  return { display, check };
}
