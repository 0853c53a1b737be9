import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../core/findings.ts";
import { type Paint, plainPaint } from "./file-report.ts";
import { formatStylish } from "./stylish.ts";

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: "Brand.Avoid",
    level: "error",
    message: 'Avoid "synergy".',
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

test("rows aligned per file, score in the header, summary with counts", () => {
  const out = formatStylish(
    [
      {
        path: "docs/launch.md",
        score: 72,
        findings: [
          finding({}),
          finding({ rule: "Brand.Claims.health", level: "warning", message: "Health claim.", line: 12, column: 1 }),
        ],
      },
      { path: "clean.md", score: 100, findings: [] },
      { path: "ads/spring.json", score: 96, findings: [finding({ rule: "Brand.Tone", level: "suggestion", message: "Too formal.", field: "headline", line: 1, column: 5 })] },
    ],
    plainPaint,
  );
  assert.equal(
    out,
    "docs/launch.md (score 72)\n" +
      '  3:14  error    Avoid "synergy".  Brand.Avoid\n' +
      "  12:1  warning  Health claim.     Brand.Claims.health\n" +
      "\n" +
      "ads/spring.json (score 96)\n" +
      "  headline 1:5  suggestion  Too formal.  Brand.Tone\n" +
      "\n" +
      "✖ 3 problems (1 error, 1 warning, 1 suggestion)\n",
  );
});

test("singular and plural counts", () => {
  const out = formatStylish([{ path: "a.md", score: 90, findings: [finding({})] }], plainPaint);
  assert.ok(out.endsWith("✖ 1 problem (1 error, 0 warnings, 0 suggestions)\n"), out);
});

test("no findings: one line naming how many files were checked", () => {
  assert.equal(formatStylish([{ path: "a.md", score: 100, findings: [] }, { path: "b.md", score: 100, findings: [] }]), "✔ no problems in 2 files\n");
  assert.equal(formatStylish([{ path: "a.md", score: 100, findings: [] }]), "✔ no problems in 1 file\n");
});

test("nothing checked prints nothing", () => {
  assert.equal(formatStylish([]), "");
});

test("colour wraps the level, keeps alignment computed on plain text", () => {
  const tag = (name: string) => (text: string) => `<${name}>${text}</${name}>`;
  const paint: Paint = {
    bold: tag("b"), dim: tag("d"), underline: tag("u"), red: tag("r"), yellow: tag("y"), blue: tag("bl"), green: tag("g"),
  };
  const out = formatStylish(
    [{ path: "a.md", score: 85, findings: [finding({}), finding({ level: "warning", line: 4, column: 1 })] }],
    paint,
  );
  assert.equal(
    out,
    "<u>a.md</u> <d>(score 85)</d>\n" +
      '  <d>3:14</d>  <r>error  </r>  Avoid "synergy".  <d>Brand.Avoid</d>\n' +
      '  <d>4:1 </d>  <y>warning</y>  Avoid "synergy".  <d>Brand.Avoid</d>\n' +
      "\n" +
      "<b><r>✖ 2 problems (1 error, 1 warning, 0 suggestions)</r></b>\n",
  );
});
