import { and, desc, eq } from "drizzle-orm";
import { loadKit } from "../core/engine/load-kit.ts";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { brands, kitVersions, type KitVersion } from "./schema.ts";
import { StoreError } from "./store-error.ts";

/**
 * The version of a kit's files: exactly what `loadKit(files).kit.version` reports (use-case files
 * do not count; they carry versions of their own). Loading also validates the kit, so an invalid
 * kit throws its KitError (file:line:column and the fix) instead of becoming a version.
 *
 * @example kitVersionOf({ "brand/brand.yaml": "name: Fizzwell\n" }).length // 16
 */
export function kitVersionOf(files: Record<string, string>): string {
  return loadKit(files).kit.version;
}

export interface NewKitVersion {
  brandId: string;
  /** Workspace-relative path -> file text (the kit's files, without the use-case library). */
  files: Record<string, string>;
}

/**
 * Saves a brand kit's files as an immutable version named by their content hash, and makes it the
 * brand's current version. Saving the files of an existing version writes no new version
 * (`created: false`) and makes that one current again (a rollback); saving the current version's
 * files changes nothing and writes no audit entry, so an import can be repeated safely.
 *
 * @example
 * const { kitVersion, created } = await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files }, actorId);
 */
export async function saveKitVersion(
  db: Database,
  workspaceId: string,
  input: NewKitVersion,
  actorId: ActorId,
): Promise<{ kitVersion: KitVersion; created: boolean }> {
  const version = kitVersionOf(input.files);
  return db.transaction(async (tx) => {
    const [brand] = isUuid(input.brandId) && isUuid(workspaceId)
      ? await tx
          .select({ id: brands.id, currentKitVersionId: brands.currentKitVersionId })
          .from(brands)
          .where(and(eq(brands.id, input.brandId), eq(brands.workspaceId, workspaceId)))
      : [];
    if (!brand) throw new StoreError("not_found", `brandId: there is no brand ${input.brandId} in this workspace: create the brand first, or pick one of this workspace`);
    const [inserted] = await tx
      .insert(kitVersions)
      .values({ workspaceId, brandId: input.brandId, version, files: input.files, createdBy: actorId })
      .onConflictDoNothing({ target: [kitVersions.brandId, kitVersions.version] })
      .returning();
    if (inserted) {
      // The files stay in the immutable row; the audit entry names them without copying them.
      const { files, ...row } = inserted;
      await appendAudit(tx, {
        workspaceId,
        actorId,
        action: "kit_version.create",
        entityType: "kit_version",
        entityId: inserted.id,
        after: { ...row, paths: Object.keys(files).sort() },
      });
      await setCurrentKitVersion(tx, workspaceId, brand, inserted, actorId);
      return { kitVersion: inserted, created: true };
    }
    const [existing] = await tx
      .select()
      .from(kitVersions)
      .where(and(eq(kitVersions.workspaceId, workspaceId), eq(kitVersions.brandId, input.brandId), eq(kitVersions.version, version)));
    if (!existing) throw new Error(`kit version ${version} conflicted on insert but cannot be read`);
    await setCurrentKitVersion(tx, workspaceId, brand, existing, actorId);
    return { kitVersion: existing, created: false };
  });
}

/**
 * Points a brand at one of its kit versions, with the `brand.set_current_kit_version` audit entry,
 * inside the caller's transaction (which has the brand row read, locked where it matters). Nothing
 * happens when it is current already.
 *
 * @example await setCurrentKitVersion(tx, workspace.id, brand, olderVersion, actorId);
 */
export async function setCurrentKitVersion(
  tx: Database,
  workspaceId: string,
  brand: { id: string; currentKitVersionId: string | null },
  kitVersion: KitVersion,
  actorId: ActorId,
): Promise<void> {
  if (brand.currentKitVersionId === kitVersion.id) return;
  await tx.update(brands).set({ currentKitVersionId: kitVersion.id }).where(and(eq(brands.id, brand.id), eq(brands.workspaceId, workspaceId)));
  await appendAudit(tx, {
    workspaceId,
    actorId,
    action: "brand.set_current_kit_version",
    entityType: "brand",
    entityId: brand.id,
    before: { currentKitVersionId: brand.currentKitVersionId },
    after: { currentKitVersionId: kitVersion.id, version: kitVersion.version },
  });
}

/**
 * A brand's kit versions, newest first; empty for a brand of another workspace.
 *
 * @example
 * (await listKitVersions(store.db, workspace.id, brand.id)).map((v) => v.version) // ["9f…", "3a…"]
 */
export async function listKitVersions(db: Database, workspaceId: string, brandId: string): Promise<KitVersion[]> {
  if (!isUuid(workspaceId) || !isUuid(brandId)) return [];
  return db
    .select()
    .from(kitVersions)
    .where(and(eq(kitVersions.workspaceId, workspaceId), eq(kitVersions.brandId, brandId)))
    .orderBy(desc(kitVersions.createdAt), desc(kitVersions.id));
}
