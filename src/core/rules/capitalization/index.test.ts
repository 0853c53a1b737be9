import assert from "node:assert/strict";
import { test } from "node:test";
import type { Block, ProseDocument } from "../../document/prose-document.ts";
import { compileValeRule } from "../vale/compile-vale-rule.ts";
import { compileForTest, documentForTest, runRuleForTest } from "../vale/test-context.ts";
import { blockText } from "./block-text.ts";
import { capitalizationType } from "./index.ts";

/**
 * A small Markdown stand-in: `#` lines are headings, other lines paragraphs; the prose view blanks
 * heading marks, inline code spans and `**` as the real parser does.
 */
function markdown(source: string): ProseDocument {
  const blocks: Block[] = [];
  const text = source.replace(/`[^`\n]*`|\*\*/g, (m) => " ".repeat(m.length)).replace(/^#{1,6} /gm, (m) => " ".repeat(m.length));
  let offset = 0;
  for (const line of source.split("\n")) {
    const heading = /^(#{1,6}) /.exec(line);
    if (heading) blocks.push({ start: offset + heading[0].length, end: offset + line.length, scope: "heading", depth: heading[1]?.length ?? 1 });
    else if (line.trim() !== "") blocks.push({ start: offset, end: offset + line.length, scope: "paragraph" });
    offset += line.length + 1;
  }
  return documentForTest(source, blocks, text);
}

type Place = [line: number, column: number, message: string];
const run = (def: Record<string, unknown>, input: string | ProseDocument): Place[] =>
  runRuleForTest(compileForTest(capitalizationType, { scope: "heading", ...def }).rule, typeof input === "string" ? markdown(input) : input).map(
    (r) => [r.line, r.column, r.message],
  );

/** Headings that pass and fail one rule; failing ones list the expected text. */
function table(def: Record<string, unknown>, rows: Array<[heading: string, expected: string | null]>): void {
  const source = rows.map(([heading]) => `# ${heading}`).join("\n\n");
  const want: Place[] = [];
  rows.forEach(([heading, expected], index) => {
    if (expected !== null) want.push([index * 2 + 1, 3, `'${heading}' → '${expected}'`]);
  });
  assert.deepEqual(run({ message: "'%s' → '%s'", ...def }, source), want);
}

test("$title, AP: small words inside, first and last capitalised, compounds, colons, quotes", () => {
  table({ match: "$title", threshold: 1 }, [
    ["follow step-by-step instructions", "Follow Step-by-Step Instructions"],
    ["Follow Step-by-Step Instructions", null],
    ["follow step-BY-step instructions", "Follow Step-by-Step Instructions"],
    ["Small Words Are for by and of Lowercase", null],
    ["catchy title: a subtitle", "Catchy Title: A Subtitle"],
    ["catchy title: “‘a twice quoted subtitle’”", "Catchy Title: “‘A Twice Quoted Subtitle’”"],
    ["a small word it ends on", "A Small Word It Ends On"],
    ["Ends with small word of", "Ends With Small Word Of"],
    ["This vs. That", null],
    ["NEW Flavors OUT NOW", null],
  ]);
});

test("$title, AP: `to` mid-title may be either case (no part-of-speech tagger); first and last must be capitalised", () => {
  table({ match: "$title", threshold: 1 }, [
    ["How to Write a Brief", null],
    ["How To Write a Brief", null],
    ["Welcome to Fizzwell", null],
    ["to the Moon", "To the Moon"],
    ["Where We Go to", "Where We Go To"],
  ]);
});

test("$title, Chicago: prepositions of any length stay lower case", () => {
  table({ match: "$title", style: "Chicago", threshold: 1 }, [
    ["Ends with small word of", "Ends with Small Word Of"],
    ["Ends With Small Word Of", "Ends with Small Word Of"],
    ["Sparkling Water without the Sugar", null],
    ["How To Write", "How to Write"],
  ]);
});

test("$title: exceptions keep their spelling; the threshold is the share of words that must conform", () => {
  table({ match: "$title", exceptions: ["iOS", "JSON", "\\bale\\b"], threshold: 1 }, [
    ["Getting started with iOS 15", "Getting Started With iOS 15"],
    ["Understanding json and yaml", "Understanding JSON and Yaml"],
    ["Ginger ale Is Back", null],
  ]);
  // Fizzwell, Summer and Here conform; sale and is do not: 3 of 5.
  table({ match: "$title" }, [["Fizzwell Summer sale is Here", "Fizzwell Summer Sale Is Here"]]);
  table({ match: "$title", threshold: 0.6 }, [["Fizzwell Summer sale is Here", null]]);
});

test("$sentence: Vale's own table (threshold 1)", () => {
  const rows: Array<[heading: string, pass: boolean, exceptions?: string[]]> = [
    ["Top-level entities", true],
    ["Non-member Predicates", false],
    ["Non-member predicates", true],
    ["Client's key share and finish", true],
    ["Client’s key share and finish", true],
    ["Find the thief: Introduction", true],
    ["Creating a connection to Event Store", true, ["Event Store"]],
    ["Using errata-ai/vale", true, ["errata-ai/vale"]],
    ["Use the Package Builder to install", false],
    ["Use the Package Builder to install", true, ["Package Builder"]],
    ["Use the High-Def Render Pipeline to install", false],
    ["1. An important heading", true],
    ["An important heading", true],
    ["An important Heading", false],
    ["this isn't in sentence case", false],
    ["Community Leader responsibilities", false],
    ["Community Leader responsibilities", true, ["Community Leader"]],
  ];
  for (const [heading, pass, exceptions] of rows) {
    const reports = run({ match: "$sentence", threshold: 1, indicators: [":"], exceptions: exceptions ?? [] }, `# ${heading}`);
    assert.equal(reports.length === 0, pass, heading);
  }
});

test("$sentence: Vale's test4.md with its SentenceCase rule, at Vale's positions", () => {
  const source = [
    "# 1. An important heading",
    "",
    "Some text.",
    "",
    "## An unimportant heading",
    "",
    "Some text",
    "",
    "## An unimportant Heading",
    "",
    "Some text",
    "",
    "## a. An unimportant heading",
    "",
    "## B. An unimportant heading",
    "",
    "## Axon Server connection",
    "",
  ].join("\n");
  const rule = {
    message: "'%s' should be sentence-cased",
    match: "$sentence",
    exceptions: ["Section", "Level", "Title", "Azure", "Axon", "Axon Framework", "Axon Server", "Axon Synapse"],
    indicators: [":"],
    prefix: "^[a-z]\\.\\s",
  };
  assert.deepEqual(run(rule, source), [
    [9, 4, "'An unimportant Heading' should be sentence-cased"],
    [15, 4, "'B. An unimportant heading' should be sentence-cased"],
  ]);
});

test("$sentence: Vale's SentenceCase test.md; inline code is never judged", () => {
  const source = [
    "# Use the `APPEND` operator",
    "",
    "## Level 1 Section Title",
    "",
    "# this isn't in sentence case",
    "",
    "## `this` is in sentence case",
    "",
    "## 1 this also is in sentence case",
    "",
    "# This Does Not Comply",
    "",
    "# Find the thief: Introduction",
  ].join("\n");
  const rule = { message: "'%s' should be sentence-cased", match: "$sentence", exceptions: ["Section", "Level", "Title"], indicators: [":"] };
  assert.deepEqual(run(rule, source), [
    [5, 3, "'this isn't in sentence case' should be sentence-cased"],
    [11, 3, "'This Does Not Comply' should be sentence-cased"],
  ]);
});

test("$sentence: Vale's CustomCap test (threshold 0.9) and the expected text", () => {
  assert.deepEqual(
    run({ message: "'%s' should be in title case", match: "$sentence", threshold: 0.9, exceptions: ["ABC", "add"] }, "# Section about the MacBook pro ultimate edition"),
    [[1, 3, "'Section about the MacBook pro ultimate edition' should be in title case"]],
  );
  table({ match: "$sentence", threshold: 1 }, [
    ["Fresh Citrus Taste", "Fresh citrus taste"],
    ["fresh citrus taste", "Fresh citrus taste"],
    ["Use `fizz --help` Now", "Use `fizz --help` now"],
  ]);
});

test("$lower, $upper and a pattern", () => {
  table({ match: "$lower", exceptions: ["Fizzwell"] }, [
    ["fresh fizz", null],
    ["Fresh fizz", "fresh fizz"],
    ["new from Fizzwell", null],
  ]);
  table({ match: "$upper" }, [
    ["SALE NOW ON", null],
    ["Sale now on", "SALE NOW ON"],
  ]);
  // As in Vale, the expected text of a pattern is the pattern.
  table({ match: "^[A-Z]" }, [
    ["Starts well", null],
    ["starts badly", "^[A-Z]"],
  ]);
});

test("the scope decides which blocks are judged; Vale's default scope is every block", () => {
  const source = "# fresh start\n\nsome paragraph text.";
  assert.deepEqual(run({ match: "$sentence", message: "%s" }, source), [[1, 3, "fresh start"]]);
  assert.deepEqual(
    runRuleForTest(compileForTest(capitalizationType, { match: "$sentence", message: "%s" }).rule, markdown(source)).map((r) => r.line),
    [1, 3],
  );
});

test("suggestions: the expected text for a plain block, none when markup would be lost, replace params as given", () => {
  const rule = compileForTest(capitalizationType, { match: "$sentence", scope: "heading" }).rule;
  const reports = runRuleForTest(rule, markdown("# Fresh Citrus Taste\n\n# **Fresh** Citrus Taste"));
  assert.deepEqual(
    reports.map((r) => [r.match, r.suggestions]),
    [
      ["Fresh Citrus Taste", ["Fresh citrus taste"]],
      ["**Fresh** Citrus Taste", undefined],
    ],
  );
  const replace = compileForTest(capitalizationType, { match: "$sentence", scope: "heading", action: { name: "replace", params: ["Our taste"] } }).rule;
  assert.deepEqual(runRuleForTest(replace, markdown("# Fresh Citrus Taste")).map((r) => r.suggestions), [["Our taste"]]);
});

test("limit keeps the first findings", () => {
  assert.deepEqual(run({ match: "$lower", message: "%s", limit: 1 }, "# One\n\n# Two"), [[1, 3, "One"]]);
});

test("blockText keeps inline code, drops markup touching words, collapses whitespace", () => {
  const source = "**New**  [Fizz](https://x.y) `fizz --help`, ok";
  const text = source
    .replace(/\*\*/g, "  ")
    .replace("[", " ")
    .replace("](https://x.y)", " ".repeat(14))
    .replace("`fizz --help`", " ".repeat(13));
  const doc = { source, text };
  assert.deepEqual(blockText(doc, { start: 0, end: source.length }), {
    display: "New Fizz `fizz --help`, ok",
    check: "New Fizz ***** *******, ok",
  });
});

const compile = (def: Record<string, unknown>) =>
  compileValeRule({ extends: "capitalization", message: "%s", ...def }, "Test.Headings", {}, [capitalizationType]);

test("problems name the key and the fix", () => {
  assert.deepEqual(compile({}).problems.map((p) => [p.level, p.path, p.message]), [["error", "match", "rule Test.Headings has no 'match'"]]);
  assert.deepEqual(compile({ match: "$title", style: "MLA" }).problems.map((p) => [p.level, p.path, p.fix]), [
    ["error", "style", "write 'style: AP' or 'style: Chicago' (AP is the default)"],
  ]);
  assert.deepEqual(compile({ match: "$title", threshold: 1.5 }).problems.map((p) => [p.path, p.message]), [
    ["threshold", "rule Test.Headings: 'threshold' must be a number from 0 to 1, got 1.5"],
  ]);
  assert.equal(compile({ match: "$title", threshold: "high" }).problems[0]?.path, "threshold");
  assert.deepEqual(compile({ match: "$Title" }).problems.map((p) => [p.level, p.path, p.message, p.fix]), [
    ["error", "match", "rule Test.Headings: match '$Title' is not $title, $sentence, $lower, $upper or a usable pattern", "did you mean '$title'?"],
  ]);
  assert.deepEqual(compile({ match: "[a-z", exceptions: ["ok"] }).problems.map((p) => [p.level, p.path]), [["error", "match"]]);
  assert.deepEqual(compile({ match: "$sentence", prefix: "(?=a)" }).problems.map((p) => [p.level, p.path]), [["error", "prefix"]]);
  assert.deepEqual(compile({ match: "$sentence", exceptions: ["ok", "(x"] }).problems.map((p) => [p.level, p.path]), [["error", "exceptions.1"]]);
});

test("warnings for keys that do not apply or are unknown; the rule still compiles", () => {
  const { rule, problems } = compile({ match: "$sentence", style: "Chicago", tokens: ["x"], vocab: false });
  assert.ok(rule);
  assert.deepEqual(problems.map((p) => [p.level, p.path]), [
    ["warning", "tokens"],
    ["warning", "style"],
  ]);
  assert.deepEqual(compile({ match: "$title", indicators: [":"] }).problems.map((p) => [p.level, p.path]), [["warning", "indicators"]]);
  assert.equal(compile({ match: "$title", threshold: 0 }).problems.length, 0);
});

test("the doc page example", () => {
  const def = {
    message: "'%s' should be in sentence case: '%s'.",
    match: "$sentence",
    exceptions: ["Fizzwell", "Citrus Burst"],
    indicators: [":"],
  };
  assert.deepEqual(run(def, "# Meet Citrus Burst from Fizzwell\n\n# Summer launch: Three new flavours\n\n# Our New Summer Range"), [
    [5, 3, "'Our New Summer Range' should be in sentence case: 'Our new summer range'."],
  ]);
});
