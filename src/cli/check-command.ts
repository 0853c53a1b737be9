import { join } from "node:path";
import pc from "picocolors";
import { InputError, UsageError, withFix } from "../core/errors.ts";
import { LEVELS, type Level } from "../core/findings.ts";
import { type FileReport, type RunProblem, plainPaint } from "../format/file-report.ts";
import { FORMAT_NAMES, formatReports } from "../format/formats.ts";
import { collectInputs } from "../node/collect-inputs.ts";
import { DEFAULT_MAX_FILE_MB, readTextFile, readTextStream } from "../node/read-text-file.ts";
import { parse as parseYaml } from "yaml";
import type { Finding } from "../core/findings.ts";
import { detectFormat, type Format, FORMATS } from "../core/parse/asset.ts";
import { ServerError, serverClient, type StudioClient } from "./server-client.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, useColor } from "./cli-io.ts";
import { findUseCase } from "./brief-input.ts";
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
  --server URL           check against a studio's kit instead of the local one (or ONBRAND_SERVER);
                         the API token comes from ONBRAND_TOKEN
  --format FORMAT        stylish (default), line, json or sarif
  --min-level LEVEL      report findings at or above suggestion, warning or error (default: config min_level)
  --channel ID           channel of assets that name none (default: config channel)
  --use-case ID          also check structured assets (.json, .yaml) against this use case's output
                         rules (Output.*), as \`onbrand generate\` checks a model's answer
  --stdin-format FORMAT  text, markdown, html, json or yaml (default: sniffed from the content)
  --max-file-size MB     refuse larger files (default ${DEFAULT_MAX_FILE_MB})
  --color, --no-color    force colour on or off (default: on in a terminal unless NO_COLOR is set)
  -q, --quiet            print no warnings on stderr (kit warnings, skipped binary files)
  -h, --help             show this help

Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage, configuration or input errors.
`;

const OPTIONS = {
  config: { type: "string" },
  server: { type: "string" },
  format: { type: "string", short: "f" },
  "min-level": { type: "string" },
  channel: { type: "string" },
  "use-case": { type: "string" },
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

  const client = serverClient(values.server, io.env);
  if (client && values.config !== undefined) throw new UsageError("--config and --server do not go together: with --server the studio's kit applies");
  const useCase = values["use-case"];
  if (useCase !== undefined && useCase.trim() === "") throw new UsageError("--use-case needs the id of a use case, e.g. --use-case email; `onbrand prompt --list` lists them");
  const checker = client ? remoteChecker(client, io.cwd, useCase) : await localChecker(io, values.config, values.quiet === true, useCase);
  if (!checker) return EXIT_USAGE;

  const { inputs, problems } = collectInputs(positionals, { cwd: io.cwd, ...checker.scope });
  const report = (problem: RunProblem): void => {
    if (problem.level === "error" || !values.quiet) io.stderr.write(`${problem.path}: ${problem.level}: ${problem.message}\n`);
  };
  problems.forEach(report);

  const reports: FileReport[] = [];
  for (const input of inputs) {
    const read = input.kind === "stdin" ? await readTextStream(io.stdin, maxBytes) : readTextFile(input.absolute, maxBytes);
    let problem: RunProblem | null = null;
    if (!read.ok) problem = { path: input.path, level: read.level, message: read.message };
    else {
      // Without --stdin-format the engine detects the format: by extension, or by content for stdin.
      const assetFormat = input.kind === "stdin" ? stdinFormat : undefined;
      try {
        const result = await checker.check({ path: input.path, content: read.text, format: assetFormat }, { channel: values.channel, minLevel });
        reports.push({ path: input.path, findings: result.findings, score: result.score });
      } catch (error) {
        // One bad asset must not stop the run; a wrong --channel stops it, as it would fail every asset.
        if (error instanceof InputError && error.file === "--channel") throw new UsageError(withoutPrefix(error.message, "--channel: "));
        if (error instanceof ServerError) throw error;
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
    rules: checker.rules(reports),
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

type CheckInput = { path: string; content: string; format: Format | undefined };
type CheckResult = { findings: Finding[]; score: number };
type RuleInfo = { id: string; level: Level; description: string; link?: string | undefined };

/** Where the checking happens: the local kit, or a studio server's. */
interface Checker {
  /** How inputs are collected: the workspace's root, ignore globs and its own files to leave out. */
  scope: { root: string; ignore: readonly string[]; exclude: string[] };
  check(input: CheckInput, options: { channel: string | undefined; minLevel: Level | undefined }): Promise<CheckResult>;
  /** The rules SARIF describes. */
  rules(reports: readonly FileReport[]): RuleInfo[];
}

async function localChecker(io: CliIo, config: string | undefined, quiet: boolean, useCaseId: string | undefined): Promise<Checker | null> {
  // The library loads only for --use-case: a plain check stays as quick as the kit alone.
  const loaded = await loadWorkspace(io, config, { library: useCaseId !== undefined, quiet });
  if (!loaded) return null;
  const { kit, workspace } = loaded;
  const { root, layout } = workspace;
  const core = await import("../core/index.ts");
  const useCase = useCaseId === undefined || !loaded.library ? undefined : findUseCase(loaded.library, useCaseId);
  return {
    scope: {
      root,
      ignore: layout.ignore,
      // A kit at the workspace root (`kit: .`) excludes its own files, not the whole workspace.
      exclude: [...(layout.kit === "." ? ["brand.yaml", "brand.yml", "rules", "usecases"] : [layout.kit]), ...layout.styles]
        .map((path) => join(root, path))
        .concat(join(root, workspace.configFile)),
    },
    async check(input, options) {
      const channel = options.channel ?? kit.config.channel ?? null;
      const minLevel = options.minLevel ?? kit.config.min_level ?? "suggestion";
      if (useCase === undefined) return core.check(kit, input, { channel, minLevel });
      const asset = core.parseStructured(input.content.replace(/^\uFEFF/, ""), structuredFormat(input, useCase.id), input.path);
      // The asset's channel, else --channel, else the use case's default, as generate picks it.
      const { target, problems } = core.resolveTarget(kit, useCase, { channel: asset.channel ?? options.channel ?? null });
      if (!target) {
        const message = problems.map((p) => withFix(p.message, p.fix)).join("; ");
        throw new InputError(asset.channel === null && options.channel !== undefined ? "--channel" : input.path, message);
      }
      return core.checkOutput(kit, useCase, target, asset.fields, { locale: asset.locale, minLevel });
    },
    rules: () => kit.rules.map(({ meta }) => ({ id: meta.id, level: meta.level, description: meta.description, link: meta.link })),
  };
}

/**
 * Sends each input to the studio's POST /api/check: text as text (with its format), JSON and YAML
 * assets as parsed structured assets, so the findings are those a local check against the same kit
 * gives. A 400 (a malformed asset, an unknown channel) fails that input only.
 */
function remoteChecker(client: StudioClient, cwd: string, useCase: string | undefined): Checker {
  return {
    scope: { root: cwd, ignore: [], exclude: [] },
    async check(input, options) {
      const format = useCase === undefined ? (input.format ?? detectFormat(input.path, input.content)) : structuredFormat(input, useCase);
      let body: Record<string, unknown>;
      if (format === "json" || format === "yaml") {
        let asset: unknown;
        try {
          asset = parseYaml(input.content.replace(/^\uFEFF/, ""));
        } catch (error) {
          throw new InputError(input.path, `${input.path}: not valid ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`);
        }
        body = { asset };
      } else {
        body = { text: input.content, format };
      }
      if (options.channel !== undefined) body.channel = options.channel;
      if (options.minLevel !== undefined) body.min_level = options.minLevel;
      if (useCase !== undefined) body.useCase = useCase;
      try {
        return await client.request<CheckResult>("POST", "/api/check", body);
      } catch (error) {
        // The request's channel is --channel: wrong for one input, wrong for all.
        const channel = error instanceof ServerError ? error.details.find((d) => d.path === "channel") : undefined;
        if (channel) throw new InputError("--channel", `--channel: ${channel.message}`);
        if (error instanceof ServerError && error.status === 400) {
          throw new InputError(input.path, `${input.path}: ${error.details.map((d) => `${d.path}: ${d.message}`).join("; ") || error.message}`);
        }
        throw error;
      }
    },
    rules(reports) {
      const seen = new Map<string, RuleInfo>();
      for (const finding of reports.flatMap((r) => r.findings)) {
        if (!seen.has(finding.rule)) seen.set(finding.rule, { id: finding.rule, level: finding.level, description: finding.message });
      }
      return [...seen.values()];
    },
  };
}

/** JSON or YAML, which a use case's output rules can read; any other input is an error of its own. */
function structuredFormat(input: CheckInput, useCase: string): "json" | "yaml" {
  const format = input.format ?? detectFormat(input.path, input.content);
  if (format === "json" || format === "yaml") return format;
  const hint = input.path === "<stdin>" && input.format === undefined ? "; pass --stdin-format json or yaml" : "";
  throw new InputError(input.path, `--use-case ${useCase} checks structured assets (.json, .yaml) with the use case's fields; this is ${format}${hint}`);
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

