import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { makeFolder, runCli } from "./cli-harness.ts";

// A small workspace: one brand name, one word to avoid (warning), one claim (error).
const BRAND_YAML = `name: Acme
terms:
  brand_names: [Acme]
  avoid:
    - term: synergy
      message: Say what it does instead of '%s'.
claims:
  - id: medical
    level: error
    message: Snacks don't cure anything; drop '%s'.
    phrases: [cure]
`;

const workspace = makeFolder({
  "onbrand.yaml": "kit: brand\nignore:\n  - drafts/**\n",
  "brand/brand.yaml": BRAND_YAML,
  "clean.md": "# Acme oats\n\nAcme makes crunchy oat snacks.\n",
  "warn.md": "Acme builds synergy.\n",
  "bad.md": "# Launch\n\nACME oats cure boredom and build synergy.\n",
  "ads/spring.json": JSON.stringify({ fields: { headline: "Synergy in a bag", body: "Oats that cure hunger." } }, null, 2),
  "drafts/wip.md": "synergy synergy synergy\n",
  "logo.png": Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  // "Acme café" written in Latin-1: byte 8 (0xe9) is not UTF-8.
  "latin1.txt": Uint8Array.from([...Buffer.from("Acme caf", "latin1"), 0xe9, 0x0a]),
});
const ws = workspace.dir;
after(() => workspace.dispose());

const CLAIM = "Snacks don't cure anything; drop 'cure'.";
const NAMES = "Use 'Acme' instead of 'ACME'.";
const AVOID = "Say what it does instead of 'synergy'.";

function finding(rule: string, level: string, message: string, line: number, column: number, match: string, extra: object = {}) {
  return {
    rule,
    level,
    message,
    line,
    column,
    endLine: line,
    endColumn: column + match.length,
    match,
    field: null,
    suggestions: [],
    ...extra,
  };
}

const BAD_FINDINGS = [
  finding("Brand.Names", "error", NAMES, 3, 1, "ACME", { suggestions: ["Acme"] }),
  finding("Brand.Claims.medical", "error", CLAIM, 3, 11, "cure"),
  finding("Brand.Avoid", "warning", AVOID, 3, 34, "synergy"),
];

describe("onbrand check", { concurrency: true }, () => {
  test("stylish (default): aligned rows, score, summary; exit 1 on an error-level finding", async () => {
    const run = await runCli(["check", "bad.md", "clean.md", "--no-color"], ws);
    assert.equal(run.stderr, "");
    assert.equal(
      run.stdout,
      "bad.md (score 54)\n" +
        "  3:1   error    Use 'Acme' instead of 'ACME'.             Brand.Names\n" +
        "  3:11  error    Snacks don't cure anything; drop 'cure'.  Brand.Claims.medical\n" +
        "  3:34  warning  Say what it does instead of 'synergy'.    Brand.Avoid\n" +
        "\n" +
        "✖ 3 problems (2 errors, 1 warning, 0 suggestions)\n",
    );
    assert.equal(run.code, 1);
  });

  test("stylish is plain when stdout is not a terminal, coloured with --color", async () => {
    const plain = await runCli(["check", "bad.md"], ws);
    assert.ok(!plain.stdout.includes("\u001b["), plain.stdout);
    const coloured = await runCli(["check", "bad.md", "--color"], ws);
    assert.ok(coloured.stdout.includes("\u001b[31merror"), coloured.stdout);
  });

  test("line: Vale's path:line:column:Rule:Message, fields in brackets", async () => {
    const run = await runCli(["check", "--format", "line", "bad.md", "ads/spring.json"], ws);
    assert.equal(
      run.stdout,
      `bad.md:3:1:Brand.Names:${NAMES}\n` +
        `bad.md:3:11:Brand.Claims.medical:${CLAIM}\n` +
        `bad.md:3:34:Brand.Avoid:${AVOID}\n` +
        "ads/spring.json:1:1:Brand.Avoid:[headline] Say what it does instead of 'Synergy'.\n" +
        `ads/spring.json:1:11:Brand.Claims.medical:[body] ${CLAIM}\n`,
    );
    assert.equal(run.code, 1);
  });

  test("json: exactly files[{path, score, findings}] and summary", async () => {
    const run = await runCli(["check", "-f", "json", "bad.md", "clean.md", "ads/spring.json"], ws);
    assert.equal(run.code, 1);
    assert.ok(run.stdout.endsWith("\n"));
    assert.deepEqual(JSON.parse(run.stdout), {
      files: [
        { path: "bad.md", score: 54, findings: BAD_FINDINGS },
        { path: "clean.md", score: 100, findings: [] },
        {
          path: "ads/spring.json",
          // 2 warnings-and-errors points (3 + 10) over the 50-word floor.
          score: 74,
          findings: [
            finding("Brand.Avoid", "warning", "Say what it does instead of 'Synergy'.", 1, 1, "Synergy", { field: "headline" }),
            finding("Brand.Claims.medical", "error", CLAIM, 1, 11, "cure", { field: "body" }),
          ],
        },
      ],
      summary: { files: 3, errors: 3, warnings: 2, suggestions: 0 },
    });
  });

  test("sarif: SARIF 2.1.0 with rules, code-point regions, field results and skipped files", async () => {
    const run = await runCli(["check", "--format=sarif", "bad.md", "ads/spring.json", "logo.png"], ws);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as {
      version: string;
      $schema: string;
      runs: {
        columnKind: string;
        tool: { driver: { name: string; version: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region?: object }; logicalLocations?: { name: string }[] }[];
        }[];
        invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
      }[];
    };
    assert.equal(log.version, "2.1.0");
    assert.equal(typeof log.$schema, "string");
    const [sarifRun] = log.runs;
    assert.ok(sarifRun);
    assert.equal(sarifRun.columnKind, "unicodeCodePoints");
    assert.equal(sarifRun.tool.driver.name, "onbrand");
    assert.equal(sarifRun.tool.driver.version, JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
    const ruleIds = sarifRun.tool.driver.rules.map((r) => r.id);
    for (const id of ["Brand.Names", "Brand.Avoid", "Brand.Claims.medical"]) assert.ok(ruleIds.includes(id), id);
    assert.equal(sarifRun.tool.driver.rules.find((r) => r.id === "Brand.Avoid")?.defaultConfiguration.level, "warning");
    for (const result of sarifRun.results) {
      assert.equal(sarifRun.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
      assert.ok(["error", "warning", "note"].includes(result.level));
    }
    assert.deepEqual(
      sarifRun.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri]),
      [
        ["Brand.Names", "error", "bad.md"],
        ["Brand.Claims.medical", "error", "bad.md"],
        ["Brand.Avoid", "warning", "bad.md"],
        ["Brand.Avoid", "warning", "ads/spring.json"],
        ["Brand.Claims.medical", "error", "ads/spring.json"],
      ],
    );
    assert.deepEqual(sarifRun.results[1]?.locations[0]?.physicalLocation.region, {
      startLine: 3,
      startColumn: 11,
      endLine: 3,
      endColumn: 15,
      snippet: { text: "cure" },
    });
    assert.equal(sarifRun.results[4]?.message.text, `[body] ${CLAIM}`);
    assert.deepEqual(sarifRun.results[4]?.locations[0]?.logicalLocations, [{ name: "body", kind: "member" }]);
    assert.deepEqual(sarifRun.invocations[0]?.toolExecutionNotifications, [
      { level: "warning", message: { text: "binary file skipped" }, locations: [{ physicalLocation: { artifactLocation: { uri: "logo.png" } } }] },
    ]);
  });

  test("exit 0 when the worst finding is a warning, or there is none", async () => {
    const clean = await runCli(["check", "clean.md"], ws);
    assert.deepEqual(clean, { code: 0, stdout: "✔ no problems in 1 file\n", stderr: "" });
    const warned = await runCli(["check", "warn.md", "-f", "line"], ws);
    assert.deepEqual(warned, { code: 0, stdout: `warn.md:1:13:Brand.Avoid:${AVOID}\n`, stderr: "" });
  });

  test("--min-level drops findings below it; config min_level is the default", async () => {
    const errorsOnly = await runCli(["check", "bad.md", "-f", "line", "--min-level", "error"], ws);
    assert.equal(errorsOnly.stdout, `bad.md:3:1:Brand.Names:${NAMES}\nbad.md:3:11:Brand.Claims.medical:${CLAIM}\n`);
    assert.equal(errorsOnly.code, 1);
    const warnHidden = await runCli(["check", "warn.md", "-f", "json", "--min-level=error"], ws);
    assert.deepEqual(JSON.parse(warnHidden.stdout).summary, { files: 1, errors: 0, warnings: 0, suggestions: 0 });
    assert.equal(warnHidden.code, 0);
    const bad = await runCli(["check", "warn.md", "--min-level", "loud"], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--min-level must be one of suggestion, warning, error \(got "loud"\)/);

    const strict = makeFolder({ "onbrand.yaml": "min_level: error\n", "brand/brand.yaml": BRAND_YAML, "warn.md": "Acme builds synergy.\n" });
    try {
      const fromConfig = await runCli(["check", "warn.md", "-f", "line"], strict.dir);
      assert.deepEqual(fromConfig, { code: 0, stdout: "", stderr: "" });
      const overridden = await runCli(["check", "warn.md", "-f", "line", "--min-level", "suggestion"], strict.dir);
      assert.equal(overridden.stdout, `warn.md:1:13:Brand.Avoid:${AVOID}\n`);
    } finally {
      strict.dispose();
    }
  });

  test("stdin: - reads copy, shown as <stdin>; JSON on stdin is a structured asset", async () => {
    const prose = await runCli(["check", "-", "-f", "line"], ws, "Acme cures colds.\n");
    assert.equal(prose.stdout, "<stdin>:1:6:Brand.Claims.medical:Snacks don't cure anything; drop 'cures'.\n");
    assert.equal(prose.code, 1);
    const structured = await runCli(["check", "-", "-f", "line"], ws, '{"fields": {"headline": "Pure synergy"}}');
    assert.equal(structured.stdout, "<stdin>:1:6:Brand.Avoid:[headline] Say what it does instead of 'synergy'.\n");
    assert.equal(structured.code, 0);
    const asText = await runCli(["check", "-", "-f", "json", "--stdin-format", "text"], ws, '{"fields": {"headline": "Pure synergy"}}');
    assert.equal(JSON.parse(asText.stdout).files[0].findings[0].field, null);
  });

  test("a folder: checked extensions only, without the kit, the config or ignored globs", async () => {
    const run = await runCli(["check", ".", "-f", "json"], ws);
    const paths = (JSON.parse(run.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    assert.deepEqual(paths, ["ads/spring.json", "bad.md", "clean.md", "warn.md"]);
    // latin1.txt is picked up and cannot be read; the run goes on.
    assert.equal(run.stderr, "latin1.txt: error: invalid UTF-8 at line 1, column 9 (byte offset 8); save the file as UTF-8 to check it\n");
    assert.equal(run.code, 1);
  });

  test("globs and a config found from a subfolder", async () => {
    const glob = await runCli(["check", "*.md", "-f", "json"], ws);
    assert.deepEqual(
      (JSON.parse(glob.stdout) as { files: { path: string }[] }).files.map((f) => f.path),
      ["bad.md", "clean.md", "warn.md"],
    );
    const nested = await runCli(["check", "spring.json", "-f", "line"], `${ws}/ads`);
    assert.equal(nested.stdout.split("\n")[0], "spring.json:1:1:Brand.Avoid:[headline] Say what it does instead of 'Synergy'.");
  });

  test("a binary file is skipped with a message; alone, nothing was checked: exit 2", async () => {
    const alone = await runCli(["check", "logo.png"], ws);
    assert.deepEqual(alone, { code: 2, stdout: "", stderr: "logo.png: warning: binary file skipped\n" });
    const withOthers = await runCli(["check", "logo.png", "clean.md"], ws);
    assert.deepEqual(withOthers, { code: 0, stdout: "✔ no problems in 1 file\n", stderr: "logo.png: warning: binary file skipped\n" });
    const quiet = await runCli(["check", "logo.png", "clean.md", "--quiet"], ws);
    assert.equal(quiet.stderr, "");
  });

  test("invalid UTF-8 names the line, column and byte offset of the first bad byte", async () => {
    const run = await runCli(["check", "latin1.txt", "-f", "json"], ws);
    assert.equal(run.stderr, "latin1.txt: error: invalid UTF-8 at line 1, column 9 (byte offset 8); save the file as UTF-8 to check it\n");
    assert.deepEqual(JSON.parse(run.stdout), { files: [], summary: { files: 0, errors: 0, warnings: 0, suggestions: 0 } });
    assert.equal(run.code, 2);
  });

  test("a missing file is reported and the other files are still checked", async () => {
    const alone = await runCli(["check", "nope.md"], ws);
    assert.deepEqual(alone, { code: 2, stdout: "", stderr: "nope.md: error: no such file or directory\n" });
    const withOthers = await runCli(["check", "nope.md", "warn.md", "-f", "line"], ws);
    assert.deepEqual(withOthers, {
      code: 0,
      stdout: `warn.md:1:13:Brand.Avoid:${AVOID}\n`,
      stderr: "nope.md: error: no such file or directory\n",
    });
    const glob = await runCli(["check", "docs/**/*.md"], ws);
    assert.equal(glob.code, 2);
    assert.match(glob.stderr, /^docs\/\*\*\/\*\.md: error: no files match this glob/);
  });

  test("a file over --max-file-size is refused with the sizes and the option", async () => {
    const big = makeFolder({ "onbrand.yaml": "", "brand/brand.yaml": BRAND_YAML, "big.md": "Acme oats. ".repeat(200) });
    try {
      const run = await runCli(["check", "big.md", "--max-file-size", "0.001"], big.dir);
      assert.deepEqual(run, {
        code: 2,
        stdout: "",
        stderr: "big.md: error: the file is 2.1 KB, above the 1 KB limit; split it, or raise the limit with --max-file-size <MB>\n",
      });
    } finally {
      big.dispose();
    }
  });

  test("a malformed brand.yaml names file:line:column and exits 2", async () => {
    const syntax = makeFolder({ "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "name: Acme\nterms:\n  avoid: [synergy\n", "a.md": "Hi\n" });
    const schema = makeFolder({
      "onbrand.yaml": "kit: brand\n",
      "brand/brand.yaml": "name: Acme\nclaims:\n  - id: medical\n    level: loud\n    message: No.\n    phrases: [cure]\n",
      "a.md": "Hi\n",
    });
    try {
      const broken = await runCli(["check", "a.md"], syntax.dir);
      assert.equal(broken.code, 2);
      assert.equal(broken.stdout, "");
      assert.match(broken.stderr, /^brand\/brand\.yaml:\d+:\d+: error: /m);
      const invalid = await runCli(["check", "a.md"], schema.dir);
      assert.equal(invalid.code, 2);
      assert.match(invalid.stderr, /^brand\/brand\.yaml:4:\d+: error: .*/m);
      // Seen from a subfolder, the path still opens the file.
      const nested = await runCli(["check", "../a.md"], `${schema.dir}/brand`);
      assert.match(nested.stderr, /^brand\.yaml:4:\d+: error: /m);
    } finally {
      syntax.dispose();
      schema.dispose();
    }
  });

  test("usage errors exit 2 with a hint and print nothing on stdout", async () => {
    const unknown = await runCli(["check", "--frobnicate", "bad.md"], ws);
    assert.deepEqual(unknown, {
      code: 2,
      stdout: "",
      stderr: "onbrand: error: unknown option --frobnicate; run `onbrand check --help` for the options\n",
    });
    const format = await runCli(["check", "bad.md", "--format", "xml"], ws);
    assert.equal(format.code, 2);
    assert.equal(format.stderr, 'onbrand: error: --format must be one of stylish, line, json, sarif (got "xml")\n');
    const missingValue = await runCli(["check", "bad.md", "--format"], ws);
    assert.equal(missingValue.stderr, "onbrand: error: --format needs a value; run `onbrand check --help` for the options\n");
    const noInputs = await runCli(["check"], ws);
    assert.equal(noInputs.code, 2);
    assert.match(noInputs.stderr, /nothing to check/);
  });

  test("no onbrand.yaml anywhere up the tree: exit 2 with the way out; --config points at one", async () => {
    const bare = makeFolder({ "copy.md": "Acme builds synergy.\n" });
    try {
      const run = await runCli(["check", "copy.md"], bare.dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no onbrand\.yaml found in .* or any parent; run `onbrand init` or pass --config/);
      const configured = await runCli(["check", "copy.md", "--config", `${ws}/onbrand.yaml`, "-f", "line"], bare.dir);
      assert.deepEqual(configured, { code: 0, stdout: `copy.md:1:13:Brand.Avoid:${AVOID}\n`, stderr: "" });
      const missing = await runCli(["check", "copy.md", "--config", "nope.yaml"], bare.dir);
      assert.deepEqual(missing, { code: 2, stdout: "", stderr: "onbrand: error: --config nope.yaml: no such file\n" });
    } finally {
      bare.dispose();
    }
  });

  test("an unknown --channel stops the run with exit 2", async () => {
    const run = await runCli(["check", "clean.md", "--channel", "carrier-pigeon"], ws);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /carrier-pigeon/);
  });

  test("--help prints the options", async () => {
    const run = await runCli(["check", "--help"], ws);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: onbrand check/);
    assert.match(run.stdout, /--min-level LEVEL/);
  });
});

test("a kit at the workspace root (kit: .) loads, and checking the folder skips only the kit's own files", async () => {
  const root = makeFolder({
    "onbrand.yaml": "kit: .\n",
    "brand.yaml": BRAND_YAML,
    "rules/Hype.yaml": "extends: existence\nmessage: \"Drop '%s'.\"\nignorecase: true\ntokens: [amazing]\n",
    "copy/post.md": "Amazing synergy.\n",
  });
  after(() => root.dispose());
  const run = await runCli(["check", ".", "--format", "line"], root.dir);
  assert.deepEqual(run, {
    code: 0,
    stdout: "copy/post.md:1:1:Acme.Hype:Drop 'Amazing'.\ncopy/post.md:1:9:Brand.Avoid:Say what it does instead of 'synergy'.\n",
    stderr: "",
  });
});

test("--use-case: structured assets are also checked against the use case's output rules; other inputs and unknown ids are errors", async () => {
  const folder = makeFolder({
    "onbrand.yaml": "kit: brand\n",
    "brand/brand.yaml": BRAND_YAML,
    "brand/usecases/ad.yaml": ["name: Ad", "asset_type: ad", "output:", "  fields:", "    - name: headline", "      max_words: 3", "    - name: body", "    - name: cta", "instructions: Write an ad."].join("\n"),
    "spring.json": JSON.stringify({ fields: { headline: "Synergy in a bag", body: "Oats that cure hunger." } }),
    "note.md": "Acme oats.\n",
  });
  try {
    const run = await runCli(["check", "spring.json", "--use-case", "ad", "--format", "json"], folder.dir);
    assert.equal(run.code, 1, run.stderr);
    const [file] = (JSON.parse(run.stdout) as { files: { findings: { rule: string; field: string; line: number; column: number; message: string }[] }[] }).files;
    assert.deepEqual(
      file?.findings.map((f) => [f.field, f.rule, f.line, f.column, f.message]),
      [
        ["headline", "Brand.Avoid", 1, 1, "Say what it does instead of 'Synergy'."],
        ["headline", "Output.Length", 1, 14, "headline is 4 words; the use case's limit is 3 words (cut 1)"],
        ["body", "Brand.Claims.medical", 1, 11, CLAIM],
        ["cta", "Output.Missing", 1, 1, "cta is missing; the use case requires it"],
      ],
    );
    const plain = await runCli(["check", "spring.json", "--format", "json"], folder.dir);
    assert.deepEqual(
      (JSON.parse(plain.stdout) as { files: { findings: { rule: string }[] }[] }).files[0]?.findings.map((f) => f.rule),
      ["Brand.Avoid", "Brand.Claims.medical"],
      "without --use-case, the kit's rules alone",
    );

    const text = await runCli(["check", "note.md", "--use-case", "ad"], folder.dir);
    assert.equal(text.code, 2);
    assert.match(text.stderr, /^note\.md: error: --use-case ad checks structured assets \(\.json, \.yaml\) with the use case's fields; this is markdown$/m);
    const unknown = await runCli(["check", "spring.json", "--use-case", "adz"], folder.dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no use case "adz"; did you mean "ad"\?/);
  } finally {
    folder.dispose();
  }
});
