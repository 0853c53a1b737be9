import { join } from "node:path";
import pc from "picocolors";
import { InputError, UsageError } from "../core/errors.ts";
import { LEVELS, type Level } from "../core/findings.ts";
import { type FileReport, type RunProblem, plainPaint } from "../format/file-report.ts";
import { FORMAT_NAMES, formatReports } from "../format/formats.ts";
import { collectInputs } from "../node/collect-inputs.ts";
import { DEFAULT_MAX_FILE_MB, readTextFile, readTextStream } from "../node/read-text-file.ts";
import { FORMATS } from "../core/parse/asset.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, useColor } from "./cli-io.ts";
import { loadWorkspace } from "./load-workspace.ts";
import { packageInfo } from "./package-info.ts";
import { oneOf, parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand check [options] <file | folder | glob | ->...

Checks copy against the brand kit of the nearest onbrand.yaml (this folder or a parent).

Inputs
  file                   checked whatever its extension (.md .html .json .yaml ... pick the format; others are text)
  folder                 every .md .markdown .mdx .html .htm .txt .json .yaml .yml file under it, except
                         node_modules, dot folders, the kit and styles folders and the config's ignore globs
  glob                   e.g. "docs/**/*.md" (quote it so the shell leaves it alone)
  -                      read stdin (reported as <stdin>)

Options
  --config FILE          use this onbrand.yaml instead of looking for one
  --format FORMAT        stylish (default), line, json or sarif
  --min-level LEVEL      report findings at or above suggestion, warning or error (default: config min_level)
  --channel ID           channel of assets that name none (default: config channel)
  --stdin-format FORMAT  text, markdown, html, json or yaml (default: sniffed from the content)
  --max-file-size MB     refuse larger files (default ${DEFAULT_MAX_FILE_MB})
  --color, --no-color    force colour on or off (default: on in a terminal unless NO_COLOR is set)
  -q, --quiet            print no warnings on stderr (kit warnings, skipped binary files)
  -h, --help             show this help

Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage, configuration or input errors.
`;

const OPTIONS = {
  config: { type: "string" },
  format: { type: "string", short: "f" },
  "min-level": { type: "string" },
  channel: { type: "string" },
  "stdin-format": { type: "string" },
  "max-file-size": { type: "string" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/** `onbrand check`: see `usage` and docs/cli.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("check", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const format = oneOf("--format", values.format ?? "stylish", FORMAT_NAMES);
  const minLevel: Level | undefined =
    values["min-level"] === undefined ? undefined : oneOf("--min-level", values["min-level"], LEVELS);
  const stdinFormat =
    values["stdin-format"] === undefined ? undefined : oneOf("--stdin-format", values["stdin-format"], FORMATS);
  const maxBytes = maxFileBytes(values["max-file-size"]);
  if (positionals.length === 0) {
    throw new UsageError("nothing to check: name files, folders or globs, or - for stdin; run `onbrand check --help`");
  }

  const loaded = await loadWorkspace(io, values.config, { library: false, quiet: values.quiet === true });
  if (!loaded) return EXIT_USAGE;
  const { kit, workspace } = loaded;
  const root = workspace.root;
  const configPath = join(root, workspace.configFile);
  const core = await import("../core/index.ts");

  const { layout } = workspace;
  const { inputs, problems } = collectInputs(positionals, {
    cwd: io.cwd,
    root,
    ignore: layout.ignore,
    // A kit at the workspace root (`kit: .`) excludes its own files, not the whole workspace.
    exclude: [...(layout.kit === "." ? ["brand.yaml", "brand.yml", "rules", "usecases"] : [layout.kit]), ...layout.styles]
      .map((path) => join(root, path))
      .concat(configPath),
  });
  const report = (problem: RunProblem): void => {
    if (problem.level === "error" || !values.quiet) io.stderr.write(`${problem.path}: ${problem.level}: ${problem.message}\n`);
  };
  problems.forEach(report);

  const checkOptions = {
    channel: values.channel ?? kit.config.channel ?? null,
    minLevel: minLevel ?? kit.config.min_level ?? "suggestion",
  };
  const reports: FileReport[] = [];
  for (const input of inputs) {
    const read = input.kind === "stdin" ? await readTextStream(io.stdin, maxBytes) : readTextFile(input.absolute, maxBytes);
    let problem: RunProblem | null = null;
    if (!read.ok) problem = { path: input.path, level: read.level, message: read.message };
    else {
      // Without --stdin-format the engine detects the format: by extension, or by content for stdin.
      const assetFormat = input.kind === "stdin" ? stdinFormat : undefined;
      try {
        const result = core.check(kit, { path: input.path, content: read.text, format: assetFormat }, checkOptions);
        reports.push({ path: input.path, findings: result.findings, score: result.score });
      } catch (error) {
        // One bad asset must not stop the run; a wrong --channel stops it, as it would fail every asset.
        if (error instanceof InputError && error.file === "--channel") throw new UsageError(withoutPrefix(error.message, "--channel: "));
        const message = error instanceof Error ? error.message : String(error);
        problem = {
          path: input.path,
          level: "error",
          message:
            error instanceof InputError
              ? withoutPrefix(message, `${input.path}: `)
              : `internal error while checking this file, please report it: ${message}`,
        };
      }
    }
    if (problem) {
      problems.push(problem);
      report(problem);
    }
  }

  const info = packageInfo();
  const output = formatReports(format, reports, {
    paint: useColor(values, io) ? pc.createColors(true) : plainPaint,
    rules: kit.rules.map(({ meta }) => ({ id: meta.id, level: meta.level, description: meta.description, link: meta.link })),
    tool: { name: "onbrand", version: info.version, informationUri: info.homepage },
    problems,
  });
  if (output !== "") io.stdout.write(output);

  if (reports.length === 0) {
    if (problems.length === 0) {
      io.stderr.write(`onbrand: error: no files to check in ${positionals.join(" ")}; see \`onbrand check --help\` for what folders include\n`);
    }
    return EXIT_USAGE;
  }
  return reports.some((r) => r.findings.some((f) => f.level === "error")) ? EXIT_FINDINGS : EXIT_OK;
}

function maxFileBytes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_MB * 1024 * 1024;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`--max-file-size must be a number of megabytes above 0 (got "${value}")`);
  return Math.floor(mb * 1024 * 1024);
}


function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

