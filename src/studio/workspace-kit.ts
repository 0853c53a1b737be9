import { and, asc, eq } from "drizzle-orm";
import { type Kit, loadKit } from "../core/engine/load-kit.ts";
import { isUuid } from "../store/ids.ts";
import type { Database } from "../store/open-store.ts";
import { brands, kitVersions, type KitVersion } from "../store/schema.ts";
import { StoreError } from "../store/store-error.ts";

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
    const [row] = isUuid(kitVersionId)
      ? await db
          .select()
          .from(kitVersions)
          .where(and(eq(kitVersions.id, kitVersionId), eq(kitVersions.workspaceId, workspaceId)))
      : [];
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

  /** Forgets the workspace's current version id, after this process changed it. */
  invalidate(workspaceId: string): void {
    this.currentIds.delete(workspaceId);
  }
}
