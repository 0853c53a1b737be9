import { KitError, OnbrandError, formatDiagnostic } from "../core/errors.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE, processIo } from "./cli-io.ts";
import { packageInfo } from "./package-info.ts";

interface Command {
  usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

// Each command is imported only when it runs, so `onbrand --version` and `--help` stay instant.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  check: { summary: "check files, folders, globs or stdin against the brand kit", load: () => import("./check-command.ts") },
  init: { summary: "create onbrand.yaml and a starter brand kit", load: () => import("./init-command.ts") },
  prompt: { summary: "compile the kit and a use case into a paste-ready prompt", load: () => import("./prompt-command.ts") },
  schema: { summary: "print the JSON Schema of brand.yaml or onbrand.yaml", load: () => import("./schema-command.ts") },
  test: { summary: "run the use-case library and the kit's examples as tests", load: () => import("./test-command.ts") },
  generate: { summary: "write on-brand variants of a use case with a model, checked and repaired", load: () => import("./generate-command.ts") },
  import: { summary: "load a workspace folder into the studio's store as new versions", load: () => import("./import-command.ts") },
  export: { summary: "write a workspace of the studio's store back as a workspace folder", load: () => import("./export-command.ts") },
  user: { summary: "add a person to the studio (the first admin, say), with a password or a setup link", load: () => import("./user-command.ts") },
  token: { summary: "create an API token for the CLI's --server and CI, shown once", load: () => import("./token-command.ts") },
  serve: { summary: "start Onbrand Studio's server (the API) with a worker for background jobs", load: () => import("./serve-command.ts") },
  worker: { summary: "run the studio's background jobs (generation runs) from PostgreSQL", load: () => import("./worker-command.ts") },
};

export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return (
    "onbrand: brand guardrails as code. Checks marketing copy against your brand kit.\n\n" +
    "Usage: onbrand <command> [options]\n\nCommands\n" +
    Object.entries(COMMANDS)
      .map(([name, c]) => `  ${name.padEnd(width)}   ${c.summary}\n`)
      .join("") +
    "\nOptions\n" +
    "  -h, --help      show this help; `onbrand <command> --help` shows a command's options\n" +
    "  -v, --version   print the version\n"
  );
}

/**
 * Runs the `onbrand` command line and resolves to the exit code (0 clean, 1 error-level findings,
 * 2 usage, configuration or input errors). Never rejects: every error is printed to stderr.
 *
 * @example process.exitCode = await main(["check", "docs", "--format", "json"]);
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr.write(mainUsage());
      return EXIT_USAGE;
    }
    if (first === "--help" || first === "-h") {
      io.stdout.write(mainUsage());
      return EXIT_OK;
    }
    if (first === "--version" || first === "-v") {
      io.stdout.write(`${packageInfo().version}\n`);
      return EXIT_OK;
    }
    if (first === "help") {
      const topic = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
      io.stdout.write(topic ? (await topic.load()).usage : mainUsage());
      return EXIT_OK;
    }
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command) {
      const what = first.startsWith("-") ? `unknown option ${first}` : `unknown command "${first}"`;
      io.stderr.write(`onbrand: error: ${what}; run \`onbrand --help\` for the commands\n`);
      return EXIT_USAGE;
    }
    return await (await command.load()).run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof KitError) {
    for (const d of error.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  } else if (error instanceof OnbrandError) {
    io.stderr.write(`onbrand: error: ${error.message}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`onbrand: internal error, please report it:\n${detail}\n`);
  }
  return EXIT_USAGE;
}
