import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../core/findings.ts";
import { formatJson } from "./json.ts";

const avoid: Finding = {
  rule: "Brand.Avoid",
  level: "error",
  message: 'Avoid "synergy".',
  line: 2,
  column: 5,
  endLine: 2,
  endColumn: 12,
  match: "synergy",
  field: null,
  suggestions: ["teamwork"],
};

test("the exact documented shape, indented, ending with a newline", () => {
  const out = formatJson([
    { path: "a.md", score: 80, findings: [avoid, { ...avoid, level: "suggestion", rule: "Brand.Tone", field: "headline", suggestions: [] }] },
    { path: "b.md", score: 100, findings: [] },
  ]);
  const expected = {
    files: [
      {
        path: "a.md",
        score: 80,
        findings: [
          { rule: "Brand.Avoid", level: "error", message: 'Avoid "synergy".', line: 2, column: 5, endLine: 2, endColumn: 12, match: "synergy", field: null, suggestions: ["teamwork"] },
          { rule: "Brand.Tone", level: "suggestion", message: 'Avoid "synergy".', line: 2, column: 5, endLine: 2, endColumn: 12, match: "synergy", field: "headline", suggestions: [] },
        ],
      },
      { path: "b.md", score: 100, findings: [] },
    ],
    summary: { files: 2, errors: 1, warnings: 0, suggestions: 1 },
  };
  assert.equal(out, `${JSON.stringify(expected, null, 2)}\n`);
});

test("keys outside the contract are dropped", () => {
  const extra = { ...avoid, internal: 42 } as Finding;
  const parsed = JSON.parse(formatJson([{ path: "a.md", score: 90, findings: [extra] }])) as {
    files: { findings: Record<string, unknown>[] }[];
  };
  assert.deepEqual(Object.keys(parsed.files[0]?.findings[0] ?? {}), [
    "rule", "level", "message", "line", "column", "endLine", "endColumn", "match", "field", "suggestions",
  ]);
});

test("nothing checked: empty files and zero counts", () => {
  assert.equal(
    formatJson([]),
    `${JSON.stringify({ files: [], summary: { files: 0, errors: 0, warnings: 0, suggestions: 0 } }, null, 2)}\n`,
  );
});
