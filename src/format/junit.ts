import type { LibraryTestRun, LintWarning, TestCaseResult } from "../core/library/library-tests.ts";

/**
 * `onbrand test --format junit`: JUnit XML as CI report tools read it (GitHub Actions test
 * reporters, GitLab, Jenkins, Azure). One `<testsuite>` per suite (`kit`, `usecase:<id>`), one
 * `<testcase>` per case with `classname`, `name`, `time` (seconds), `file` and `line`; a failing
 * case has a `<failure>` whose message is the first detail and whose text is every detail. Lint
 * warnings go into their suite's `<system-err>`, one `file:line:column: warning: ...` a line.
 * Characters XML 1.0 cannot hold (control characters, lone surrogates) are left out.
 *
 * @example
 * formatJunit(runLibraryTests(kit, library)).startsWith('<?xml version="1.0" encoding="UTF-8"?>') // true
 */
export function formatJunit(run: LibraryTestRun, name = "onbrand test"): string {
  const suites = groupBySuite(run);
  const total = summarize(run.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name, tests: total.tests, failures: total.failures, errors: 0, skipped: 0, time: seconds(total.time) })}>`,
  ];
  for (const suite of suites) {
    const counts = summarize(suite.cases);
    const file = suite.cases[0]?.file ?? suite.warnings[0]?.file;
    lines.push(
      `  <testsuite${attributes({
        name: suite.name,
        tests: counts.tests,
        failures: counts.failures,
        errors: 0,
        skipped: 0,
        time: seconds(counts.time),
        ...(file ? { file } : {}),
      })}>`,
    );
    for (const c of suite.cases) lines.push(...testcase(c));
    if (suite.warnings.length > 0) {
      lines.push(`    <system-err>${text(suite.warnings.map(warningLine).join("\n"))}</system-err>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

/** `brand/usecases/email.yaml:1:1: warning: the use case has no owner (add owner: ...) [no-owner]` */
export function warningLine(w: LintWarning): string {
  const place = w.line > 0 ? `${w.file}:${w.line}:${w.column}` : w.file;
  return `${place}: warning: ${w.message} (${w.fix}) [${w.code}]`;
}

function testcase(c: TestCaseResult): string[] {
  const attrs = attributes({
    classname: c.suite,
    name: c.name,
    time: seconds(c.duration),
    file: c.file,
    ...(c.line > 0 ? { line: c.line } : {}),
  });
  if (c.status === "pass") return [`    <testcase${attrs}/>`];
  const place = c.line > 0 ? `${c.file}:${c.line}:${c.column}` : c.file;
  const body = [`${place}: ${c.suite} › ${c.name}`, ...c.details].join("\n");
  return [
    `    <testcase${attrs}>`,
    `      <failure${attributes({ message: c.details[0] ?? "failed", type: "onbrand.test" })}>${text(body)}</failure>`,
    "    </testcase>",
  ];
}

interface Suite {
  name: string;
  cases: TestCaseResult[];
  warnings: LintWarning[];
}

/** Suites in the order their first case or warning appears. */
function groupBySuite(run: LibraryTestRun): Suite[] {
  const suites = new Map<string, Suite>();
  const suite = (name: string): Suite => {
    let found = suites.get(name);
    if (!found) suites.set(name, (found = { name, cases: [], warnings: [] }));
    return found;
  };
  for (const c of run.cases) suite(c.suite).cases.push(c);
  for (const w of run.warnings) suite(w.suite).warnings.push(w);
  return [...suites.values()];
}

function summarize(cases: readonly TestCaseResult[]): { tests: number; failures: number; time: number } {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.status === "fail").length,
    time: cases.reduce((sum, c) => sum + c.duration, 0),
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${attribute(String(value))}"`)
    .join("");
}

// XML 1.0 allows tab, LF, CR and everything from U+0020 except lone surrogates, U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(NOT_XML, "").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Quotes escaped, and line breaks and tabs as references so parsers do not turn them into spaces. */
function attribute(value: string): string {
  return text(value).replaceAll('"', "&quot;").replaceAll("\n", "&#10;").replaceAll("\r", "&#13;").replaceAll("\t", "&#9;");
}
