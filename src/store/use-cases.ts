import { and, asc, desc, eq, getTableColumns, isNotNull, sql } from "drizzle-orm";
import { inFolder, type Kit, loadKit, USECASES_FOLDER } from "../core/engine/load-kit.ts";
import { KitError } from "../core/errors.ts";
import { parseYamlFile } from "../core/kit/yaml-file.ts";
import { validateDocument } from "../core/kit/validate.ts";
import type { UseCase } from "../core/library/library.ts";
import { loadLibrary } from "../core/library/load-library.ts";
import { UseCaseSchema, type UseCaseSpec } from "../core/library/usecase-schema.ts";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { brands, kitVersions, useCases, useCaseVersions, type Brand, type UseCaseRow, type UseCaseVersion } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";

/** A library id as use-case file names spell it (`email`, `social-post`). */
export const USE_CASE_ID = /^[a-z][a-z0-9_-]*$/;

/**
 * use_case_versions' columns, with `file` read through `to_jsonb`: PGlite decodes a text result with
 * a TextDecoder that drops a leading byte-order mark, and a file must come back exactly as it was
 * written (its version is the hash of those exact characters). Read the table with these.
 *
 * @example await db.select(useCaseVersionColumns).from(useCaseVersions).where(...)
 */
export const useCaseVersionColumns = { ...getTableColumns(useCaseVersions), file: sql<string>`to_jsonb(${useCaseVersions.file})` };

/** The config file's key in a stored kit version's files. */
const STORED_CONFIG_FILE = "onbrand.yaml";

/**
 * The brand a workspace works on: its first brand. The studio has one brand per workspace today;
 * every lookup that needs "the" brand goes through here so a second brand changes one place.
 *
 * @example (await defaultBrand(store.db, workspace.id))?.name // "Fizzwell"
 */
export async function defaultBrand(db: Database, workspaceId: string): Promise<Brand | undefined> {
  if (!isUuid(workspaceId)) return undefined;
  const [brand] = await db.select().from(brands).where(eq(brands.workspaceId, workspaceId)).orderBy(asc(brands.createdAt), asc(brands.id)).limit(1);
  return brand;
}

/**
 * Where a use case's file lives in a workspace folder: `<kit folder>/usecases/<id>.yaml`.
 *
 * @example useCasePath("brand", "email") // "brand/usecases/email.yaml"
 */
export function useCasePath(kitFolder: string, useCaseId: string): string {
  return inFolder(inFolder(kitFolder, USECASES_FOLDER), `${useCaseId}.yaml`);
}

/**
 * A use-case file read by the schema alone, without a kit: for lists and summaries, which must
 * not fail because a later kit no longer fits an older use case. Null when the file does not parse.
 *
 * @example useCaseSpecOf("name: Email\n...")?.name // "Email"
 */
export function useCaseSpecOf(file: string): UseCaseSpec | null {
  return validateDocument(UseCaseSchema, parseYamlFile("usecase.yaml", file)).data;
}

export interface NewUseCaseVersion {
  brandId: string;
  /** The library id (`email`); the file's `id:`, when it has one, must be the same. */
  useCaseId: string;
  /** The YAML file, stored exactly as given. */
  file: string;
  /** Who maintains it; default: the file's `owner:`. */
  owner?: string | null;
}

export interface SaveUseCaseOptions {
  /**
   * The brand's current kit, already loaded (the server's KitCache, an import). It is used only if
   * it is the brand's current kit version; otherwise that version is loaded from the database.
   */
  kit?: Kit;
}

export interface SavedUseCaseVersion {
  useCase: UseCaseRow;
  useCaseVersion: UseCaseVersion;
  /** False when a version with this content already existed (saved again, or a rollback). */
  created: boolean;
}

/**
 * Saves a use case's file as an immutable version and makes it the use case's current one,
 * creating the library entry on first save. The file is validated against the brand's current
 * kit as `onbrand test` loads it (`<kit>/usecases/<id>.yaml`): a broken file is a KitError with
 * file:line:column and the fix for every problem, and nothing is saved. The version is the core's
 * version of the use case (a content hash of the file), so saving identical content creates
 * nothing; saving the current content writes no audit entry at all, and saving an older version's
 * content makes that version current again (a rollback).
 *
 * @example
 * const { useCaseVersion, created } = await saveUseCaseVersion(store.db, workspace.id, { brandId: brand.id, useCaseId: "email", file }, actorId);
 */
export async function saveUseCaseVersion(
  db: Database,
  workspaceId: string,
  input: NewUseCaseVersion,
  actorId: ActorId,
  options: SaveUseCaseOptions = {},
): Promise<SavedUseCaseVersion> {
  if (!USE_CASE_ID.test(input.useCaseId)) {
    throw new StoreError("invalid_value", `useCaseId: "${input.useCaseId}" is not a use case id: use lower-case letters, digits, - and _, starting with a letter (such as promo-email)`);
  }
  const kit = await brandKit(db, workspaceId, input.brandId, options.kit);
  const useCase = validateUseCase(kit, input.useCaseId, input.file);
  const owner = input.owner === undefined ? (useCase.owner ?? null) : input.owner;
  try {
    return await db.transaction(async (tx) => {
      const row = await useCaseRow(tx, workspaceId, input.brandId, input.useCaseId, owner, actorId);
      const [inserted] = await tx
        .insert(useCaseVersions)
        .values({ workspaceId, useCaseId: row.id, version: useCase.version, file: input.file, createdBy: actorId })
        .onConflictDoNothing({ target: [useCaseVersions.useCaseId, useCaseVersions.version] })
        .returning(useCaseVersionColumns);
      if (inserted) {
        // The file stays in the immutable row; the audit entry names the version without copying it.
        const { file: _file, ...version } = inserted;
        await appendAudit(tx, {
          workspaceId,
          actorId,
          action: "use_case_version.create",
          entityType: "use_case_version",
          entityId: inserted.id,
          after: { ...version, useCase: input.useCaseId },
        });
      }
      const version =
        inserted ??
        (
          await tx
            .select(useCaseVersionColumns)
            .from(useCaseVersions)
            .where(and(eq(useCaseVersions.workspaceId, workspaceId), eq(useCaseVersions.useCaseId, row.id), eq(useCaseVersions.version, useCase.version)))
        )[0];
      if (!version) throw new Error(`use-case version ${useCase.version} conflicted on insert but cannot be read`);
      const current = await makeCurrent(tx, workspaceId, row, version, actorId);
      return { useCase: current, useCaseVersion: version, created: inserted !== undefined };
    });
  } catch (error) {
    throw storeErrorFrom(error, "saving a use-case version");
  }
}

/**
 * Validates one use-case file against a kit, exactly as the library loader would load it from
 * `<kit>/usecases/<useCaseId>.yaml`. Throws the loader's KitError.
 *
 * @example validateUseCase(kit, "email", file).version // "3f2a9c0d1e4b5a67"
 */
export function validateUseCase(kit: Kit, useCaseId: string, file: string): UseCase {
  const path = useCasePath(kit.folder, useCaseId);
  const useCase = loadLibrary(kit, { [path]: file }).library.get(useCaseId);
  if (!useCase) throw new KitError([{ level: "error", file: path, line: 1, column: 1, message: `the file does not define use case "${useCaseId}"`, fix: `write id: ${useCaseId}, or leave id out` }]);
  return useCase;
}

/** The brand's current kit: `known` when it is that version, else loaded from the database. */
async function brandKit(db: Database, workspaceId: string, brandId: string, known: Kit | undefined): Promise<Kit> {
  const [found] =
    isUuid(workspaceId) && isUuid(brandId)
      ? await db
          .select({ version: kitVersions.version, files: kitVersions.files })
          .from(brands)
          .leftJoin(kitVersions, and(eq(kitVersions.id, brands.currentKitVersionId), eq(kitVersions.workspaceId, brands.workspaceId)))
          .where(and(eq(brands.id, brandId), eq(brands.workspaceId, workspaceId)))
      : [];
  if (!found) throw new StoreError("not_found", `brandId: there is no brand ${brandId} in this workspace: create the brand first, or pick one of this workspace`);
  if (found.version === null || found.files === null) {
    throw new StoreError("not_found", "the brand has no kit yet, and a use case is checked against the kit: save a kit version first (`onbrand import DIR` or POST /api/kit/versions)");
  }
  if (known && known.version === found.version) return known;
  return loadKit(found.files, { configFile: STORED_CONFIG_FILE }).kit;
}

/** The library entry of `useCaseId`, created on first save (concurrent first saves share one row); its owner kept up to date. */
async function useCaseRow(tx: Database, workspaceId: string, brandId: string, useCaseId: string, owner: string | null, actorId: ActorId): Promise<UseCaseRow> {
  const [created] = await tx.insert(useCases).values({ workspaceId, brandId, useCaseId, owner }).onConflictDoNothing({ target: [useCases.brandId, useCases.useCaseId] }).returning();
  if (created) {
    await appendAudit(tx, { workspaceId, actorId, action: "use_case.create", entityType: "use_case", entityId: created.id, after: created });
    return created;
  }
  const [existing] = await tx
    .select()
    .from(useCases)
    .where(and(eq(useCases.workspaceId, workspaceId), eq(useCases.brandId, brandId), eq(useCases.useCaseId, useCaseId)))
    .for("update");
  if (!existing) throw new Error(`use case ${useCaseId} conflicted on insert but cannot be read`);
  if (existing.owner === owner) return existing;
  const [updated] = await tx.update(useCases).set({ owner }).where(and(eq(useCases.id, existing.id), eq(useCases.workspaceId, workspaceId))).returning();
  if (!updated) throw new Error(`update of use case ${existing.id} returned no row`);
  await appendAudit(tx, { workspaceId, actorId, action: "use_case.update", entityType: "use_case", entityId: existing.id, before: { owner: existing.owner }, after: { owner } });
  return updated;
}

async function makeCurrent(tx: Database, workspaceId: string, row: UseCaseRow, version: UseCaseVersion, actorId: ActorId): Promise<UseCaseRow> {
  if (row.currentVersionId === version.id) return row;
  const [updated] = await tx.update(useCases).set({ currentVersionId: version.id }).where(and(eq(useCases.id, row.id), eq(useCases.workspaceId, workspaceId))).returning();
  if (!updated) throw new Error(`update of use case ${row.id} returned no row`);
  await appendAudit(tx, {
    workspaceId,
    actorId,
    action: "use_case.set_current_version",
    entityType: "use_case",
    entityId: row.id,
    before: { currentVersionId: row.currentVersionId },
    after: { currentVersionId: version.id, version: version.version },
  });
  return updated;
}

/** A library entry with its current version (null once removed from the library). */
export interface UseCaseWithVersion extends UseCaseRow {
  currentVersion: UseCaseVersion | null;
}

export interface UseCaseFilter {
  /** Default: the workspace's brand (defaultBrand). */
  brandId?: string;
  /** Also list use cases removed from the library (default false). */
  includeRemoved?: boolean;
}

/**
 * A brand's use cases in id order, each with its current version (file included).
 *
 * @example (await listUseCases(store.db, workspace.id)).map((u) => u.useCaseId) // ["email", "sms"]
 */
export async function listUseCases(db: Database, workspaceId: string, filter: UseCaseFilter = {}): Promise<UseCaseWithVersion[]> {
  const brandId = filter.brandId ?? (await defaultBrand(db, workspaceId))?.id;
  if (brandId === undefined || !isUuid(workspaceId) || !isUuid(brandId)) return [];
  const conditions = [eq(useCases.workspaceId, workspaceId), eq(useCases.brandId, brandId)];
  if (!filter.includeRemoved) conditions.push(isNotNull(useCases.currentVersionId));
  const rows = await db
    .select({ useCase: useCases, version: useCaseVersionColumns })
    .from(useCases)
    .leftJoin(useCaseVersions, and(eq(useCaseVersions.id, useCases.currentVersionId), eq(useCaseVersions.workspaceId, useCases.workspaceId)))
    .where(and(...conditions))
    .orderBy(asc(useCases.useCaseId));
  return rows.map((r) => ({ ...r.useCase, currentVersion: r.version }));
}

/**
 * One library entry by its library id (`email`) with its current version; undefined when the
 * workspace has none by that id (removed ones included, with `currentVersion: null`).
 *
 * @example (await getUseCase(store.db, workspace.id, "email"))?.currentVersion?.version // "3f2a9c0d1e4b5a67"
 */
export async function getUseCase(db: Database, workspaceId: string, useCaseId: string, filter: { brandId?: string } = {}): Promise<UseCaseWithVersion | undefined> {
  const brandId = filter.brandId ?? (await defaultBrand(db, workspaceId))?.id;
  if (brandId === undefined || !isUuid(workspaceId) || !isUuid(brandId)) return undefined;
  const [row] = await db
    .select({ useCase: useCases, version: useCaseVersionColumns })
    .from(useCases)
    .leftJoin(useCaseVersions, and(eq(useCaseVersions.id, useCases.currentVersionId), eq(useCaseVersions.workspaceId, useCases.workspaceId)))
    .where(and(eq(useCases.workspaceId, workspaceId), eq(useCases.brandId, brandId), eq(useCases.useCaseId, useCaseId)));
  return row && { ...row.useCase, currentVersion: row.version };
}

/**
 * A use case's versions (by the use case's row id), newest first.
 *
 * @example (await listUseCaseVersions(store.db, workspace.id, useCase.id))[0]?.version
 */
export async function listUseCaseVersions(db: Database, workspaceId: string, useCaseRowId: string): Promise<UseCaseVersion[]> {
  if (!isUuid(workspaceId) || !isUuid(useCaseRowId)) return [];
  return db
    .select(useCaseVersionColumns)
    .from(useCaseVersions)
    .where(and(eq(useCaseVersions.workspaceId, workspaceId), eq(useCaseVersions.useCaseId, useCaseRowId)))
    .orderBy(desc(useCaseVersions.createdAt), desc(useCaseVersions.id));
}

/**
 * One use-case version of the workspace by its id, or undefined (also for another workspace's id).
 *
 * @example (await getUseCaseVersion(store.db, workspace.id, id))?.file
 */
export async function getUseCaseVersion(db: Database, workspaceId: string, id: string): Promise<UseCaseVersion | undefined> {
  if (!isUuid(workspaceId) || !isUuid(id)) return undefined;
  const [row] = await db
    .select(useCaseVersionColumns)
    .from(useCaseVersions)
    .where(and(eq(useCaseVersions.workspaceId, workspaceId), eq(useCaseVersions.id, id)));
  return row;
}

/**
 * Takes a use case out of the library: it keeps its versions (and assets keep their lineage) but
 * has no current version, so briefs and generation cannot use it until a version is saved again.
 * Removing a removed use case changes nothing; an unknown one is `not_found`.
 *
 * @example await removeUseCase(store.db, workspace.id, { brandId: brand.id, useCaseId: "sms" }, actorId);
 */
export async function removeUseCase(db: Database, workspaceId: string, input: { brandId: string; useCaseId: string }, actorId: ActorId): Promise<UseCaseRow> {
  return db.transaction(async (tx) => {
    const [before] =
      isUuid(workspaceId) && isUuid(input.brandId)
        ? await tx
            .select()
            .from(useCases)
            .where(and(eq(useCases.workspaceId, workspaceId), eq(useCases.brandId, input.brandId), eq(useCases.useCaseId, input.useCaseId)))
            .for("update")
        : [];
    if (!before) throw new StoreError("not_found", `there is no use case "${input.useCaseId}" in this workspace's library`);
    if (before.currentVersionId === null) return before;
    const [after] = await tx.update(useCases).set({ currentVersionId: null }).where(and(eq(useCases.id, before.id), eq(useCases.workspaceId, workspaceId))).returning();
    if (!after) throw new Error(`update of use case ${before.id} returned no row`);
    await appendAudit(tx, { workspaceId, actorId, action: "use_case.remove", entityType: "use_case", entityId: before.id, before: { currentVersionId: before.currentVersionId }, after: { currentVersionId: null } });
    return after;
  });
}
