import { and, asc, desc, eq, getTableColumns } from "drizzle-orm";
import { type Kit, loadKit } from "../core/engine/load-kit.ts";
import { type Diagnostic, KitError } from "../core/errors.ts";
import type { Library, UseCase } from "../core/library/library.ts";
import { loadLibrary } from "../core/library/load-library.ts";
import type { ActorId } from "../store/audit.ts";
import { isUuid } from "../store/ids.ts";
import { setCurrentKitVersion } from "../store/kit-versions.ts";
import type { Database } from "../store/open-store.ts";
import { brands, kitVersions, type KitVersion } from "../store/schema.ts";
import { StoreError } from "../store/store-error.ts";
import { defaultBrand, listUseCases, useCasePath } from "../store/use-cases.ts";

/** The config file's key in a stored kit version's files. */
export const STORED_CONFIG_FILE = "onbrand.yaml";

/** How long a workspace's current kit version id is trusted before asking the database again. */
const CURRENT_TTL_MS = 2000;
/** Loaded kits kept in memory; a kit version never changes, so an entry never goes stale. */
const MAX_KITS = 32;

export interface WorkspaceKit {
  kit: Kit;
  kitVersion: Pick<KitVersion, "id" | "brandId" | "version">;
}

/** The current kit and the library of the use cases' current versions, loaded against it. */
export interface WorkspaceLibrary extends WorkspaceKit {
  library: Library;
  /** Use-case library id -> the id of its current version's row, for lineage. */
  versionIds: Readonly<Record<string, string>>;
  /** A use case's row id (what an asset's `useCaseId` holds) -> its library id. */
  libraryIdByRowId: ReadonlyMap<string, string>;
  /**
   * Use cases whose current version does not load against the current kit (a newer kit dropped a
   * channel they name), by library id, with their diagnostics. They are left out of `library`, so
   * one stale use case does not take the others down.
   */
  broken: ReadonlyMap<string, Diagnostic[]>;
}

/**
 * Loads the kit a workspace checks against (its brand's current kit version), once per version:
 * loading compiles every rule, so it is kept, and the workspace's current version is looked up at
 * most every two seconds (a new version is seen within that time by every server process).
 *
 * @example
 * const kits = new KitCache();
 * const { kit } = await kits.current(store.db, actor.workspaceId);
 */
export class KitCache {
  private readonly kits = new Map<string, WorkspaceKit & { workspaceId: string }>();
  private readonly currentIds = new Map<string, { kitVersionId: string; at: number }>();
  private readonly libraries = new Map<string, WorkspaceLibrary & { workspaceId: string }>();

  /**
   * The workspace's current kit. A workspace without one is a `not_found` StoreError that says
   * how to add one (`onbrand import`).
   */
  async current(db: Database, workspaceId: string): Promise<WorkspaceKit> {
    const cached = this.currentIds.get(workspaceId);
    if (cached && Date.now() - cached.at < CURRENT_TTL_MS) {
      const kit = this.kits.get(cached.kitVersionId);
      if (kit) return kit;
    }
    const [brand] = isUuid(workspaceId)
      ? await db
          .select({ kitVersionId: brands.currentKitVersionId })
          .from(brands)
          .where(eq(brands.workspaceId, workspaceId))
          .orderBy(asc(brands.createdAt), asc(brands.id))
          .limit(1)
      : [];
    if (!brand?.kitVersionId) {
      throw new StoreError("not_found", "this workspace has no brand kit yet: import one (`onbrand import DIR`) or post a kit version to /api/kit/versions");
    }
    this.currentIds.set(workspaceId, { kitVersionId: brand.kitVersionId, at: Date.now() });
    return this.byVersionId(db, workspaceId, brand.kitVersionId);
  }

  /** A given kit version of the workspace, loaded (or `not_found`). */
  async byVersionId(db: Database, workspaceId: string, kitVersionId: string): Promise<WorkspaceKit> {
    const known = this.kits.get(kitVersionId);
    if (known) {
      if (known.workspaceId !== workspaceId) throw new StoreError("not_found", `there is no kit version ${kitVersionId} in this workspace`);
      return known;
    }
    const row = await getKitVersion(db, workspaceId, kitVersionId);
    if (!row) throw new StoreError("not_found", `there is no kit version ${kitVersionId} in this workspace`);
    const loaded: WorkspaceKit & { workspaceId: string } = {
      workspaceId,
      kit: loadKit(row.files, { configFile: STORED_CONFIG_FILE }).kit,
      kitVersion: { id: row.id, brandId: row.brandId, version: row.version },
    };
    if (this.kits.size >= MAX_KITS) this.kits.delete(this.kits.keys().next().value as string);
    this.kits.set(kitVersionId, loaded);
    return loaded;
  }

  /**
   * The workspace's library: its use cases' current versions loaded against its current kit, as
   * `onbrand test` loads `<kit>/usecases/<id>.yaml`. Loaded once per kit version and set of
   * use-case versions; which versions are current is read on every call (one query), so a saved
   * use case is seen at once.
   *
   * @example
   * const { kit, library } = await kits.library(store.db, actor.workspaceId);
   * library.get("email")?.version // "3f2a9c0d1e4b5a67"
   */
  async library(db: Database, workspaceId: string): Promise<WorkspaceLibrary> {
    const current = await this.current(db, workspaceId);
    const rows = (await listUseCases(db, workspaceId, { brandId: current.kitVersion.brandId })).flatMap((row) =>
      row.currentVersion ? [{ rowId: row.id, useCaseId: row.useCaseId, versionId: row.currentVersion.id, file: row.currentVersion.file }] : [],
    );
    const key = `${current.kitVersion.id}:${rows.map((r) => r.versionId).sort().join(",")}`;
    const known = this.libraries.get(key);
    if (known && known.workspaceId === workspaceId) return known;
    const loaded = { ...current, ...loadTolerantly(current.kit, rows), workspaceId };
    if (this.libraries.size >= MAX_KITS) this.libraries.delete(this.libraries.keys().next().value as string);
    this.libraries.set(key, loaded);
    return loaded;
  }

  /**
   * What an asset is checked with: the current kit and, when the asset names a use case (its row
   * id), that use case's current version loaded against the kit. `useCase` is undefined when the
   * asset names none, or one that was removed from the library or does not load against the
   * current kit: such an asset is checked with the kit's rules alone.
   *
   * @example
   * const { kit, useCase } = await kits.forAsset(store.db, workspaceId, asset.useCaseId);
   */
  async forAsset(db: Database, workspaceId: string, useCaseRowId: string | null | undefined): Promise<WorkspaceKit & { useCase?: UseCase }> {
    if (useCaseRowId === null || useCaseRowId === undefined) return this.current(db, workspaceId);
    const { kit, kitVersion, library, libraryIdByRowId } = await this.library(db, workspaceId);
    const libraryId = libraryIdByRowId.get(useCaseRowId);
    const useCase = libraryId === undefined ? undefined : library.get(libraryId);
    return useCase === undefined ? { kit, kitVersion } : { kit, kitVersion, useCase };
  }

  /** Forgets the workspace's current version id, after this process changed it. */
  invalidate(workspaceId: string): void {
    this.currentIds.delete(workspaceId);
  }
}

/** loadLibrary over every file at once; when that fails, file by file, keeping the ones that load. */
function loadTolerantly(
  kit: Kit,
  rows: readonly { rowId: string; useCaseId: string; versionId: string; file: string }[],
): Pick<WorkspaceLibrary, "library" | "versionIds" | "libraryIdByRowId" | "broken"> {
  const versionIds = Object.fromEntries(rows.map((r) => [r.useCaseId, r.versionId]));
  const libraryIdByRowId = new Map(rows.map((r) => [r.rowId, r.useCaseId]));
  const files = Object.fromEntries(rows.map((r) => [useCasePath(kit.folder, r.useCaseId), r.file]));
  try {
    return { library: loadLibrary(kit, files).library, versionIds, libraryIdByRowId, broken: new Map() };
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
  }
  const useCases: UseCase[] = [];
  const broken = new Map<string, Diagnostic[]>();
  for (const row of rows) {
    try {
      useCases.push(...loadLibrary(kit, { [useCasePath(kit.folder, row.useCaseId)]: row.file }).library.useCases);
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      broken.set(row.useCaseId, error.diagnostics);
    }
  }
  const byId = new Map(useCases.map((u) => [u.id, u]));
  return { library: { useCases, get: (id) => byId.get(id) }, versionIds, libraryIdByRowId, broken };
}

/** A kit version without its files, as lists show it. */
export type KitVersionSummary = Omit<KitVersion, "files">;

/**
 * The workspace's brand and its current kit version (files included); undefined when the
 * workspace has no brand or the brand no kit.
 *
 * @example (await currentKitVersion(store.db, workspace.id))?.kitVersion.version // "9f3c…"
 */
export async function currentKitVersion(db: Database, workspaceId: string): Promise<{ brandId: string; kitVersion: KitVersion } | undefined> {
  const brand = await defaultBrand(db, workspaceId);
  if (!brand?.currentKitVersionId) return undefined;
  const kitVersion = await getKitVersion(db, workspaceId, brand.currentKitVersionId);
  return kitVersion && { brandId: brand.id, kitVersion };
}

/**
 * One kit version of the workspace, files included; undefined for an unknown id or another
 * workspace's.
 *
 * @example (await getKitVersion(store.db, workspace.id, id))?.files["onbrand.yaml"]
 */
export async function getKitVersion(db: Database, workspaceId: string, id: string): Promise<KitVersion | undefined> {
  if (!isUuid(workspaceId) || !isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(kitVersions)
    .where(and(eq(kitVersions.workspaceId, workspaceId), eq(kitVersions.id, id)));
  return row;
}

/**
 * A brand's kit versions without their files (a kit is tens of kilobytes), newest first.
 *
 * @example (await listKitVersionSummaries(store.db, workspace.id, brand.id))[0]?.version
 */
export async function listKitVersionSummaries(db: Database, workspaceId: string, brandId: string): Promise<KitVersionSummary[]> {
  if (!isUuid(workspaceId) || !isUuid(brandId)) return [];
  const { files: _files, ...columns } = getTableColumns(kitVersions);
  return db
    .select(columns)
    .from(kitVersions)
    .where(and(eq(kitVersions.workspaceId, workspaceId), eq(kitVersions.brandId, brandId)))
    .orderBy(desc(kitVersions.createdAt), desc(kitVersions.id));
}

/**
 * Makes an existing kit version its brand's current one again (a rollback, or a roll forward):
 * nothing is copied or created, only the brand's pointer moves, with the same audit entry a new
 * version writes (`brand.set_current_kit_version`). Activating the current version changes
 * nothing; another workspace's id is `not_found`.
 *
 * @example await activateKitVersion(store.db, workspace.id, olderVersion.id, actorId);
 */
export async function activateKitVersion(db: Database, workspaceId: string, kitVersionId: string, actorId: ActorId): Promise<KitVersion> {
  return db.transaction(async (tx) => {
    const kitVersion = await getKitVersion(tx, workspaceId, kitVersionId);
    if (!kitVersion) throw new StoreError("not_found", `there is no kit version ${kitVersionId} in this workspace`);
    const [brand] = await tx
      .select({ id: brands.id, currentKitVersionId: brands.currentKitVersionId })
      .from(brands)
      .where(and(eq(brands.id, kitVersion.brandId), eq(brands.workspaceId, workspaceId)))
      .for("update");
    if (!brand) throw new StoreError("not_found", `there is no brand ${kitVersion.brandId} in this workspace`);
    await setCurrentKitVersion(tx, workspaceId, brand, kitVersion, actorId);
    return kitVersion;
  });
}
