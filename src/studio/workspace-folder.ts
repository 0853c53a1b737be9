import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative } from "node:path";
import { asc, eq } from "drizzle-orm";
import { folderPath, inFolder, type Kit, loadKit, USECASES_FOLDER } from "../core/engine/load-kit.ts";
import { type Diagnostic, KitError, UsageError } from "../core/errors.ts";
import { parseYamlFile } from "../core/kit/yaml-file.ts";
import type { Library } from "../core/library/library.ts";
import { loadLibrary } from "../core/library/load-library.ts";
import { decodeText } from "../node/decode-text.ts";
import { humanSize, ioMessage } from "../node/read-text-file.ts";
import { parseLayout, toPosix, yamlFilesUnder } from "../node/workspace.ts";
import type { ActorId } from "../store/audit.ts";
import { isUuid } from "../store/ids.ts";
import { saveKitVersion } from "../store/kit-versions.ts";
import type { Database, Store } from "../store/open-store.ts";
import { workspaces, type Workspace } from "../store/schema.ts";
import { StoreError } from "../store/store-error.ts";
import { defaultBrand, listUseCases, removeUseCase, saveUseCaseVersion, useCasePath } from "../store/use-cases.ts";
import { createBrand, createWorkspace } from "../store/workspaces.ts";
import { currentKitVersion, STORED_CONFIG_FILE } from "./workspace-kit.ts";

/** The config file at the top of every workspace folder. */
export const CONFIG_FILE = "onbrand.yaml";

/** The largest file a workspace folder may hold: kit files are YAML written by people, not data dumps. */
export const MAX_WORKSPACE_FILE_BYTES = 1024 * 1024;

/** A workspace folder read and validated: what a kit version and the use-case versions store. */
export interface WorkspaceFolder {
  /** The kit version's files: onbrand.yaml, every YAML file of the kit folder but the library, and the styles folders. */
  kitFiles: Record<string, string>;
  /** Library id -> the text of `<kit>/usecases/<id>.yaml`. */
  useCaseFiles: Record<string, string>;
  kit: Kit;
  library: Library;
  /** The kit's and the library's warnings (file:line:column), for the importer to show. */
  warnings: Diagnostic[];
}

/**
 * Reads a workspace folder as `onbrand check` and `onbrand test` read it (onbrand.yaml, every
 * `*.yaml`/`*.yml` under the kit folder and the style folders it names, `node_modules` skipped)
 * and validates the kit and the library. The text is kept exactly as written: a byte-order mark,
 * CRLF line ends and any UTF-8 stay, so an export writes the same bytes back. Everything is checked
 * before anything is returned, and every problem comes back at once in a KitError with the file
 * (line and column where they apply): a file that is binary, not UTF-8 or over 1 MB, a kit or style
 * folder outside the folder, a library file that would not round-trip (not `<kit>/usecases/<id>.yaml`),
 * and every kit and use-case diagnostic. A folder without onbrand.yaml is a UsageError.
 *
 * @example Object.keys(readWorkspaceFolder("examples/demo").useCaseFiles) // ["blog-hook", "email", …]
 */
export function readWorkspaceFolder(dir: string): WorkspaceFolder {
  if (!isFolder(dir)) throw new UsageError(`${dir}: no such folder; give the workspace folder (the one with onbrand.yaml)`);
  const configPath = join(dir, CONFIG_FILE);
  if (!isFile(configPath)) {
    throw new UsageError(`${dir} has no ${CONFIG_FILE}: a workspace folder has ${CONFIG_FILE} at its top (\`onbrand init\` writes one); give that folder`);
  }
  const problems: Diagnostic[] = [];
  const files: Record<string, string> = {};
  const read = (path: string): void => {
    const text = readFolderFile(dir, path, problems);
    if (text !== null) files[path] = text;
  };
  read(CONFIG_FILE);
  const configText = files[CONFIG_FILE] ?? "";
  const layout = parseLayout(configText);
  const config = parseYamlFile(CONFIG_FILE, configText);
  const folders: [string, (string | number)[]][] = [[layout.kit, ["kit"]], ...layout.styles.map((s, i): [string, (string | number)[]] => [s, ["styles", i]])];
  for (const [folder, key] of folders) {
    const normalized = posix.normalize(folder);
    if (isAbsolute(folder) || normalized === ".." || normalized.startsWith("../")) {
      problems.push({
        level: "error",
        file: CONFIG_FILE,
        ...config.positionOf(key),
        message: `${key[0]} points at ${folder}, outside the workspace folder`,
        fix: "copy that folder into the workspace and point at the copy: an import stores the folder as it is, and an export writes it back inside one folder",
      });
      continue;
    }
    for (const path of workspaceYamlFiles(dir, folder)) read(path);
  }
  if (problems.length > 0) throw new KitError(problems);

  const { kit, warnings } = loadKit(files, { configFile: CONFIG_FILE });
  const libraryPrefix = `${inFolder(kit.folder, USECASES_FOLDER)}/`;
  const kitFiles: Record<string, string> = {};
  const useCaseFiles: Record<string, string> = {};
  const libraryFiles: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith(libraryPrefix)) {
      kitFiles[path === CONFIG_FILE ? STORED_CONFIG_FILE : path] = text;
      continue;
    }
    const name = path.slice(libraryPrefix.length);
    const id = name.replace(/\.yaml$/, "");
    if (name.includes("/")) {
      problems.push({ level: "error", file: path, line: 0, column: 0, message: `the library has no sub-folders: only ${libraryPrefix}<id>.yaml files are use cases`, fix: `move the file out of ${libraryPrefix}, or delete it` });
    } else if (!name.endsWith(".yaml")) {
      problems.push({ level: "error", file: path, line: 0, column: 0, message: "use-case files are stored as <id>.yaml, so this one would come back under another name", fix: `rename it to ${name.replace(/\.yml$/i, ".yaml")}` });
    } else {
      useCaseFiles[id] = text;
      libraryFiles[path] = text;
    }
  }
  let library: Library | undefined;
  try {
    const loaded = loadLibrary(kit, libraryFiles);
    library = loaded.library;
    warnings.push(...loaded.warnings);
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    problems.push(...error.diagnostics.filter((d) => d.level === "error"));
  }
  if (problems.length > 0 || !library) throw new KitError(problems);
  return { kitFiles, useCaseFiles, kit, library, warnings };
}

/** What happened to one use case in an import. */
export type UseCaseImportStatus = "added" | "updated" | "restored" | "unchanged" | "removed";

export interface ImportSummary {
  workspace: { id: string; name: string; created: boolean };
  brand: { id: string; name: string; created: boolean };
  /** `created`: a new kit version; `restored`: an earlier version with these files is current again; `unchanged`: it was already current. */
  kit: { id: string; version: string; status: "created" | "restored" | "unchanged" };
  /** In id order: the folder's use cases, then those the folder no longer has (`removed`). */
  useCases: { id: string; version: string | null; status: UseCaseImportStatus }[];
  /** Whether anything was written (a version, a current version, a workspace or a brand). */
  changed: boolean;
  /** The kit's and the library's warnings; they do not stop an import. */
  warnings: Diagnostic[];
}

/** Which workspace an import or export means; neither key: the store's only workspace. */
export interface WorkspaceTarget {
  workspaceId?: string;
  /** A workspace's name; an import creates the workspace when none has it. */
  workspaceName?: string;
}

/**
 * Imports a workspace folder (readWorkspaceFolder) into the store as new versions: the kit
 * files as a kit version, each `<kit>/usecases/<id>.yaml` as a version of its use case, and use
 * cases the folder no longer has are removed from the library (their versions stay). Files that
 * did not change create nothing and write no audit entry, so importing the same folder twice
 * changes nothing. A workspace (named as the kit, or `workspaceName`) and its brand are created
 * when there are none. Everything happens in one transaction: an error leaves the store as it was.
 * `source` is the folder, or a folder already read with readWorkspaceFolder (to report its
 * problems before opening the store).
 *
 * @example
 * const summary = await importWorkspaceFolder(store, "examples/demo", {}, null);
 * summary.kit.status // "created"
 */
export async function importWorkspaceFolder(store: Store, source: string | WorkspaceFolder, target: WorkspaceTarget, actorId: ActorId): Promise<ImportSummary> {
  const folder = typeof source === "string" ? readWorkspaceFolder(source) : source;
  return store.db.transaction(async (tx) => {
    let changed = false;
    let workspace = await findWorkspace(tx, target);
    const workspaceCreated = workspace === undefined;
    if (!workspace) {
      if (target.workspaceId !== undefined) throw new StoreError("not_found", `there is no workspace ${target.workspaceId}`);
      workspace = await createWorkspace(tx, { name: target.workspaceName ?? folder.kit.name }, actorId);
    }
    let brand = await defaultBrand(tx, workspace.id);
    const brandCreated = brand === undefined;
    if (!brand) brand = await createBrand(tx, workspace.id, folder.kit.name, actorId);
    changed ||= workspaceCreated || brandCreated;

    const { kitVersion, created } = await saveKitVersion(tx, workspace.id, { brandId: brand.id, files: folder.kitFiles }, actorId);
    const kitStatus = created ? "created" : brand.currentKitVersionId === kitVersion.id ? "unchanged" : "restored";
    changed ||= kitStatus !== "unchanged";

    const before = new Map((await listUseCases(tx, workspace.id, { brandId: brand.id, includeRemoved: true })).map((u) => [u.useCaseId, u]));
    const useCases: ImportSummary["useCases"] = [];
    for (const [id, file] of Object.entries(folder.useCaseFiles).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const saved = await saveUseCaseVersion(tx, workspace.id, { brandId: brand.id, useCaseId: id, file }, actorId, { kit: folder.kit });
      const earlier = before.get(id);
      const status: UseCaseImportStatus =
        earlier?.currentVersionId == null
          ? "added"
          : saved.created
            ? "updated"
            : earlier.currentVersionId === saved.useCaseVersion.id
              ? "unchanged"
              : "restored";
      changed ||= status !== "unchanged" || earlier?.owner !== saved.useCase.owner;
      useCases.push({ id, version: saved.useCaseVersion.version, status });
    }
    for (const [id, earlier] of [...before].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (earlier.currentVersionId === null || Object.hasOwn(folder.useCaseFiles, id)) continue;
      await removeUseCase(tx, workspace.id, { brandId: brand.id, useCaseId: id }, actorId);
      useCases.push({ id, version: null, status: "removed" });
      changed = true;
    }
    return {
      workspace: { id: workspace.id, name: workspace.name, created: workspaceCreated },
      brand: { id: brand.id, name: brand.name, created: brandCreated },
      kit: { id: kitVersion.id, version: kitVersion.version, status: kitStatus },
      useCases,
      changed,
      warnings: folder.warnings,
    };
  });
}

export interface ExportSummary {
  workspace: { id: string; name: string };
  kit: { id: string; version: string };
  useCases: { id: string; version: string }[];
  /** Folder-relative paths written, in order. */
  files: string[];
}

/**
 * Writes a workspace's current kit version and its use cases' current versions into `dir` as a
 * workspace folder, byte for byte as they were imported or saved: onbrand.yaml, the kit and style
 * files at their paths, each use case at `<kit>/usecases/<id>.yaml`. A folder that is not empty
 * is refused unless `force`, which overwrites the files it writes; no file is ever deleted. A
 * stored path that would land outside `dir` is refused before anything is written.
 *
 * @example
 * const { files } = await exportWorkspaceFolder(store, workspace.id, "out/fizzwell");
 */
export async function exportWorkspaceFolder(store: Store, workspaceId: string, dir: string, options: { force?: boolean } = {}): Promise<ExportSummary> {
  const [workspace] = await store.db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!workspace) throw new StoreError("not_found", `there is no workspace ${workspaceId}`);
  const current = await currentKitVersion(store.db, workspaceId);
  if (!current) throw new StoreError("not_found", `workspace "${workspace.name}" has no brand kit yet: there is nothing to export; import one first (\`onbrand import DIR\`)`);
  const { kitVersion } = current;
  const kitFolder = folderPath("", parseLayout(kitVersion.files[STORED_CONFIG_FILE] ?? "").kit);
  const useCases = (await listUseCases(store.db, workspaceId, { brandId: current.brandId })).flatMap((u) =>
    u.currentVersion ? [{ id: u.useCaseId, version: u.currentVersion.version, file: u.currentVersion.file }] : [],
  );
  const out = new Map<string, string>();
  for (const [path, text] of Object.entries(kitVersion.files)) out.set(path === STORED_CONFIG_FILE ? CONFIG_FILE : path, text);
  const clashes: string[] = [];
  for (const u of useCases) {
    const path = useCasePath(kitFolder, u.id);
    if (out.has(path)) clashes.push(path);
    out.set(path, u.file);
  }
  const unsafe = [...out.keys()].filter((p) => !isSafeRelativePath(p));
  if (unsafe.length > 0 || clashes.length > 0) {
    const reasons = [
      ...unsafe.map((p) => `${JSON.stringify(p)} is not a plain relative path inside the folder`),
      ...clashes.map((p) => `${p} is both a kit file and a use case`),
    ];
    throw new UsageError(`cannot export workspace "${workspace.name}": ${reasons.join("; ")}. Save a kit version without those paths, then export again`);
  }
  if (!options.force) refuseNonEmptyFolder(dir);
  if (!isFolder(dir) && isFile(dir)) throw new UsageError(`${dir} is a file: give a folder to export into`);
  const files = [...out.keys()].sort();
  for (const path of files) {
    const target = join(dir, ...path.split("/"));
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, out.get(path) ?? "", "utf8");
    } catch (error) {
      throw new UsageError(`cannot write ${target}: ${ioMessage(error)}`);
    }
  }
  return {
    workspace: { id: workspace.id, name: workspace.name },
    kit: { id: kitVersion.id, version: kitVersion.version },
    useCases: useCases.map(({ id, version }) => ({ id, version })),
    files,
  };
}

/**
 * A UsageError when `dir` is a folder with anything in it: an export writes into a new or empty
 * folder unless forced.
 *
 * @example refuseNonEmptyFolder("out") // throws when out/ has files
 */
export function refuseNonEmptyFolder(dir: string): void {
  if (isFolder(dir) && readdirSync(dir).length > 0) {
    throw new UsageError(`${dir} is not empty: export into a new or empty folder, or pass --force to overwrite the files the export writes (no file is deleted)`);
  }
}

/**
 * The workspace a CLI command means: by id, by name, or the store's only one. Undefined when
 * none matches (or the store has none); a UsageError when a name or an empty target is ambiguous.
 *
 * @example (await findWorkspace(store.db, { workspaceName: "Fizzwell" }))?.id
 */
export async function findWorkspace(db: Database, target: WorkspaceTarget): Promise<Workspace | undefined> {
  if (target.workspaceId !== undefined) {
    const [found] = isUuid(target.workspaceId) ? await db.select().from(workspaces).where(eq(workspaces.id, target.workspaceId)) : [];
    return found;
  }
  const all = await db.select().from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.id));
  const matching = target.workspaceName === undefined ? all : all.filter((w) => w.name === target.workspaceName);
  if (matching.length > 1) {
    const names = [...new Set(all.map((w) => JSON.stringify(w.name)))].join(", ");
    throw new UsageError(
      target.workspaceName === undefined
        ? `the store has ${all.length} workspaces (${names}): name one with --workspace NAME`
        : `${matching.length} workspaces are named "${target.workspaceName}": rename one in the studio, then name it with --workspace`,
    );
  }
  return matching[0];
}

/**
 * A stored path an export may write: relative, `/`-separated, no `.`, `..` or empty segments,
 * no backslash or NUL. Kit versions posted to the API could hold anything as keys.
 *
 * @example isSafeRelativePath("../etc/passwd") // false
 */
export function isSafeRelativePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || /[\\\0]/.test(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/** Workspace-relative paths of the YAML files under `folder` (recursively, no node_modules), sorted, as readWorkspace lists them. */
function workspaceYamlFiles(dir: string, folder: string): string[] {
  const root = join(dir, folder);
  return yamlFilesUnder(root).map((rel) => toPosix(relative(dir, join(root, rel))));
}

/** A file's exact text (a byte-order mark kept), or null with a diagnostic naming the file. */
function readFolderFile(dir: string, path: string, problems: Diagnostic[]): string | null {
  const problem = (message: string, fix: string, where = { line: 0, column: 0 }): null => {
    problems.push({ level: "error", file: path, ...where, message, fix });
    return null;
  };
  const full = join(dir, ...path.split("/"));
  let bytes: Buffer;
  try {
    const size = statSync(full).size;
    if (size > MAX_WORKSPACE_FILE_BYTES) {
      return problem(`the file is ${humanSize(size)}, over the ${humanSize(MAX_WORKSPACE_FILE_BYTES)} a workspace file may have`, "split it into smaller rule files, or move data that is not part of the kit out of the kit and style folders");
    }
    bytes = readFileSync(full);
  } catch (error) {
    return problem(`cannot read the file: ${ioMessage(error)}`, "check that it exists and can be read");
  }
  const decoded = decodeText(bytes);
  switch (decoded.kind) {
    case "text":
      // decodeText drops a byte-order mark; the folder's bytes are kept as they are.
      return hasUtf8Bom(bytes) ? `\uFEFF${decoded.text}` : decoded.text;
    case "binary":
      return problem("not a text file (it has NUL bytes)", "remove it from the kit and style folders: they hold YAML only");
    case "utf16":
      return problem("the file is UTF-16 text", "save it as UTF-8");
    case "invalid-utf8":
      return problem(`invalid UTF-8 at byte offset ${decoded.offset}`, "save it as UTF-8", { line: decoded.line, column: decoded.column });
  }
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
