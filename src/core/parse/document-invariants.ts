import type { ProseDocument } from "../document/prose-document.ts";

/**
 * What is wrong with a parser's output, as sentences (empty when nothing is): `text` must be as
 * long as `source`, keep every line break, and hold only source characters or spaces; blocks must
 * be in order, not overlap, stay in bounds and start and end on a visible character; controls
 * must point into the source. Property tests of every parser use it.
 *
 * @example
 * documentProblems(parseMarkdown("# Hi")) // []
 */
export function documentProblems(doc: ProseDocument): string[] {
  const { source, text } = doc;
  const problems: string[] = [];
  if (text.length !== source.length) problems.push(`text has ${text.length} characters, source ${source.length}`);
  for (let i = 0; i < source.length && problems.length < 5; i++) {
    const s = source[i];
    const t = text[i];
    if ((s === "\n" || s === "\r") && t !== s) problems.push(`line break at ${i} became ${JSON.stringify(t)}`);
    else if (t !== s && t !== " ") problems.push(`text[${i}] is ${JSON.stringify(t)}, source has ${JSON.stringify(s)}`);
  }
  let previousEnd = 0;
  for (const block of doc.blocks) {
    const where = `${block.scope} block [${block.start}, ${block.end})`;
    if (block.start < previousEnd) problems.push(`${where} starts before the previous block ends (${previousEnd})`);
    if (block.start >= block.end || block.end > source.length) problems.push(`${where} is empty or out of bounds`);
    if ((text[block.start] ?? " ").trim() === "") problems.push(`${where} starts on a blank`);
    if ((text[block.end - 1] ?? " ").trim() === "") problems.push(`${where} ends on a blank`);
    previousEnd = block.end;
  }
  for (const control of doc.controls) {
    if (control.offset < 0 || control.offset >= source.length) problems.push(`control at ${control.offset} is out of bounds`);
  }
  return problems;
}
