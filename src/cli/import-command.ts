import { join, resolve } from "node:path";
import { type Diagnostic, formatDiagnostic, KitError, UsageError } from "../core/errors.ts";
import { displayPath } from "../node/collect-inputs.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { openLocalStore } from "./local-store.ts";
import { parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand import DIR [--workspace NAME]

Loads a workspace folder into the studio's store: onbrand.yaml, the kit and style folders become a
kit version, each brand/usecases/<id>.yaml a version of its use case, and use cases the folder no
longer has leave the library (their versions are kept). Unchanged files create nothing, so
importing the same folder again changes nothing. The workspace and its brand are created when the
store has none. The store is PostgreSQL when DATABASE_URL is set, else .onbrand/data next to the
nearest onbrand.yaml (or in this folder). See docs/import-export.md.

Options
  --workspace NAME   the workspace to import into (created when none has the name); needed
                     when the store has several
  -h, --help         show this help

Exit codes: 0 imported (or nothing to change), 2 usage errors, or a folder, kit or library with
errors (each printed as file:line:column; nothing is saved).
`;

const OPTIONS = {
  workspace: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `onbrand import`: see `usage` and docs/import-export.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("import", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`import takes one workspace folder (got ${positionals.length}); run \`onbrand import --help\``);
  if (values.workspace !== undefined && values.workspace.trim() === "") throw new UsageError("--workspace needs a name");
  const dir = resolve(io.cwd, positionals[0] ?? ".");
  const where = displayPath(dir, io.cwd);
  const printDiagnostic = (d: Diagnostic): void => {
    io.stderr.write(`${formatDiagnostic({ ...d, file: displayPath(join(dir, d.file), io.cwd) })}\n`);
  };

  const { importWorkspaceFolder, readWorkspaceFolder } = await import("../studio/workspace-folder.ts");
  // Read and validated before the store opens: a typo or a broken kit answers at once.
  let folder;
  try {
    folder = readWorkspaceFolder(dir);
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    for (const d of error.diagnostics) printDiagnostic(d);
    const errors = error.diagnostics.filter((d) => d.level === "error").length;
    io.stderr.write(`onbrand: ${where} has ${errors} error${errors === 1 ? "" : "s"}; nothing was imported\n`);
    return EXIT_USAGE;
  }
  const store = await openLocalStore(io);
  let summary;
  try {
    summary = await importWorkspaceFolder(store, folder, values.workspace === undefined ? {} : { workspaceName: values.workspace }, null);
  } finally {
    await store.close();
  }
  for (const d of summary.warnings) printDiagnostic(d);

  const created = [summary.workspace.created ? "new workspace" : "", summary.brand.created ? `new brand "${summary.brand.name}"` : ""].filter(Boolean);
  io.stdout.write(`Imported ${where} into workspace "${summary.workspace.name}"${created.length > 0 ? ` (${created.join(", ")})` : ""}\n`);
  const lines: [string, string, string][] = [["kit", summary.kit.version, summary.kit.status]];
  for (const u of summary.useCases) if (u.status !== "unchanged") lines.push([u.id, u.version ?? "", u.status]);
  const width = Math.max(...lines.map(([name]) => name.length));
  for (const [name, version, status] of lines) io.stdout.write(`  ${name.padEnd(width)}  ${version.padEnd(16)}  ${status}\n`);
  const counts = new Map<string, number>();
  for (const u of summary.useCases) counts.set(u.status, (counts.get(u.status) ?? 0) + 1);
  const total = summary.useCases.filter((u) => u.status !== "removed").length;
  const parts = ["added", "updated", "restored", "removed", "unchanged"].flatMap((s) => (counts.get(s) ? [`${counts.get(s)} ${s}`] : []));
  io.stdout.write(`${total} use case${total === 1 ? "" : "s"}${parts.length > 0 ? `: ${parts.join(", ")}` : ""}${summary.changed ? "" : "; nothing changed"}\n`);
  return EXIT_OK;
}
