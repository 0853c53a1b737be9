import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { assets, generationRuns, kitVersions, useCaseVersions, useCases, type Asset, type AssetKind, type AssetStatus } from "./schema.ts";
import { sqlState, StoreError, storeErrorFrom } from "./store-error.ts";

export interface NewAsset {
  kind: AssetKind;
  fields: Record<string, string>;
  status?: AssetStatus;
  channel?: string | null;
  locale?: string | null;
  audience?: string | null;
  region?: string | null;
  useCaseId?: string | null;
  kitVersionId?: string | null;
  useCaseVersionId?: string | null;
  provider?: string | null;
  model?: string | null;
  promptPrefixHash?: string | null;
  briefHash?: string | null;
  parentAssetId?: string | null;
  generationRunId?: string | null;
  variantId?: string | null;
}

/** What an edit may change; lineage is fixed when the asset is created. */
export type AssetChanges = Partial<Pick<Asset, "fields" | "status" | "channel" | "locale" | "audience" | "region">>;

/** References an asset may carry, each of which must point into the asset's own workspace. */
const REFERENCES = [
  ["useCaseId", useCases, "use case"],
  ["kitVersionId", kitVersions, "kit version"],
  ["useCaseVersionId", useCaseVersions, "use-case version"],
  ["parentAssetId", assets, "asset"],
  ["generationRunId", generationRuns, "generation run"],
] as const satisfies readonly (readonly [keyof NewAsset, PgTable & { id: AnyPgColumn; workspaceId: AnyPgColumn }, string])[];

/**
 * Creates an asset at version 1 (and its audit entry). Every reference (use case, kit version,
 * parent, run) must belong to the same workspace, or it is a `not_found` StoreError naming the
 * field; a `variantId` already used in the workspace is `already_exists`.
 *
 * @example
 * const asset = await createAsset(store.db, workspace.id, { kind: "master", fields: { body: "Hello" }, channel: "email" }, actorId);
 */
export async function createAsset(db: Database, workspaceId: string, input: NewAsset, actorId: ActorId): Promise<Asset> {
  try {
    return await db.transaction(async (tx) => {
      for (const [field, table, label] of REFERENCES) {
        const id = input[field];
        if (id != null && !(await existsInWorkspace(tx, table, id, workspaceId))) {
          throw new StoreError("not_found", `${field}: there is no ${label} ${id} in this workspace: pick one of this workspace`);
        }
      }
      const [asset] = await tx
        .insert(assets)
        .values({ ...input, workspaceId, createdBy: actorId })
        .returning();
      if (!asset) throw new Error("insert into assets returned no row");
      await appendAudit(tx, { workspaceId, actorId, action: "asset.create", entityType: "asset", entityId: asset.id, after: asset });
      return asset;
    });
  } catch (error) {
    if (sqlState(error) === "23505") {
      throw new StoreError("already_exists", `variantId: variant "${input.variantId}" already exists in this workspace: generate it under another id, or update the existing asset`);
    }
    throw storeErrorFrom(error, "creating an asset");
  }
}

async function existsInWorkspace(db: Database, table: PgTable & { id: AnyPgColumn; workspaceId: AnyPgColumn }, id: string, workspaceId: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const found = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, id), eq(table.workspaceId, workspaceId)));
  return found.length > 0;
}

/**
 * One asset of a workspace; undefined when there is none with that id in *this* workspace (an id
 * of another workspace is not found, never returned).
 *
 * @example
 * await getAsset(store.db, otherWorkspace.id, asset.id) // undefined
 */
export async function getAsset(db: Database, workspaceId: string, id: string): Promise<Asset | undefined> {
  if (!isUuid(workspaceId) || !isUuid(id)) return undefined;
  const [asset] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.workspaceId, workspaceId), eq(assets.id, id)));
  return asset;
}

/**
 * Edits an asset if nobody changed it since the caller read it: `expectedVersion` is the `version`
 * the edit was made to. On success the version goes up by one and the audit entry holds the asset
 * before and after. Another edit in between is a `conflict` StoreError and changes nothing.
 *
 * @example
 * const asset = await getAsset(store.db, workspaceId, id);
 * await updateAsset(store.db, workspaceId, id, asset.version, { status: "in_review" }, actorId);
 */
export async function updateAsset(
  db: Database,
  workspaceId: string,
  id: string,
  expectedVersion: number,
  changes: AssetChanges,
  actorId: ActorId,
): Promise<Asset> {
  return db.transaction(async (tx) => {
    const [before] = isUuid(workspaceId) && isUuid(id)
      ? await tx
          .select()
          .from(assets)
          .where(and(eq(assets.workspaceId, workspaceId), eq(assets.id, id)))
          .for("update")
      : [];
    if (!before) throw new StoreError("not_found", `there is no asset ${id} in this workspace`);
    if (before.version !== expectedVersion) {
      throw new StoreError(
        "conflict",
        `asset ${id} was changed by someone else (it is at version ${before.version}, the edit was made to version ${expectedVersion}): reload it and edit again`,
      );
    }
    const [after] = await tx
      .update(assets)
      .set({ ...changes, version: sql`${assets.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(assets.id, id), eq(assets.workspaceId, workspaceId)))
      .returning();
    if (!after) throw new Error(`update of asset ${id} returned no row`);
    await appendAudit(tx, { workspaceId, actorId, action: "asset.update", entityType: "asset", entityId: id, before, after });
    return after;
  });
}
