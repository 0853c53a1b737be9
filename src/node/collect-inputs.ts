import { statSync } from "node:fs";
import { isAbsolute, matchesGlob, relative, resolve } from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";
import type { RunProblem } from "../format/file-report.ts";
import { toPosix } from "./workspace.ts";

/** Extensions a folder or a glob picks up. A file named on the command line is checked whatever its extension. */
export const CHECKED_EXTENSIONS = ["md", "markdown", "mdx", "html", "htm", "txt", "json", "yaml", "yml"] as const;

const SKIPPED_FOLDERS = ["**/node_modules/**", "**/.git/**"];

export type Input =
  | { kind: "file"; /** as shown to the user: relative to the working folder, `/`-separated */ path: string; absolute: string }
  | { kind: "stdin"; path: "<stdin>" };

export interface CollectOptions {
  cwd: string;
  /** The workspace folder (where onbrand.yaml is); `ignore` globs are relative to it. */
  root: string;
  /** Workspace-relative globs of files folders and globs skip. */
  ignore: readonly string[];
  /** Absolute paths of folders and files that folders and globs skip: the kit, the styles, the config. */
  exclude: readonly string[];
}

export interface CollectedInputs {
  inputs: Input[];
  problems: RunProblem[];
}

/**
 * Turns command-line arguments into the files to check, in argument order, each once: `-` is
 * stdin, an existing file is itself, a folder is every checked-extension file under it (no dot
 * folders, no `node_modules`, symbolic links not followed), anything else with glob characters is
 * a glob (tinyglobby syntax) relative to the working folder. Folders and globs skip the kit, the
 * styles folders, the config file and the config's `ignore` globs. An argument that names nothing
 * is a problem, not an exception.
 */
export function collectInputs(args: readonly string[], options: CollectOptions): CollectedInputs {
  const inputs: Input[] = [];
  const problems: RunProblem[] = [];
  const seen = new Set<string>();
  const add = (absolute: string): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    inputs.push({ kind: "file", path: displayPath(absolute, options.cwd), absolute });
  };
  const addWalked = (absolutes: string[]): void => {
    for (const absolute of absolutes.sort()) if (!isSkipped(absolute, options)) add(absolute);
  };

  for (const arg of args) {
    if (arg === "-") {
      if (!seen.has("-")) inputs.push({ kind: "stdin", path: "<stdin>" });
      seen.add("-");
      continue;
    }
    const absolute = resolve(options.cwd, arg);
    const kind = pathKind(absolute);
    if (kind === "file") add(absolute);
    else if (kind === "folder") {
      const found = globSync(`**/*.{${CHECKED_EXTENSIONS.join(",")}}`, {
        cwd: absolute,
        absolute: true,
        dot: false,
        followSymbolicLinks: false,
        caseSensitiveMatch: false,
        expandDirectories: false,
        ignore: SKIPPED_FOLDERS,
      });
      addWalked(found);
    } else if (isDynamicPattern(arg)) {
      const found = globSync(arg, {
        cwd: options.cwd,
        absolute: true,
        dot: false,
        expandDirectories: false,
        ignore: SKIPPED_FOLDERS,
      }).filter(hasCheckedExtension);
      if (found.length === 0) {
        problems.push({ path: arg, level: "error", message: `no files match this glob (extensions checked: ${CHECKED_EXTENSIONS.join(", ")})` });
      }
      addWalked(found);
    } else {
      problems.push({ path: arg, level: "error", message: "no such file or directory" });
    }
  }
  return { inputs, problems };
}

function pathKind(path: string): "file" | "folder" | "none" {
  try {
    return statSync(path).isDirectory() ? "folder" : "file";
  } catch {
    return "none";
  }
}

function hasCheckedExtension(path: string): boolean {
  const dot = path.lastIndexOf(".");
  return dot !== -1 && (CHECKED_EXTENSIONS as readonly string[]).includes(path.slice(dot + 1).toLowerCase());
}

function isSkipped(absolute: string, options: CollectOptions): boolean {
  for (const excluded of options.exclude) {
    const rel = relative(excluded, absolute);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) return true;
  }
  if (options.ignore.length === 0) return false;
  const rel = toPosix(relative(options.root, absolute));
  if (rel.startsWith("../") || isAbsolute(rel)) return false;
  // A glob may name the file or any folder above it (`drafts` skips everything in drafts/).
  const parts = rel.split("/");
  for (let end = parts.length; end > 0; end--) {
    const candidate = parts.slice(0, end).join("/");
    for (const pattern of options.ignore) {
      if (matchesGlob(candidate, pattern.replace(/^\.\//, "").replace(/\/+$/, ""))) return true;
    }
  }
  return false;
}

/** A path relative to the working folder with `/` separators, as every output format shows it. */
export function displayPath(absolute: string, cwd: string): string {
  return toPosix(relative(cwd, absolute)) || ".";
}
