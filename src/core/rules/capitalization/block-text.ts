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

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isSpace(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    (code >= 0x2028 && code <= 0x2029) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

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
    if (!isSpace(text, i)) {
      while (j < block.end && !isSpace(text, j)) j++;
      const prose = text.slice(i, j);
      append(prose, prose);
    } else if (isSpace(source, i)) {
      while (j < block.end && isSpace(text, j) && isSpace(source, j)) j++;
      space = true;
    } else {
      while (j < block.end && isSpace(text, j) && !isSpace(source, j)) j++;
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
