import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { XMLValidator } from "fast-xml-parser";
import { parse, type TestSuites } from "junit2json";
import { FIXTURE_BRAND, FIXTURE_EMAIL } from "../../src/core/library/fixture-workspace.ts";
import { makeFolder, runCli } from "./cli-harness.ts";

const BRAND = FIXTURE_BRAND;
const EMAIL = FIXTURE_EMAIL;

// No owner and no failing test: two warnings.
const SMS = `name: Text message
asset_type: sms
channels: [sms]
output:
  fields:
    - name: body
instructions: Write a text.
tests:
  - output: {body: Fizzwell Zero is back.}
    expect: pass
`;

const GREEN = { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": BRAND, "brand/usecases/email.yaml": EMAIL, "brand/usecases/sms.yaml": SMS };

const folders: { dispose(): void }[] = [];
after(() => folders.forEach((f) => f.dispose()));
function workspace(files: Record<string, string>): string {
  const folder = makeFolder(files);
  folders.push(folder);
  return folder.dir;
}

/** The output with the run's duration, which varies, replaced by X. */
function stable(text: string): string {
  return text.replace(/ in \d+(\.\d+)? s$/m, " in X s");
}

const GREEN_CASES = [
  "✔ kit › compliant example 1: Zero sugar, all the sparkle. Fizzwell…",
  "✔ kit › compliant example 2: Hibiscus and ginger, cold from the…",
  "✔ kit › compliant example 3: Crack one open at 3 p.m.",
  "✔ kit › non-compliant example 1: Fizzwell will detox your body.",
  "✔ kit › non-compliant example 2: Try FizzWell today.",
  "✔ kit › non-compliant example 3: FizzWell detox.",
  "✔ usecase:email › example 1 passes on email",
  "✔ usecase:email › a good email passes",
  "✔ usecase:email › catches a detox claim",
  "✔ usecase:sms › tests[0]",
];
const SMS_WARNINGS = [
  "brand/usecases/sms.yaml:1:7: warning: the use case has no owner (add owner: with the name or email of the champion who maintains it) [no-owner]",
  "brand/usecases/sms.yaml:9:3: warning: every test of the use case expects pass; none shows that an off-brand output is caught (add a test with an off-brand output (a claim, a misspelt name, a field over its limit) and expect: [the rule ids that must catch it]) [no-failing-test]",
];

describe("onbrand test", { concurrency: true }, () => {
  test("a green library: one line per case, the warnings, the summary; exit 0", async () => {
    const run = await runCli(["test", "--no-color"], workspace(GREEN));
    assert.equal(run.stderr, "");
    assert.equal(stable(run.stdout), [...GREEN_CASES, "", ...SMS_WARNINGS, "", "10 passed, 0 failed, 2 warnings in X s", ""].join("\n"));
    assert.equal(run.code, 0);
  });

  test("a kit example the kit does not catch fails the run with the details; exit 1", async () => {
    const dir = workspace({ ...GREEN, "brand/brand.yaml": BRAND.replace("Fizzwell will detox your body.", "Fizzwell will cleanse your body.") });
    const run = await runCli(["test", "--no-color"], dir);
    assert.equal(run.code, 1);
    const lines = run.stdout.split("\n");
    const at = lines.indexOf("✖ kit › non-compliant example 1: Fizzwell will cleanse your body.");
    assert.notEqual(at, -1, run.stdout);
    assert.deepEqual(lines.slice(at + 1, at + 4), ["    brand/brand.yaml:19:7", "    expected Brand.Claims, not raised", "    raised: nothing"]);
    assert.match(stable(run.stdout), /^9 passed, 1 failed, 2 warnings in X s$/m);
  });

  test("a use case test that does not find what it expects fails; colour marks it red", async () => {
    const dir = workspace({ ...GREEN, "brand/usecases/email.yaml": EMAIL.replace("subject: Fizzwell detox,", "subject: Fizzwell Zero,") });
    const run = await runCli(["test", "--color"], dir);
    assert.equal(run.code, 1);
    assert.ok(run.stdout.includes("\u001b[31m✖\u001b[39m"), run.stdout);
    const plain = await runCli(["test", "--no-color"], dir);
    assert.ok(
      plain.stdout.includes(
        "✖ usecase:email › catches a detox claim\n    brand/usecases/email.yaml:23:5\n    on email: expected Brand.Claims.detox, not raised\n    raised: nothing\n",
      ),
      plain.stdout,
    );
  });

  test("--format junit: a JUnit document a report tool parses; the summary goes to stderr", async () => {
    const dir = workspace({ ...GREEN, "brand/usecases/email.yaml": EMAIL.replace("subject: Fizzwell detox,", "subject: Fizzwell Zero,") });
    const run = await runCli(["test", "--format", "junit"], dir);
    assert.equal(run.code, 1);
    assert.equal(XMLValidator.validate(run.stdout), true);
    assert.equal(stable(run.stderr), "9 passed, 1 failed, 2 warnings in X s\n");
    const parsed = (await parse(run.stdout)) as TestSuites;
    assert.equal(parsed.tests, 10);
    assert.equal(parsed.failures, 1);
    const suites = parsed.testsuite ?? [];
    assert.deepEqual(
      suites.map((s) => [s.name, s.tests, s.failures]),
      [
        ["kit", 6, 0],
        ["usecase:email", 3, 1],
        ["usecase:sms", 1, 0],
      ],
    );
    const failing = suites[1]?.testcase?.find((c) => c.failure);
    assert.equal(failing?.name, "catches a detox claim");
    assert.equal(failing?.failure?.[0]?.message, "on email: expected Brand.Claims.detox, not raised");
    assert.deepEqual(suites[2]?.["system-err"], [SMS_WARNINGS.join("\n")]);
  });

  test("--format json: cases, warnings and the summary", async () => {
    const run = await runCli(["test", "-f", "json"], workspace(GREEN));
    assert.equal(run.code, 0);
    const report = JSON.parse(run.stdout) as {
      cases: { suite: string; name: string; status: string; file: string; line: number; column: number }[];
      warnings: { code: string; file: string; line: number }[];
      summary: { passed: number; failed: number; warnings: number };
    };
    assert.deepEqual(report.cases[6], { ...report.cases[6], suite: "usecase:email", name: "example 1 passes on email", status: "pass", file: "brand/usecases/email.yaml", line: 16, column: 5 });
    assert.deepEqual(report.warnings.map((w) => `${w.code} ${w.file}:${w.line}`), ["no-owner brand/usecases/sms.yaml:1", "no-failing-test brand/usecases/sms.yaml:9"]);
    assert.deepEqual({ ...report.summary, duration: 0 }, { passed: 10, failed: 0, warnings: 2, duration: 0 });
  });

  test("--use-case runs only the named use cases; --max-warnings fails a run with more", async () => {
    const dir = workspace(GREEN);
    const run = await runCli(["test", "--use-case", "email", "--no-color"], dir);
    assert.equal(stable(run.stdout), [...GREEN_CASES.slice(6, 9), "", "3 passed, 0 failed, 0 warnings in X s", ""].join("\n"));
    assert.equal(run.code, 0);
    const strict = await runCli(["test", "--use-case", "sms", "--use-case", "email", "--max-warnings", "1", "--no-color"], dir);
    assert.equal(strict.code, 1);
    assert.equal(strict.stderr, "onbrand: 2 warnings, more than --max-warnings 1\n");
    assert.equal((await runCli(["test", "--max-warnings", "2"], dir)).code, 0);
  });

  test("paths are shown from the working folder", async () => {
    const dir = workspace(GREEN);
    const run = await runCli(["test", "--config", "../onbrand.yaml", "--use-case", "sms"], `${dir}/brand`);
    assert.ok(run.stdout.includes("usecases/sms.yaml:1:7: warning: the use case has no owner"), run.stdout);
  });

  test("an unknown use case id is a usage error with the closest id; exit 2", async () => {
    const run = await runCli(["test", "--use-case", "emial"], workspace(GREEN));
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, 'onbrand: error: unknown use case "emial"; did you mean "email"? (the library has email, sms)\n');
    assert.equal(run.code, 2);
  });

  test("a library that does not load: file:line:column diagnostics, nothing runs; exit 2", async () => {
    const dir = workspace({ ...GREEN, "brand/usecases/sms.yaml": SMS.replace("asset_type: sms", "asset_typ: sms") });
    const run = await runCli(["test"], dir);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^brand\/usecases\/sms\.yaml:2:1: error: .*asset_typ/);
    assert.ok(run.stderr.split("\n").every((line) => line === "" || /^brand\/usecases\/sms\.yaml:\d+:\d+: error: /.test(line)), run.stderr);
    assert.equal(run.code, 2);
  });

  test("usage errors: a bad format, a bad --max-warnings, a file argument; --help", async () => {
    const dir = workspace(GREEN);
    const cases: [string[], string][] = [
      [["--format", "xml"], 'onbrand: error: --format must be one of text, junit, json (got "xml")\n'],
      [["--max-warnings", "1.5"], 'onbrand: error: --max-warnings must be a whole number of 0 or more (got "1.5")\n'],
      [["copy.md"], "onbrand: error: test takes no file arguments (got copy.md); use --use-case ID to run one use case\n"],
    ];
    for (const [args, stderr] of cases) {
      const run = await runCli(["test", ...args], dir);
      assert.equal(run.stderr, stderr);
      assert.equal(run.code, 2);
    }
    const help = await runCli(["test", "--help"], dir);
    assert.match(help.stdout, /^Usage: onbrand test \[options\]/);
    assert.equal(help.code, 0);
  });
});
