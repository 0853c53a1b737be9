import { Parser } from "htmlparser2";
import type { BlockScope, ProseDocument } from "../document/prose-document.ts";
import { controlFromComment } from "./controls.ts";
import { isSpaceCode, ProseBuilder } from "./prose-builder.ts";

/** Elements whose content is not prose: code, scripts, styles and embedded markup languages. */
const SKIPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "pre",
  "code",
  "kbd",
  "samp",
  "tt",
  "var",
  "svg",
  "math",
  "textarea",
  "iframe",
  "object",
]);

/** Elements that start or end a block of text: text on either side of them is never one sentence. */
const BREAKS = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div",
  "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
  "h6", "head", "header", "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol", "option",
  "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
]);

/**
 * Parses HTML into a ProseDocument: visible text is prose (h1-h6 headings, p paragraphs, li list
 * items, blockquote, th/td table cells, title; other visible text is a paragraph), and so is the
 * `alt` text of images, at its place inside the attribute. Tags, attributes, comments, entities
 * and the content of script, style, pre, code and similar elements become spaces.
 * `<!-- onbrand off -->`-style comments become controls. Never throws.
 *
 * @example
 * const doc = parseHtml('<h2>Hi</h2><img alt="A can">');
 * doc.blocks // [{ start: 4, end: 6, scope: "heading", depth: 2 }, { start: 16, end: 21, scope: "alt" }]
 */
export function parseHtml(source: string, field: string | null = null): ProseDocument {
  const out = new ProseBuilder(source);
  const open: string[] = [];
  let skipped = 0;
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        if (BREAKS.has(name)) out.closeBlock();
        if (name === "img" && skipped === 0 && attribs["alt"] !== undefined) {
          copyAlt(out, parser.startIndex, parser.endIndex + 1);
        }
        // Void elements (img, br) get their close event at once, so the stack stays balanced.
        open.push(name);
        if (SKIPPED.has(name)) skipped++;
      },
      onclosetag(name) {
        const at = open.lastIndexOf(name);
        if (at === -1) return;
        for (let i = open.length - 1; i >= at; i--) if (SKIPPED.has(open[i] ?? "")) skipped--;
        open.length = at;
        if (BREAKS.has(name)) out.closeBlock();
      },
      ontext(data) {
        if (skipped > 0) return;
        // A byte order mark is not prose.
        const start = parser.startIndex === 0 && source.charCodeAt(0) === 0xfeff ? 1 : parser.startIndex;
        const end = parser.endIndex + 1;
        // A decoded entity (`&amp;` -> "&") is reported as its own text; it stays blank.
        if (end - parser.startIndex !== data.length) return;
        if (out.blockScope === null) {
          if (!hasVisible(source, start, end)) return;
          const { scope, depth } = scopeOf(open);
          out.openBlock(scope, depth);
        }
        out.copy(start, end);
      },
      oncomment(data) {
        const control = controlFromComment(data, parser.startIndex);
        if (control) out.control(control);
      },
    },
    { decodeEntities: true },
  );
  parser.end(source);
  return out.build(field);
}

function hasVisible(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpaceCode(source.charCodeAt(i))) return true;
  return false;
}

/** The block scope of text inside `open` elements: the innermost heading, cell, title, list item or quote. */
function scopeOf(open: readonly string[]): { scope: BlockScope; depth?: number } {
  for (let i = open.length - 1; i >= 0; i--) {
    const name = open[i] ?? "";
    if (name.length === 2 && name.charCodeAt(0) === 104 && name >= "h1" && name <= "h6") {
      return { scope: "heading", depth: Number(name.slice(1)) };
    }
    switch (name) {
      case "th":
        return { scope: "table.header" };
      case "td":
        return { scope: "table.cell" };
      case "title":
        return { scope: "title" };
      case "li":
        return { scope: "list" };
      case "blockquote":
        return { scope: "blockquote" };
    }
  }
  return { scope: "paragraph" };
}

/** Copies the value of the `alt` attribute of the tag at `source[start, end)` as its own block. */
function copyAlt(out: ProseBuilder, start: number, end: number): void {
  const value = attributeRange(out.source, start, end, "alt");
  if (!value) return;
  out.openBlock("alt");
  const [valueStart, valueEnd] = value;
  let from = valueStart;
  // Entities are blanked, as in text.
  for (const m of out.source.slice(valueStart, valueEnd).matchAll(ENTITY)) {
    out.copy(from, valueStart + m.index);
    from = valueStart + m.index + m[0].length;
  }
  out.copy(from, valueEnd);
  out.closeBlock();
}

const ENTITY = /&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;)/g;

/**
 * Offsets of the value of attribute `wanted` in the start tag `source[start, end)`, read the way
 * an HTML tokenizer reads attributes (quoted, unquoted, or no value). The first one wins.
 */
export function attributeRange(source: string, start: number, end: number, wanted: string): [number, number] | null {
  let p = start + 1;
  const stopsName = (code: number) => isSpaceCode(code) || code === 47 || code === 62;
  while (p < end && !stopsName(source.charCodeAt(p))) p++;
  while (p < end) {
    while (p < end && (isSpaceCode(source.charCodeAt(p)) || source.charCodeAt(p) === 47)) p++;
    if (p >= end || source.charCodeAt(p) === 62) return null;
    const nameStart = p;
    p++;
    while (p < end && !stopsName(source.charCodeAt(p)) && source.charCodeAt(p) !== 61) p++;
    const name = source.slice(nameStart, p).toLowerCase();
    while (p < end && isSpaceCode(source.charCodeAt(p))) p++;
    if (source.charCodeAt(p) !== 61) continue;
    p++;
    while (p < end && isSpaceCode(source.charCodeAt(p))) p++;
    let valueStart = p;
    let valueEnd: number;
    const quote = source.charCodeAt(p);
    if (quote === 34 || quote === 39) {
      valueStart = p + 1;
      valueEnd = valueStart;
      while (valueEnd < end && source.charCodeAt(valueEnd) !== quote) valueEnd++;
      p = valueEnd + 1;
    } else {
      while (p < end && !isSpaceCode(source.charCodeAt(p)) && source.charCodeAt(p) !== 62) p++;
      valueEnd = p;
    }
    if (name === wanted) return [valueStart, valueEnd];
  }
  return null;
}
