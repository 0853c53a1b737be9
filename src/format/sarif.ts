import type { Finding, Level } from "../core/findings.ts";
import type { FileReport, FormatContext, RuleInfo } from "./file-report.ts";

/** The subset of SARIF 2.1.0 onbrand writes (https://docs.oasis-open.org/sarif/sarif/v2.1.0/). */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      informationUri?: string;
      rules: SarifRule[];
    };
  };
  columnKind: "unicodeCodePoints";
  results: SarifResult[];
  invocations: {
    executionSuccessful: boolean;
    toolExecutionNotifications: SarifNotification[];
  }[];
}

export type SarifLevel = "error" | "warning" | "note";

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  snippet: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string }; region?: SarifRegion };
    logicalLocations?: { name: string; kind: "member" }[];
  }[];
  /** For a structured asset's finding: the field and the position inside the field's text. */
  properties?: { field: string; fieldRegion: Omit<SarifRegion, "snippet"> };
}

export interface SarifNotification {
  level: "error" | "warning";
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * SARIF 2.1.0 for code scanning. Columns count Unicode code points (`columnKind`), end columns are
 * exclusive, as in SARIF. A finding in a structured asset's field has a position inside the
 * field's text, not inside the file, so it carries no region (a viewer would highlight the wrong
 * line): it names the field as a logical location and in the message, and keeps the field-relative
 * position under `properties`. Files that could not be checked become tool execution notifications.
 */
export function formatSarif(reports: readonly FileReport[], context: FormatContext): string {
  return `${JSON.stringify(toSarif(reports, context), null, 2)}\n`;
}

export function toSarif(reports: readonly FileReport[], context: FormatContext): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (info: RuleInfo): number => {
    const known = ruleIndex.get(info.id);
    if (known !== undefined) return known;
    const rule: SarifRule = {
      id: info.id,
      shortDescription: { text: info.description.trim() || info.id },
      defaultConfiguration: { level: sarifLevel(info.level) },
    };
    if (info.link) rule.helpUri = info.link;
    rules.push(rule);
    ruleIndex.set(info.id, rules.length - 1);
    return rules.length - 1;
  };
  for (const info of context.rules) addRule(info);

  const results: SarifResult[] = [];
  for (const report of reports) {
    const uri = fileUri(report.path);
    for (const f of report.findings) {
      // A finding from a rule the kit did not list (engine-internal) still needs a rule entry.
      const index = addRule({ id: f.rule, level: f.level, description: f.rule });
      results.push(toResult(f, index, uri));
    }
  }

  const driver: SarifRun["tool"]["driver"] = { name: context.tool.name, version: context.tool.version, rules };
  if (context.tool.informationUri) driver.informationUri = context.tool.informationUri;
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver },
        columnKind: "unicodeCodePoints",
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: context.problems.map((p) => ({
              level: p.level,
              message: { text: p.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(p.path) } } }],
            })),
          },
        ],
      },
    ],
  };
}

function toResult(f: Finding, ruleIndex: number, uri: string): SarifResult {
  const region = {
    startLine: f.line,
    startColumn: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
  };
  const base = { ruleId: f.rule, ruleIndex, level: sarifLevel(f.level) };
  if (f.field === null) {
    return {
      ...base,
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region: { ...region, snippet: { text: f.match } } } }],
    };
  }
  return {
    ...base,
    message: { text: `[${f.field}] ${f.message}` },
    locations: [{ physicalLocation: { artifactLocation: { uri } }, logicalLocations: [{ name: f.field, kind: "member" }] }],
    properties: { field: f.field, fieldRegion: region },
  };
}

export function sarifLevel(level: Level): SarifLevel {
  return level === "suggestion" ? "note" : level;
}

/** A relative URI reference for a `/`-separated path: each segment percent-encoded. */
export function fileUri(path: string): string {
  return path
    .split("/")
    .map((segment) => (segment === "." || segment === ".." ? segment : encodeURIComponent(segment)))
    .join("/");
}
