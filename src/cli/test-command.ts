import { join } from "node:path";
import pc from "picocolors";
import { UsageError } from "../core/errors.ts";
import { plainPaint } from "../format/file-report.ts";
import { displayPath } from "../node/collect-inputs.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, useColor } from "./cli-io.ts";
import { loadWorkspace } from "./load-workspace.ts";
import { oneOf, parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand test [options]

Runs the use-case library and the brand kit's examples as tests: compliant kit examples must
raise no error, non-compliant ones the rules they expect; every use case example must pass and
every use case test must find what it expects. Then lints the scaffolds (owners, tests, limits,
prompt size) and prints warnings. See docs/testing.md.

Options
  --config FILE          use this onbrand.yaml instead of looking for one
  -f, --format FORMAT    text (default), junit or json
  --use-case ID          run only this use case (repeatable); the kit's examples are skipped
  --max-warnings N       exit 1 when there are more than N warnings (default: no limit)
  --color, --no-color    force colour on or off (default: on in a terminal unless NO_COLOR is set)
  -h, --help             show this help

Exit codes: 0 every test passed, 1 a test failed (or more warnings than --max-warnings),
2 usage, kit or library errors.
`;

const OPTIONS = {
  config: { type: "string" },
  format: { type: "string", short: "f" },
  "use-case": { type: "string", multiple: true },
  "max-warnings": { type: "string" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const FORMATS = ["text", "junit", "json"] as const;

/** `onbrand test`: see `usage` and docs/cli.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("test", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const format = oneOf("--format", values.format ?? "text", FORMATS);
  const maxWarnings = parseMaxWarnings(values["max-warnings"]);
  if (positionals.length > 0) {
    throw new UsageError(`test takes no file arguments (got ${positionals.join(" ")}); use --use-case ID to run one use case`);
  }

  const started = performance.now();
  const loaded = await loadWorkspace(io, values.config, { library: true, quiet: false });
  if (!loaded?.library) return EXIT_USAGE;
  const { kit, library, workspace } = loaded;
  // Loaded here, not at the top: `--help` and usage errors should not pay for the engine or the tokenizer.
  const [{ runLibraryTests }, { countTokens }, junit, report] = await Promise.all([
    import("../core/library/library-tests.ts"),
    import("../tokenizer/count-tokens.ts"),
    import("../format/junit.ts"),
    import("../format/test-report.ts"),
  ]);

  const result = runLibraryTests(kit, library, {
    countTokens,
    ...(values["use-case"] ? { useCases: values["use-case"] } : {}),
  });
  // Workspace paths shown from the working folder, so a terminal or a CI annotation opens them.
  const shown = (file: string): string => displayPath(join(workspace.root, file), io.cwd);
  const run = {
    cases: result.cases.map((c) => ({ ...c, file: shown(c.file) })),
    warnings: result.warnings.map((w) => ({ ...w, file: shown(w.file) })),
  };
  const duration = performance.now() - started;

  if (format === "text") io.stdout.write(report.formatTestText(run, duration, useColor(values, io) ? pc.createColors(true) : plainPaint));
  else {
    io.stdout.write(format === "junit" ? junit.formatJunit(run) : report.formatTestJson(run, duration));
    io.stderr.write(report.summaryLine(run, duration));
  }

  if (run.cases.some((c) => c.status === "fail")) return EXIT_FINDINGS;
  if (maxWarnings !== null && run.warnings.length > maxWarnings) {
    io.stderr.write(`onbrand: ${run.warnings.length} warnings, more than --max-warnings ${maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function parseMaxWarnings(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--max-warnings must be a whole number of 0 or more (got "${value}")`);
  return Number(value.trim());
}
