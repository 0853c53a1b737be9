import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { positionAt, type ProseDocument } from "../document/prose-document.ts";
import { documentProblems } from "./document-invariants.ts";
import { attributeRange, parseHtml } from "./html.ts";

const hide = (markup: string) => " ".repeat(markup.length);

const SAMPLE = [
  "<!DOCTYPE html>", // 1
  '<html lang="en"><head><title>Fizzwell &amp; friends</title>', // 2
  '<style>p { color: red }</style><script>var s = "<p>not prose</p>";</script></head>', // 3
  "<body>", // 4
  '<h2 class="x">Fresh <em>taste</em></h2>', // 5
  '<p>Hello &amp; wor&#108;d, AT&T. <img src="a.png" alt="A can of &quot;Zero&quot;" /> after image</p>', // 6
  "<!-- onbrand off -->", // 7
  '<ul><li>One<li>Two <a href="https://x.y">link</a></ul>', // 8
  "<blockquote><p>Quote</p></blockquote>", // 9
  "<table><tr><th>Head</th></tr><tr><td>Cell</td></tr></table>", // 10
  "<pre>code here</pre><p>Loose <code>x()</code> end</p>", // 11
  "<div>Loose div text</div>", // 12
  "<noscript>Enable JS</noscript><template><p>Later</p></template>", // 13
  "<!-- vale Brand.Avoid = YES -->", // 14
  "</body></html>", // 15
].join("\n");

const EXPECTED_LINES = [
  hide("<!DOCTYPE html>"),
  `${hide('<html lang="en"><head><title>')}Fizzwell ${hide("&amp;")} friends${hide("</title>")}`,
  hide('<style>p { color: red }</style><script>var s = "<p>not prose</p>";</script></head>'),
  hide("<body>"),
  `${hide('<h2 class="x">')}Fresh ${hide("<em>")}taste${hide("</em></h2>")}`,
  `${hide("<p>")}Hello ${hide("&amp;")} wor${hide("&#108;")}d, AT&T. ${hide('<img src="a.png" alt="')}A can of ${hide("&quot;")}Zero${hide('&quot;" />')} after image${hide("</p>")}`,
  hide("<!-- onbrand off -->"),
  `${hide("<ul><li>")}One${hide("<li>")}Two ${hide('<a href="https://x.y">')}link${hide("</a></ul>")}`,
  `${hide("<blockquote><p>")}Quote${hide("</p></blockquote>")}`,
  `${hide("<table><tr><th>")}Head${hide("</th></tr><tr><td>")}Cell${hide("</td></tr></table>")}`,
  `${hide("<pre>code here</pre><p>")}Loose ${hide("<code>x()</code>")} end${hide("</p>")}`,
  `${hide("<div>")}Loose div text${hide("</div>")}`,
  hide("<noscript>Enable JS</noscript><template><p>Later</p></template>"),
  hide("<!-- vale Brand.Avoid = YES -->"),
  hide("</body></html>"),
];

const where = (doc: ProseDocument, word: string) => positionAt(doc, doc.text.indexOf(word));
const offsetOf = (doc: ProseDocument, line: number, column: number) => (doc.lineStarts[line - 1] ?? 0) + column - 1;
const blockTexts = (doc: ProseDocument) =>
  doc.blocks.map((b) => [b.scope, b.depth ?? null, doc.text.slice(b.start, b.end)]);

test("HTML: visible text and alt text are copied; tags, entities, scripts, styles and code are blank", () => {
  const doc = parseHtml(SAMPLE);
  assert.equal(doc.text.length, SAMPLE.length);
  assert.deepEqual(doc.text.split("\n"), EXPECTED_LINES);
});

test("HTML: words map back to their source line and column, alt text inside its attribute", () => {
  const doc = parseHtml(SAMPLE);
  assert.deepEqual(where(doc, "Fizzwell"), { line: 2, column: 30 });
  assert.deepEqual(where(doc, "Hello"), { line: 6, column: 4 });
  assert.deepEqual(where(doc, "AT&T"), { line: 6, column: 28 });
  assert.deepEqual(where(doc, "A can"), { line: 6, column: 56 });
  assert.deepEqual(where(doc, "Zero"), { line: 6, column: 71 });
  assert.deepEqual(where(doc, "after"), { line: 6, column: 86 });
  assert.deepEqual(where(doc, "Two"), { line: 8, column: 16 });
  assert.deepEqual(where(doc, "link"), { line: 8, column: 42 });
});

test("HTML: blocks take the scope of their element; an image splits its paragraph", () => {
  const doc = parseHtml(SAMPLE);
  assert.deepEqual(blockTexts(doc), [
    ["title", null, `Fizzwell ${hide("&amp;")} friends`],
    ["heading", 2, `Fresh ${hide("<em>")}taste`],
    ["paragraph", null, `Hello ${hide("&amp;")} wor${hide("&#108;")}d, AT&T.`],
    ["alt", null, `A can of ${hide("&quot;")}Zero`],
    ["paragraph", null, "after image"],
    ["list", null, "One"],
    ["list", null, `Two ${hide('<a href="https://x.y">')}link`],
    ["blockquote", null, "Quote"],
    ["table.header", null, "Head"],
    ["table.cell", null, "Cell"],
    ["paragraph", null, `Loose ${hide("<code>x()</code>")} end`],
    ["paragraph", null, "Loose div text"],
  ]);
  const alt = doc.blocks[3];
  assert.deepEqual(alt && [alt.start, alt.end], [offsetOf(doc, 6, 56), offsetOf(doc, 6, 75)]);
});

test("HTML: comments become controls at the comment's offset", () => {
  const doc = parseHtml(SAMPLE);
  assert.deepEqual(doc.controls, [
    { offset: offsetOf(doc, 7, 1), on: false },
    { offset: offsetOf(doc, 14, 1), on: true, rule: "Brand.Avoid" },
  ]);
});

test("HTML: paragraphs in list items and quotes take the container's scope; cells keep theirs", () => {
  const doc = parseHtml("<ul><li><p>In a list</p></li></ul><blockquote><h3>Quoted heading</h3></blockquote><table><td><p>In a cell</td></table>");
  assert.deepEqual(blockTexts(doc), [
    ["list", null, "In a list"],
    ["heading", 3, "Quoted heading"],
    ["table.cell", null, "In a cell"],
  ]);
});

test("HTML: unquoted, single-quoted and upper-case alt attributes are found; other attributes are not prose", () => {
  const doc = parseHtml("<IMG ALT=Logo title='Not prose'><img src=x alt='Two words'><img data-alt=\"no\" alt=\"\">");
  assert.deepEqual(blockTexts(doc), [
    ["alt", null, "Logo"],
    ["alt", null, "Two words"],
  ]);
  const tag = '<img title="alt=no" alt = "yes">';
  assert.deepEqual(attributeRange(tag, 0, tag.length, "alt"), [27, 30]);
  assert.equal(attributeRange("<img src=x>", 0, 11, "alt"), null);
});

test("HTML: a fragment without html or body is prose too; text with only markup has no blocks", () => {
  assert.deepEqual(blockTexts(parseHtml("Just <b>text</b>")), [["paragraph", null, "Just    text"]]);
  assert.equal(parseHtml("\uFEFFHi <i>there</i>").text, " Hi    there    ");
  const empty = parseHtml("<div>\n  <br>\n</div>");
  assert.deepEqual([empty.text, empty.blocks], ["     \n      \n      ", []]);
});

test("HTML property: never throws, keeps the length and line breaks, blocks are ordered and in bounds", () => {
  const pieces = [
    "<p>", "</p>", "<h1>", "</h1>", "<li>", "<ul>", "</ul>", "<td>", "<th>", "<table>", "<img alt=\"a b\">", "<img alt=x",
    "<script>", "</script>", "<style>", "<!--", "-->", "<!-- onbrand off -->", "&amp;", "&", "&#x41;", "<", ">", "\"", "'",
    "=", " ", "\n", "\r\n", "word", "Fizzwell", "é", "😀", "<title>", "</title>", "<pre>", "<![CDATA[x]]>", "<?php ?>",
  ];
  const htmlish = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(""));
  fc.assert(
    fc.property(fc.oneof(htmlish, fc.string({ unit: "binary", maxLength: 200 })), (source) => {
      assert.deepEqual(documentProblems(parseHtml(source)), []);
    }),
    { numRuns: 3000 },
  );
});
