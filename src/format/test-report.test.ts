import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LibraryTestRun, TestCaseResult } from "../core/library/library-tests.ts";
import type { Paint } from "./file-report.ts";
import { formatTestJson, formatTestText, summaryLine } from "./test-report.ts";

function testCase(over: Partial<TestCaseResult>): TestCaseResult {
  return { suite: "kit", name: "compliant example 1", status: "pass", details: [], file: "brand/brand.yaml", line: 12, column: 7, duration: 2, ...over };
}

const RUN: LibraryTestRun = {
  cases: [
    testCase({}),
    testCase({ suite: "usecase:email", name: "catches a claim", status: "fail", file: "brand/usecases/email.yaml", line: 23, column: 5, details: ["expected Brand.Claims, not raised", "raised: two\nlines"] }),
  ],
  warnings: [{ code: "no-owner", suite: "usecase:email", file: "brand/usecases/email.yaml", line: 1, column: 7, message: "the use case has no owner", fix: "add owner:" }],
};

const TAGS: Paint = {
  bold: (t) => `<b>${t}</b>`,
  dim: (t) => `<dim>${t}</dim>`,
  underline: (t) => `<u>${t}</u>`,
  red: (t) => `<red>${t}</red>`,
  yellow: (t) => `<yellow>${t}</yellow>`,
  blue: (t) => `<blue>${t}</blue>`,
  green: (t) => `<green>${t}</green>`,
};

describe("formatTestText", () => {
  test("a line per case, failure details indented on one line each, warnings, summary", () => {
    assert.equal(
      formatTestText(RUN, 412),
      [
        "✔ kit › compliant example 1",
        "✖ usecase:email › catches a claim",
        "    brand/usecases/email.yaml:23:5",
        "    expected Brand.Claims, not raised",
        "    raised: two lines",
        "",
        "brand/usecases/email.yaml:1:7: warning: the use case has no owner (add owner:) [no-owner]",
        "",
        "1 passed, 1 failed, 1 warning in 0.41 s",
        "",
      ].join("\n"),
    );
  });

  test("colour: marks, failed titles, the warning level and the non-zero counts", () => {
    const out = formatTestText(RUN, 1500, TAGS);
    assert.ok(out.startsWith("<green>✔</green> kit › compliant example 1\n<red>✖</red> <b>usecase:email › catches a claim</b>\n    <dim>brand/usecases/email.yaml:23:5</dim>\n"), out);
    assert.ok(out.includes("brand/usecases/email.yaml:1:7: <yellow>warning</yellow>: the use case has no owner"), out);
    assert.ok(out.endsWith("<green>1 passed</green>, <red>1 failed</red>, <yellow>1 warning</yellow> in 1.5 s\n"), out);
  });

  test("no cases: the summary says how to add some", () => {
    assert.equal(
      formatTestText({ cases: [], warnings: [] }, 20),
      "0 passed, 0 failed, 0 warnings in 0.02 s\nno tests ran: add examples to the brand kit, and examples and tests to the use cases (docs/testing.md)\n",
    );
  });
});

describe("formatTestJson and summaryLine", () => {
  test("json: cases, warnings, summary with milliseconds", () => {
    assert.deepEqual(JSON.parse(formatTestJson(RUN, 412.34567)), {
      cases: RUN.cases,
      warnings: RUN.warnings,
      summary: { passed: 1, failed: 1, warnings: 1, duration: 412.346 },
    });
  });

  test("summary line for stderr", () => {
    assert.equal(summaryLine(RUN, 2000), "1 passed, 1 failed, 1 warning in 2.0 s\n");
  });
});
