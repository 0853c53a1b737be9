import { resolve } from "node:path";
import { UsageError } from "../core/errors.ts";
import { displayPath } from "../node/collect-inputs.ts";
import { type CliIo, EXIT_OK } from "./cli-io.ts";
import { openLocalStore } from "./local-store.ts";
import { localWorkspace } from "./local-workspace.ts";
import { parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand export DIR [--workspace NAME] [--force]

Writes a workspace of the studio's store back as a workspace folder: onbrand.yaml, the current kit
version's files and each use case's current version at brand/usecases/<id>.yaml, byte for byte as
they were imported or saved. The store is PostgreSQL when DATABASE_URL is set, else .onbrand/data
next to the nearest onbrand.yaml (or in this folder). See docs/import-export.md.

Options
  --workspace NAME   the workspace to export; needed when the store has several
  --force            write into a folder that is not empty, overwriting the files the export
                     writes (no file is ever deleted)
  -h, --help         show this help

Exit codes: 0 written, 2 usage errors (a folder that is not empty, no such workspace).
`;

const OPTIONS = {
  workspace: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `onbrand export`: see `usage` and docs/import-export.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("export", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`export takes one folder to write (got ${positionals.length}); run \`onbrand export --help\``);
  const dir = resolve(io.cwd, positionals[0] ?? ".");

  const { exportWorkspaceFolder, refuseNonEmptyFolder } = await import("../studio/workspace-folder.ts");
  // Checked again by the export; here so that a folder in the way answers before the store opens.
  if (!values.force) refuseNonEmptyFolder(dir);
  const store = await openLocalStore(io);
  let summary;
  try {
    const workspace = await localWorkspace(store, values.workspace);
    summary = await exportWorkspaceFolder(store, workspace.id, dir, { force: values.force === true });
  } finally {
    await store.close();
  }
  const where = displayPath(dir, io.cwd);
  const useCases = summary.useCases.length;
  io.stdout.write(
    `Exported workspace "${summary.workspace.name}" (kit ${summary.kit.version}, ${useCases} use case${useCases === 1 ? "" : "s"}) to ${where}: ${summary.files.length} file${summary.files.length === 1 ? "" : "s"}\n`,
  );
  for (const file of summary.files) io.stdout.write(`  ${file}\n`);
  return EXIT_OK;
}
