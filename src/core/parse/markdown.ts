import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { type BlockScope, computeLineStarts, type ProseDocument } from "../document/prose-document.ts";
import { controlFromComment, controlsIn } from "./controls.ts";
import { findFrontMatter } from "./front-matter.ts";
import { isSpaceCode, ProseBuilder } from "./prose-builder.ts";

// One parser for every call: building the rule chains is far slower than parsing a page.
const md = new MarkdownIt({ html: true, linkify: true });
// Schemeless domain matching costs more than the whole parse; `www.` addresses are handled below.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: true });
// With fuzzy links off, a link needs a scheme (`:`), `//` or, for an email, `@`: text without them
// cannot hold one, so linkify's large Unicode pretest (15% of a check) is skipped for it.
const linkifyPretest = md.linkify.pretest.bind(md.linkify);
md.linkify.pretest = (text: string) => (text.includes(":") || text.includes("@") || text.includes("//")) && linkifyPretest(text);
// Nothing is rendered: skip the punycode and percent-encoding work, and keep a bare URL's text as written.
md.normalizeLink = (url) => url;
md.normalizeLinkText = (text) => text;
// Escapes and entities stay separate tokens, so every `text` token is a verbatim piece of the source.
md.core.ruler.disable("text_join");

/**
 * Parses Markdown (CommonMark + GFM tables, raw HTML, bare links) into a ProseDocument whose `text`
 * keeps only prose: headings, paragraphs, list items, blockquotes, table cells, link text and
 * image alt text. Code, URLs, HTML, comments, front matter and syntax characters become spaces.
 * `<!-- onbrand off -->`-style comments become controls. Never throws.
 *
 * @example
 * const doc = parseMarkdown("# Hi `x`\n");
 * doc.text   // "  Hi    \n"
 * doc.blocks // [{ start: 2, end: 4, scope: "heading", depth: 1 }]
 */
export function parseMarkdown(source: string, field: string | null = null): ProseDocument {
  const view = markdownView(source);
  const lineStarts = computeLineStarts(view);
  const walk: Walk = { src: view, out: new ProseBuilder(source), cursor: 0, limit: view.length, lineStarts };
  walkBlocks(walk, md.parse(view, {}));
  // The view's lines are the source's unless a lone `\r` became a line break.
  return walk.out.build(field, /\r(?!\n)/.test(source) ? undefined : lineStarts);
}

/**
 * The string markdown-it reads: the same length as the source, with front matter blanked, `\r\n`
 * as ` \n`, a lone `\r` as `\n`, NUL as U+FFFD (what markdown-it would do, minus the length
 * change) and a leading byte order mark blanked. Offsets in it are offsets in the source.
 */
function markdownView(source: string): string {
  let view = source;
  const front = findFrontMatter(view);
  if (front) view = view.slice(0, front.end).replace(/[^\n]/g, " ") + view.slice(front.end);
  if (view.charCodeAt(0) === 0xfeff) view = ` ${view.slice(1)}`;
  if (/[\r\0]/.test(view)) {
    view = view.replace(/\r\n?|\0/g, (m) => (m === "\0" ? "\uFFFD" : m.length === 2 ? " \n" : "\n"));
  }
  return view;
}

interface Walk {
  /** The markdown view of the source (same length). */
  src: string;
  out: ProseBuilder;
  /** Everything before it is accounted for; searches for the next token start here. */
  cursor: number;
  /** End of the current block's lines: no search goes past it. */
  limit: number;
  lineStarts: number[];
}

function lineOffset(walk: Walk, line: number): number {
  return walk.lineStarts[line] ?? walk.src.length;
}

function walkBlocks(walk: Walk, tokens: Token[]): void {
  // Paragraphs take the scope of the innermost list item or blockquote around them.
  const containers: BlockScope[] = [];
  let rowMap: [number, number] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    switch (token.type) {
      case "blockquote_open":
        containers.push("blockquote");
        break;
      case "list_item_open":
        containers.push("list");
        break;
      case "blockquote_close":
      case "list_item_close":
        containers.pop();
        break;
      case "tr_open":
        rowMap = token.map;
        break;
      case "html_block":
        if (token.map) {
          const start = lineOffset(walk, token.map[0]);
          const end = lineOffset(walk, token.map[1]);
          controlsIn(walk.src, start, end, (control) => walk.out.control(control));
          walk.cursor = Math.max(walk.cursor, end);
        }
        break;
      case "inline": {
        const opener = tokens[i - 1];
        // Table cells have no line map of their own; their row has.
        const map = token.map ?? rowMap;
        if (!opener || !map) break;
        let scope: BlockScope;
        let depth: number | undefined;
        if (opener.type === "heading_open") {
          scope = "heading";
          depth = Number(opener.tag.slice(1));
        } else if (opener.type === "th_open") scope = "table.header";
        else if (opener.type === "td_open") scope = "table.cell";
        else scope = containers[containers.length - 1] ?? "paragraph";
        walk.cursor = Math.max(walk.cursor, lineOffset(walk, map[0]));
        walk.limit = lineOffset(walk, map[1]);
        if (token.map) moveToContentStart(walk, token.content);
        walk.out.openBlock(scope, depth);
        walkInline(walk, token.children ?? [], scope, depth);
        walk.out.closeBlock();
        break;
      }
    }
  }
}

/**
 * Puts the cursor on the first character of a paragraph's or heading's content. The first line
 * of the content is the end of the block's first source line (after `#`, `>`, `1.` and
 * indentation), so searching backwards from the line end finds it even when a list marker such as
 * `1.` would also match.
 */
function moveToContentStart(walk: Walk, content: string): void {
  const newline = content.indexOf("\n");
  let first = newline === -1 ? content : content.slice(0, newline);
  first = first.trimEnd();
  if (first.length === 0) return;
  const lineStart = walk.cursor;
  const nl = walk.src.indexOf("\n", lineStart);
  const lineEnd = nl === -1 || nl > walk.limit ? walk.limit : nl;
  const at = walk.src.lastIndexOf(first, lineEnd - first.length);
  if (at >= lineStart) walk.cursor = at;
}

function walkInline(walk: Walk, children: Token[], scope: BlockScope, depth: number | undefined): void {
  let autolink = false;
  for (let i = 0; i < children.length; i++) {
    const token = children[i];
    if (!token) continue;
    switch (token.type) {
      case "text":
        if (!autolink) copyText(walk, token.content);
        break;
      case "text_special":
        special(walk, token);
        break;
      case "code_inline":
        skipCodeSpan(walk, token.markup);
        break;
      case "html_inline":
        skipHtml(walk, token.content);
        break;
      case "softbreak":
      case "hardbreak":
        nextLine(walk);
        break;
      case "link_open":
        if (token.markup === "autolink") {
          skipAutolink(walk);
          autolink = true;
        } else if (token.markup === "linkify") {
          skipBareUrl(walk, children[i + 1]?.content ?? "");
          autolink = true;
        }
        break;
      case "link_close":
        if (autolink) autolink = false;
        else skipLinkTail(walk);
        break;
      case "image": {
        const at = indexWithin(walk.src, "![", walk.cursor, walk.limit);
        if (at === -1) break;
        walk.cursor = at + 2;
        // Alt text is its own block; the block around the image resumes after it.
        walk.out.openBlock("alt");
        walkInline(walk, token.children ?? [], "alt", undefined);
        walk.out.openBlock(scope, depth);
        skipLinkTail(walk);
        break;
      }
    }
  }
}

/** Copies a text token's content from where it is written in the source. */
function copyText(walk: Walk, content: string): void {
  if (content.length === 0) return;
  const at = findAfterMarkup(walk, content);
  if (at === -1) {
    align(walk, content);
    return;
  }
  const end = at + content.length;
  let from = at;
  for (let www = content.indexOf("www."); www !== -1; www = content.indexOf("www.", www + 4)) {
    const start = at + www;
    if (start < from || (start > at && isWordCode(walk.src.charCodeAt(start - 1)))) continue;
    const stop = wwwAddressEnd(walk.src, start, end);
    if (stop === start + 4) continue;
    walk.out.copy(from, start);
    from = stop;
  }
  walk.out.copy(from, end);
  walk.cursor = end;
}

/**
 * End of a `www.` address: up to the next space or angle bracket, minus trailing punctuation
 * (`www.fizzwell.com.` ends before the period).
 */
function wwwAddressEnd(src: string, start: number, limit: number): number {
  let end = start + 4;
  while (end < limit) {
    const code = src.charCodeAt(end);
    if (isSpaceCode(code) || code === 60 || code === 62 || code === 34) break;
    end++;
  }
  while (end > start + 4 && TRAILING_PUNCTUATION.includes(src.charAt(end - 1))) end--;
  return end;
}

const TRAILING_PUNCTUATION = ".,;:!?)'\"*_";

/**
 * Where `content` starts, if only markup separates it from the cursor. Stops at the first letter
 * or digit that is not the content, so a search never runs on into later text (and stays linear).
 */
function findAfterMarkup(walk: Walk, content: string): number {
  const src = walk.src;
  const first = content.charCodeAt(0);
  const last = walk.limit - content.length;
  for (let p = walk.cursor; p <= last; p++) {
    const code = src.charCodeAt(p);
    if (code === first && src.startsWith(content, p)) return p;
    if (isWordCode(code)) return -1;
  }
  return -1;
}

function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  return WORD_CHAR.test(String.fromCharCode(code));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The slow path for text markdown-it rewrote (a table cell's `\|` becomes `|`): walks content
 * and source together, skipping source characters the content does not have. Copies nothing
 * when the content cannot be placed within the block.
 */
function align(walk: Walk, content: string): void {
  const src = walk.src;
  const starts: number[] = [];
  const ends: number[] = [];
  const mark = (p: number) => {
    const last = ends.length - 1;
    if (last >= 0 && ends[last] === p) ends[last] = p + 1;
    else {
      starts.push(p);
      ends.push(p + 1);
    }
  };
  let p = walk.cursor;
  let i = 0;
  while (i < content.length && p < walk.limit) {
    const want = content.charCodeAt(i);
    const have = src.charCodeAt(p);
    if (have === want) {
      mark(p);
      p++;
      i++;
    } else if (have === 92 && src.charCodeAt(p + 1) === want) {
      mark(p + 1);
      p += 2;
      i++;
    } else p++;
  }
  if (i < content.length) return;
  for (let k = 0; k < starts.length; k++) walk.out.copy(starts[k] ?? 0, ends[k] ?? 0);
  walk.cursor = p;
}

/** An escape (`\*`: the character is prose, the backslash is not) or an entity (`&amp;`: blanked). */
function special(walk: Walk, token: Token): void {
  const at = findAfterMarkup(walk, token.markup);
  if (at === -1) return;
  const end = at + token.markup.length;
  // A backslash before `\r\n` is a hard break; the view's ` \n` made it look like an escaped space.
  const hardBreak = token.info === "escape" && walk.out.source.charCodeAt(at + 1) === 13;
  if (token.info === "escape" && !hardBreak) walk.out.copy(token.content === token.markup ? at : at + 1, end);
  walk.cursor = end;
}

/** Moves past a code span: an opening run of backticks and the next run of the same length. */
function skipCodeSpan(walk: Walk, markup: string): void {
  const open = findBacktickRun(walk, markup.length, walk.cursor);
  if (open === -1) return;
  const close = findBacktickRun(walk, markup.length, open + markup.length);
  if (close !== -1) walk.cursor = close + markup.length;
}

function findBacktickRun(walk: Walk, length: number, from: number): number {
  const src = walk.src;
  for (let p = from; p < walk.limit; p++) {
    if (src.charCodeAt(p) !== 96) continue;
    let end = p;
    while (end < walk.limit && src.charCodeAt(end) === 96) end++;
    if (end - p === length) return p;
    p = end;
  }
  return -1;
}

/** Moves past inline HTML, reading a control from a comment. */
function skipHtml(walk: Walk, content: string): void {
  const newline = content.indexOf("\n");
  const first = newline === -1 ? content : content.slice(0, newline);
  const at = indexWithin(walk.src, first, walk.cursor, walk.limit);
  if (at === -1) return;
  if (content.startsWith("<!--") && content.endsWith("-->")) {
    const control = controlFromComment(content.slice(4, -3), at);
    if (control) walk.out.control(control);
  }
  if (newline === -1) {
    walk.cursor = at + content.length;
    return;
  }
  // Inside a blockquote or list the source lines carry prefixes the content lacks: find the last line.
  walk.cursor = at + first.length;
  const lines = content.split("\n");
  for (let k = 1; k < lines.length; k++) nextLine(walk);
  const lastLine = lines[lines.length - 1] ?? "";
  const end = indexWithin(walk.src, lastLine, walk.cursor, walk.limit);
  if (end !== -1) walk.cursor = end + lastLine.length;
}

function nextLine(walk: Walk): void {
  const nl = indexWithin(walk.src, "\n", walk.cursor, walk.limit);
  if (nl !== -1) walk.cursor = nl + 1;
}

/** `<https://...>` and `<name@example.com>`: the whole thing is a URL. */
function skipAutolink(walk: Walk): void {
  const open = indexWithin(walk.src, "<", walk.cursor, walk.limit);
  if (open === -1) return;
  const close = indexWithin(walk.src, ">", open, walk.limit);
  if (close !== -1) walk.cursor = close + 1;
}

/** A bare URL starts at the cursor (the text before it ends there); linkify says where it ends. */
function skipBareUrl(walk: Walk, shown: string): void {
  const src = walk.src;
  if (shown.length > 0 && src.startsWith(shown, walk.cursor)) {
    walk.cursor += shown.length;
    return;
  }
  let end = walk.cursor;
  while (end < walk.limit && !isSpaceCode(src.charCodeAt(end))) end++;
  const found = md.linkify.match(src.slice(walk.cursor, end));
  const link = found?.[0];
  if (link && link.index === 0) walk.cursor += link.lastIndex;
}

/**
 * After a link's text (or an image's alt): moves past `]` and the destination, `(url "title")`,
 * `[label]` or nothing (a shortcut reference). URLs and titles are not prose.
 */
function skipLinkTail(walk: Walk): void {
  const src = walk.src;
  const limit = walk.limit;
  const close = indexWithin(src, "]", walk.cursor, limit);
  if (close === -1) return;
  let p = close + 1;
  if (src.charCodeAt(p) === 40) p = skipDestination(src, p, limit);
  else if (src.charCodeAt(p) === 91) p = skipLabel(src, p, limit);
  walk.cursor = Math.min(p, limit);
}

/**
 * `p` is on the `[` after a reference link's text: `[label]` or `[]` belongs to the link; an
 * unescaped `[` inside means it is not a label but the next link (`[a][[b][]`).
 */
function skipLabel(src: string, p: number, limit: number): number {
  for (let q = p + 1; q < limit; q++) {
    const code = src.charCodeAt(q);
    if (code === 92) q++;
    else if (code === 91) return p;
    else if (code === 93) return q + 1;
  }
  return p;
}

/** `p` is on the `(` of `(destination "title")`; returns the offset after the `)`. */
function skipDestination(src: string, p: number, limit: number): number {
  const skipSpace = (at: number) => {
    while (at < limit && isSpaceCode(src.charCodeAt(at))) at++;
    return at;
  };
  p = skipSpace(p + 1);
  if (src.charCodeAt(p) === 60) {
    while (p < limit && src.charCodeAt(p) !== 62) p += src.charCodeAt(p) === 92 ? 2 : 1;
    p++;
  } else {
    let depth = 0;
    while (p < limit) {
      const code = src.charCodeAt(p);
      if (code === 92) {
        p += 2;
        continue;
      }
      if (code === 40) depth++;
      else if (code === 41) {
        if (depth === 0) break;
        depth--;
      } else if (isSpaceCode(code)) break;
      p++;
    }
  }
  p = skipSpace(p);
  const quote = src.charCodeAt(p);
  if (quote === 34 || quote === 39 || quote === 40) {
    const closing = quote === 40 ? 41 : quote;
    p++;
    while (p < limit && src.charCodeAt(p) !== closing) p += src.charCodeAt(p) === 92 ? 2 : 1;
    p = skipSpace(p + 1);
  }
  if (src.charCodeAt(p) === 41) p++;
  return p;
}

/** `indexOf` that gives up at `limit` instead of scanning the rest of the document. */
function indexWithin(src: string, needle: string, from: number, limit: number): number {
  if (needle.length === 0) return from <= limit ? from : -1;
  const first = needle.charCodeAt(0);
  const last = limit - needle.length;
  for (let p = from; p <= last; p++) {
    if (src.charCodeAt(p) === first && (needle.length === 1 || src.startsWith(needle, p))) return p;
  }
  return -1;
}
