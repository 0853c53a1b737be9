import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Diagnostic, formatDiagnostic, KitError, UsageError } from "../core/errors.ts";
import type { Kit } from "../core/engine/load-kit.ts";
import type { Library } from "../core/library/library.ts";
import { displayPath } from "../node/collect-inputs.ts";
import { findConfig } from "../node/find-config.ts";
import { readWorkspace, type Workspace } from "../node/workspace.ts";
import type { CliIo } from "./cli-io.ts";

export interface LoadedWorkspace {
  workspace: Workspace;
  kit: Kit;
  /** Present when asked for with `library: true`. */
  library: Library | null;
  /** Prints a diagnostic with its file relative to the current folder. */
  printDiagnostic(d: Diagnostic): void;
}

/**
 * Finds onbrand.yaml (`--config`, else this folder or a parent), reads the workspace and loads the
 * kit and, when asked, the use-case library. Kit and library problems are printed as
 * file:line:column diagnostics (warnings unless `quiet`); on an error it returns null, and the
 * command exits 2. A missing config is a UsageError.
 *
 * @example
 * const loaded = await loadWorkspace(io, values.config, { library: true, quiet: false });
 * if (!loaded) return EXIT_USAGE;
 */
export async function loadWorkspace(
  io: CliIo,
  configOption: string | undefined,
  options: { library: boolean; quiet: boolean },
): Promise<LoadedWorkspace | null> {
  const configPath = configOption === undefined ? findConfig(io.cwd) : resolve(io.cwd, configOption);
  if (configPath === null) {
    throw new UsageError(`no onbrand.yaml found in ${io.cwd} or any parent; run \`onbrand init\` or pass --config`);
  }
  if (!isFile(configPath)) throw new UsageError(`--config ${configOption}: no such file`);
  const root = resolve(configPath, "..");
  const printDiagnostic = (d: Diagnostic): void => {
    io.stderr.write(`${formatDiagnostic({ ...d, file: placeInCwd(d.file, root, io.cwd) })}\n`);
  };
  // Loaded here, not at the top: `--help` and usage errors should not pay for the engine.
  const core = await import("../core/index.ts");
  try {
    const workspace = readWorkspace(configPath);
    const { kit, warnings } = core.loadKit(workspace.files, { configFile: workspace.configFile });
    const loaded = options.library ? core.loadLibrary(kit, workspace.files) : null;
    if (!options.quiet) for (const d of [...warnings, ...(loaded?.warnings ?? [])]) printDiagnostic(d);
    return { workspace, kit, library: loaded?.library ?? null, printDiagnostic };
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    for (const d of error.diagnostics) if (d.level === "error" || !options.quiet) printDiagnostic(d);
    return null;
  }
}

// Diagnostics name workspace paths; shown from the working folder they open in an editor on click.
function placeInCwd(file: string, root: string, cwd: string): string {
  const absolute = join(root, file);
  return isFile(absolute) ? displayPath(absolute, cwd) : file;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
