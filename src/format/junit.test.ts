import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { XMLValidator } from "fast-xml-parser";
import { parse, type TestSuites } from "junit2json";
import type { LibraryTestRun, LintWarning, TestCaseResult } from "../core/library/library-tests.ts";
import { formatJunit } from "./junit.ts";

function testCase(over: Partial<TestCaseResult>): TestCaseResult {
  return { suite: "kit", name: "compliant example 1", status: "pass", details: [], file: "brand/brand.yaml", line: 12, column: 7, duration: 2, ...over };
}

const WARNING: LintWarning = {
  code: "no-owner",
  suite: "usecase:email",
  file: "brand/usecases/email.yaml",
  line: 1,
  column: 7,
  message: "the use case has no owner",
  fix: "add owner:",
};

const RUN: LibraryTestRun = {
  cases: [
    testCase({ name: "compliant example 1: Zero sugar & \"all\" <the> sparkle…", duration: 1.5 }),
    testCase({
      name: "non-compliant example 1: Try FizzWell",
      status: "fail",
      line: 19,
      details: ["expected Brand.Claims, not raised", 'raised: error Brand.Names at 1:5 "FizzWell": Use \'Fizzwell\'.'],
    }),
    testCase({
      suite: "usecase:email",
      name: "catches a\u0007 bell and a lone \ud800 surrogate 😀",
      status: "fail",
      file: "brand/usecases/email.yaml",
      line: 23,
      column: 5,
      duration: 12.25,
      details: ["on email: expected Brand.Claims.detox, not raised", "raised: nothing"],
    }),
  ],
  warnings: [WARNING, { ...WARNING, suite: "usecase:sms", file: "brand/usecases/sms.yaml", message: "a <b> & c" }],
};

describe("formatJunit", () => {
  test("exact XML: suites, cases with file and line, failures with every detail, warnings in system-err", () => {
    assert.equal(
      formatJunit(RUN),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="onbrand test" tests="3" failures="2" errors="0" skipped="0" time="0.016">',
        '  <testsuite name="kit" tests="2" failures="1" errors="0" skipped="0" time="0.004" file="brand/brand.yaml">',
        '    <testcase classname="kit" name="compliant example 1: Zero sugar &amp; &quot;all&quot; &lt;the&gt; sparkle…" time="0.002" file="brand/brand.yaml" line="12"/>',
        '    <testcase classname="kit" name="non-compliant example 1: Try FizzWell" time="0.002" file="brand/brand.yaml" line="19">',
        '      <failure message="expected Brand.Claims, not raised" type="onbrand.test">brand/brand.yaml:19:7: kit › non-compliant example 1: Try FizzWell',
        "expected Brand.Claims, not raised",
        'raised: error Brand.Names at 1:5 "FizzWell": Use \'Fizzwell\'.</failure>',
        "    </testcase>",
        "  </testsuite>",
        '  <testsuite name="usecase:email" tests="1" failures="1" errors="0" skipped="0" time="0.012" file="brand/usecases/email.yaml">',
        '    <testcase classname="usecase:email" name="catches a bell and a lone  surrogate 😀" time="0.012" file="brand/usecases/email.yaml" line="23">',
        '      <failure message="on email: expected Brand.Claims.detox, not raised" type="onbrand.test">brand/usecases/email.yaml:23:5: usecase:email › catches a bell and a lone  surrogate 😀',
        "on email: expected Brand.Claims.detox, not raised",
        "raised: nothing</failure>",
        "    </testcase>",
        "    <system-err>brand/usecases/email.yaml:1:7: warning: the use case has no owner (add owner:) [no-owner]</system-err>",
        "  </testsuite>",
        '  <testsuite name="usecase:sms" tests="0" failures="0" errors="0" skipped="0" time="0.000" file="brand/usecases/sms.yaml">',
        "    <system-err>brand/usecases/sms.yaml:1:7: warning: a &lt;b&gt; &amp; c (add owner:) [no-owner]</system-err>",
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
  });

  test("is well-formed XML, also with every control character and quotes in every place", () => {
    const nasty = `${Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("")}"'<>&]]>\ufffe\udfff`;
    const run: LibraryTestRun = {
      cases: [testCase({ suite: nasty, name: nasty, file: nasty, status: "fail", details: [nasty, nasty] })],
      warnings: [{ ...WARNING, suite: nasty, message: nasty, fix: nasty }],
    };
    assert.equal(XMLValidator.validate(formatJunit(run)), true);
    assert.equal(XMLValidator.validate(formatJunit(RUN)), true);
    assert.equal(XMLValidator.validate(formatJunit({ cases: [], warnings: [] })), true);
  });

  test("a JUnit reader parses back the counts, the names, the failures and the warnings", async () => {
    const parsed = (await parse(formatJunit(RUN))) as TestSuites;
    assert.equal(parsed.name, "onbrand test");
    assert.equal(parsed.tests, 3);
    assert.equal(parsed.failures, 2);
    const suites = parsed.testsuite ?? [];
    assert.deepEqual(
      suites.map((s) => [s.name, s.tests, s.failures]),
      [
        ["kit", 2, 1],
        ["usecase:email", 1, 1],
        ["usecase:sms", 0, 0],
      ],
    );
    const [kit, email] = suites;
    assert.deepEqual(
      kit?.testcase?.map((c) => [c.classname, c.name, c.time]),
      [
        ["kit", 'compliant example 1: Zero sugar & "all" <the> sparkle…', 0.002],
        ["kit", "non-compliant example 1: Try FizzWell", 0.002],
      ],
    );
    assert.equal(kit?.testcase?.[0]?.failure, undefined);
    assert.deepEqual(kit?.testcase?.[1]?.failure, [
      {
        message: "expected Brand.Claims, not raised",
        type: "onbrand.test",
        inner: 'brand/brand.yaml:19:7: kit › non-compliant example 1: Try FizzWell\nexpected Brand.Claims, not raised\nraised: error Brand.Names at 1:5 "FizzWell": Use \'Fizzwell\'.',
      },
    ]);
    assert.equal(email?.testcase?.[0]?.name, "catches a bell and a lone  surrogate 😀");
    assert.deepEqual(email?.["system-err"], ["brand/usecases/email.yaml:1:7: warning: the use case has no owner (add owner:) [no-owner]"]);
    assert.deepEqual(suites[2]?.["system-err"], ["brand/usecases/sms.yaml:1:7: warning: a <b> & c (add owner:) [no-owner]"]);
  });

  test("line breaks in an attribute survive the round trip", async () => {
    const run: LibraryTestRun = { cases: [testCase({ status: "fail", details: ["two\nlines"] })], warnings: [] };
    const parsed = (await parse(formatJunit(run))) as TestSuites;
    assert.equal(parsed.testsuite?.[0]?.testcase?.[0]?.failure?.[0]?.message, "two\nlines");
  });
});
