import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { parse } from "yaml";
import { KitError } from "../core/errors.ts";
import { decodeText } from "./decode-text.ts";
import { ioMessage } from "./read-text-file.ts";

/** The folders `onbrand.yaml` points at, read before the engine validates it. */
export interface WorkspaceLayout {
  /** Kit folder, relative to the config's folder, `/`-separated. Default `brand`. */
  kit: string;
  /** Folders of Vale-style rule files (`styles/MyStyle/Rule.yaml`). */
  styles: string[];
  /** Globs (relative to the config's folder) of files that folder and glob inputs skip. */
  ignore: string[];
}

export interface Workspace {
  /** Absolute folder of the config file; every workspace path is relative to it. */
  root: string;
  /** The config file's name, the key of its content in `files`. */
  configFile: string;
  layout: WorkspaceLayout;
  /** Workspace-relative `/`-separated paths to UTF-8 content: the config, the kit's and styles' YAML files. */
  files: Record<string, string>;
}

export const DEFAULT_KIT_FOLDER = "brand";

/**
 * Reads a workspace for `loadKit`: the config file plus every `*.yaml`/`*.yml` under the kit folder
 * and the styles folders it names (skipping `node_modules`). A folder that does not exist is left
 * out: the engine says what is missing. Throws KitError when a file cannot be read or is not UTF-8.
 *
 * @example readWorkspace("/repo/onbrand.yaml").files // { "onbrand.yaml": "...", "brand/brand.yaml": "..." }
 */
export function readWorkspace(configPath: string): Workspace {
  const root = dirname(configPath);
  const configFile = basename(configPath);
  const configText = readUtf8(configPath, configFile);
  const layout = parseLayout(configText);
  const files: Record<string, string> = { [configFile]: configText };
  for (const folder of [layout.kit, ...layout.styles]) {
    for (const rel of yamlFilesUnder(join(root, folder))) {
      const key = toPosix(relative(root, join(root, folder, rel)));
      files[key] = readUtf8(join(root, key), key);
    }
  }
  return { root, configFile, layout, files };
}

/**
 * The layout keys of a config text, with defaults. Anything malformed falls back to the defaults:
 * the engine validates the same text and reports the error with its line and column.
 */
export function parseLayout(configText: string): WorkspaceLayout {
  let data: unknown;
  try {
    data = parse(configText);
  } catch {
    data = null;
  }
  const record = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const strings = (value: unknown): string[] =>
    (typeof value === "string" ? [value] : Array.isArray(value) ? value : []).filter(
      (v): v is string => typeof v === "string" && v.trim() !== "",
    );
  const kit = strings(record.kit)[0];
  return {
    kit: cleanFolder(kit ?? DEFAULT_KIT_FOLDER),
    styles: strings(record.styles).map(cleanFolder),
    ignore: strings(record.ignore),
  };
}

function cleanFolder(folder: string): string {
  const cleaned = toPosix(folder.trim()).replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  return cleaned === "" ? "." : cleaned;
}

/**
 * The YAML files under `dir` (recursively, skipping node_modules), relative to it, sorted; none when
 * the folder does not exist.
 *
 * @example yamlFilesUnder("/repo/brand") // ["brand.yaml", "usecases/email.yaml"]
 */
export function yamlFilesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((rel) => !rel.split(sep).includes("node_modules"))
    .sort();
}

function readUtf8(path: string, label: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new KitError([{ level: "error", file: label, line: 0, column: 0, message: `cannot read the file: ${ioMessage(error)}` }]);
  }
  const decoded = decodeText(bytes);
  if (decoded.kind === "text") return decoded.text;
  const where = decoded.kind === "invalid-utf8" ? { line: decoded.line, column: decoded.column } : { line: 0, column: 0 };
  throw new KitError([
    {
      level: "error",
      file: label,
      ...where,
      message: decoded.kind === "binary" ? "not a text file" : "not UTF-8 text",
      fix: "save it as UTF-8 YAML",
    },
  ]);
}

export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
