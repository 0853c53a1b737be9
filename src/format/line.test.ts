import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../core/findings.ts";
import { formatLine } from "./line.ts";

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: "Brand.Avoid",
    level: "error",
    message: 'Avoid "synergy"; say what it does.',
    line: 3,
    column: 14,
    endLine: 3,
    endColumn: 21,
    match: "synergy",
    field: null,
    suggestions: [],
    ...overrides,
  };
}

test("one path:line:column:Rule:Message per finding, in file then finding order", () => {
  const out = formatLine([
    {
      path: "docs/launch.md",
      score: 80,
      findings: [finding({}), finding({ rule: "Brand.Names", level: "warning", message: "Write FizzWell, not Fizzwell.", line: 7, column: 1 })],
    },
    { path: "clean.md", score: 100, findings: [] },
    { path: "b.txt", score: 90, findings: [finding({ line: 1, column: 2 })] },
  ]);
  assert.equal(
    out,
    'docs/launch.md:3:14:Brand.Avoid:Avoid "synergy"; say what it does.\n' +
      "docs/launch.md:7:1:Brand.Names:Write FizzWell, not Fizzwell.\n" +
      'b.txt:1:2:Brand.Avoid:Avoid "synergy"; say what it does.\n',
  );
});

test("a structured asset's field prefixes the message in brackets", () => {
  const out = formatLine([{ path: "ads/launch.json", score: 90, findings: [finding({ field: "headline", line: 1, column: 5 })] }]);
  assert.equal(out, 'ads/launch.json:1:5:Brand.Avoid:[headline] Avoid "synergy"; say what it does.\n');
});

test("a message with line breaks stays on one line", () => {
  const out = formatLine([{ path: "a.md", score: 90, findings: [finding({ message: "First.\n  Second." })] }]);
  assert.equal(out, "a.md:3:14:Brand.Avoid:First. Second.\n");
});

test("no findings, no output", () => {
  assert.equal(formatLine([{ path: "a.md", score: 100, findings: [] }]), "");
  assert.equal(formatLine([]), "");
});
