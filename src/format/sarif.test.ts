import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../core/findings.ts";
import { type FormatContext, plainPaint } from "./file-report.ts";
import { fileUri, formatSarif } from "./sarif.ts";

const context: FormatContext = {
  paint: plainPaint,
  rules: [
    { id: "Brand.Avoid", level: "error", description: "Words the brand avoids.", link: "https://example.com/rules/avoid" },
    { id: "Brand.Tone", level: "suggestion", description: "" },
  ],
  tool: { name: "onbrand", version: "1.2.3", informationUri: "https://example.com/onbrand" },
  problems: [{ path: "logo.png", level: "warning", message: "binary file skipped" }],
};

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
  suggestions: [],
};

type Json = Record<string, unknown>;

function obj(value: unknown, where: string): Json {
  assert.ok(typeof value === "object" && value !== null && !Array.isArray(value), `${where} must be an object`);
  return value as Json;
}

function arr(value: unknown, where: string): unknown[] {
  assert.ok(Array.isArray(value), `${where} must be an array`);
  return value;
}

function positiveInt(value: unknown, where: string): void {
  assert.ok(Number.isInteger(value) && (value as number) >= 1, `${where} must be an integer >= 1`);
}

/**
 * The properties SARIF 2.1.0 requires (sarifLog, run, tool, toolComponent, reportingDescriptor,
 * result, message, location parts, invocation, notification) and the value sets onbrand uses.
 */
function assertValidSarif(log: unknown): void {
  const root = obj(log, "log");
  assert.equal(root.version, "2.1.0");
  assert.equal(typeof root.$schema, "string");
  for (const [r, runValue] of arr(root.runs, "runs").entries()) {
    const run = obj(runValue, `runs[${r}]`);
    const driver = obj(obj(run.tool, "tool").driver, "tool.driver");
    assert.equal(typeof driver.name, "string");
    const rules = arr(driver.rules ?? [], "driver.rules");
    for (const [i, ruleValue] of rules.entries()) {
      const rule = obj(ruleValue, `rules[${i}]`);
      assert.equal(typeof rule.id, "string");
      if (rule.shortDescription !== undefined) assert.equal(typeof obj(rule.shortDescription, "shortDescription").text, "string");
      if (rule.helpUri !== undefined) assert.doesNotThrow(() => new URL(String(rule.helpUri)));
      const level = obj(rule.defaultConfiguration, "defaultConfiguration").level;
      assert.ok(["error", "warning", "note", "none"].includes(String(level)));
    }
    for (const [i, resultValue] of arr(run.results, "results").entries()) {
      const result = obj(resultValue, `results[${i}]`);
      assert.equal(typeof obj(result.message, "message").text, "string");
      assert.ok(["error", "warning", "note", "none"].includes(String(result.level)));
      const index = result.ruleIndex as number;
      assert.equal(obj(rules[index], `rules[${index}]`).id, result.ruleId, "ruleIndex points at the rule");
      for (const locationValue of arr(result.locations, "locations")) {
        const physical = obj(obj(locationValue, "location").physicalLocation, "physicalLocation");
        assert.equal(typeof obj(physical.artifactLocation, "artifactLocation").uri, "string");
        if (physical.region !== undefined) {
          const region = obj(physical.region, "region");
          for (const key of ["startLine", "startColumn", "endLine", "endColumn"]) positiveInt(region[key], key);
        }
      }
    }
    for (const invocationValue of arr(run.invocations ?? [], "invocations")) {
      const invocation = obj(invocationValue, "invocation");
      assert.equal(typeof invocation.executionSuccessful, "boolean");
      for (const n of arr(invocation.toolExecutionNotifications ?? [], "notifications")) {
        assert.equal(typeof obj(obj(n, "notification").message, "message").text, "string");
      }
    }
  }
}

test("a finding becomes a result with a code-point region and the kit's rules are listed", () => {
  const text = formatSarif(
    [
      { path: "docs/launch notes.md", score: 90, findings: [avoid, { ...avoid, rule: "Brand.Tone", level: "suggestion", line: 4, endLine: 4 }] },
      { path: "clean.md", score: 100, findings: [] },
    ],
    context,
  );
  const log = JSON.parse(text) as unknown;
  assertValidSarif(log);
  assert.ok(text.endsWith("}\n"));
  assert.deepEqual(log, {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "onbrand",
            version: "1.2.3",
            informationUri: "https://example.com/onbrand",
            rules: [
              {
                id: "Brand.Avoid",
                shortDescription: { text: "Words the brand avoids." },
                defaultConfiguration: { level: "error" },
                helpUri: "https://example.com/rules/avoid",
              },
              { id: "Brand.Tone", shortDescription: { text: "Brand.Tone" }, defaultConfiguration: { level: "note" } },
            ],
          },
        },
        columnKind: "unicodeCodePoints",
        results: [
          {
            ruleId: "Brand.Avoid",
            ruleIndex: 0,
            level: "error",
            message: { text: 'Avoid "synergy".' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: "docs/launch%20notes.md" },
                  region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 12, snippet: { text: "synergy" } },
                },
              },
            ],
          },
          {
            ruleId: "Brand.Tone",
            ruleIndex: 1,
            level: "note",
            message: { text: 'Avoid "synergy".' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: "docs/launch%20notes.md" },
                  region: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 12, snippet: { text: "synergy" } },
                },
              },
            ],
          },
        ],
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              {
                level: "warning",
                message: { text: "binary file skipped" },
                locations: [{ physicalLocation: { artifactLocation: { uri: "logo.png" } } }],
              },
            ],
          },
        ],
      },
    ],
  });
});

test("a field finding names the field and keeps its field-relative position out of the region", () => {
  const log = JSON.parse(
    formatSarif([{ path: "ads/spring.json", score: 90, findings: [{ ...avoid, field: "headline", line: 1, endLine: 1 }] }], context),
  ) as { runs: { results: unknown[] }[] };
  assertValidSarif(log);
  assert.deepEqual(log.runs[0]?.results[0], {
    ruleId: "Brand.Avoid",
    ruleIndex: 0,
    level: "error",
    message: { text: '[headline] Avoid "synergy".' },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: "ads/spring.json" } },
        logicalLocations: [{ name: "headline", kind: "member" }],
      },
    ],
    properties: { field: "headline", fieldRegion: { startLine: 1, startColumn: 5, endLine: 1, endColumn: 12 } },
  });
});

test("a finding from a rule the kit did not list gets a rule entry", () => {
  const log = JSON.parse(
    formatSarif([{ path: "a.md", score: 90, findings: [{ ...avoid, rule: "Engine.Internal", level: "warning" }] }], {
      ...context,
      rules: [],
      problems: [],
    }),
  ) as { runs: { tool: { driver: { rules: unknown[] } }; results: { ruleIndex: number }[] }[] };
  assertValidSarif(log);
  assert.deepEqual(log.runs[0]?.tool.driver.rules, [
    { id: "Engine.Internal", shortDescription: { text: "Engine.Internal" }, defaultConfiguration: { level: "warning" } },
  ]);
  assert.equal(log.runs[0]?.results[0]?.ruleIndex, 0);
});

test("the validator rejects a result without a message", () => {
  const log = JSON.parse(formatSarif([{ path: "a.md", score: 90, findings: [avoid] }], context)) as {
    runs: { results: Json[] }[];
  };
  delete log.runs[0]?.results[0]?.message;
  assert.throws(() => assertValidSarif(log));
});

test("file URIs encode each segment and keep the separators", () => {
  assert.equal(fileUri("../docs/a b#1.md"), "../docs/a%20b%231.md");
  assert.equal(fileUri("<stdin>"), "%3Cstdin%3E");
});
