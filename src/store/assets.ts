import type { FieldValue } from "../core/parse/structured.ts";
import { and, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import { rows, type Database } from "./open-store.ts";
import { afterTimeKey, decodeTimeKey, type Page, pageOf, pageSize, timeKeyText } from "./pagination.ts";
import { assets, generationRuns, kitVersions, people, useCaseVersions, useCases, type Asset, type AssetKind, type AssetStatus } from "./schema.ts";
import { sqlState, StoreError, storeErrorFrom } from "./store-error.ts";

export interface NewAsset {
  kind: AssetKind;
  title?: string | null;
  fields: Record<string, FieldValue>;
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
export type AssetChanges = Partial<Pick<Asset, "title" | "fields" | "status" | "channel" | "locale" | "audience" | "region">>;

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
 * field; so must the acting person, who is recorded as its creator. A `variantId` already used in
 * the workspace is `already_exists`. The references are checked in one query.
 *
 * @example
 * const asset = await createAsset(store.db, workspace.id, { kind: "master", fields: { body: "Hello" }, channel: "email" }, actorId);
 */
export async function createAsset(db: Database, workspaceId: string, input: NewAsset, actorId: ActorId): Promise<Asset> {
  try {
    return await db.transaction(async (tx) => {
      await requireReferences(tx, workspaceId, input, actorId);
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

/** The first reference of `input` (or the actor) that is not in the workspace, as a `not_found` StoreError. */
async function requireReferences(db: Database, workspaceId: string, input: NewAsset, actorId: ActorId): Promise<void> {
  const wanted: { field: string; label: string; id: string; table: PgTable & { id: AnyPgColumn; workspaceId: AnyPgColumn } }[] = [];
  for (const [field, table, label] of REFERENCES) {
    const id = input[field];
    if (id != null) wanted.push({ field, label, id, table });
  }
  if (actorId !== null) wanted.push({ field: "createdBy", label: "person", id: actorId, table: people });
  const notFound = (w: (typeof wanted)[number]) =>
    w.field === "createdBy"
      ? new StoreError("not_found", `createdBy: the acting person ${w.id} is not a person of this workspace: act as someone of this workspace`)
      : new StoreError("not_found", `${w.field}: there is no ${w.label} ${w.id} in this workspace: pick one of this workspace`);
  const malformed = wanted.find((w) => !isUuid(w.id));
  if (malformed) throw notFound(malformed);
  if (wanted.length === 0) return;
  // One round trip for every reference: `exists` per reference, in the order of `wanted`.
  const checks = wanted.map(
    (w, i) => sql`exists(select 1 from ${w.table} where ${w.table.id} = ${w.id} and ${w.table.workspaceId} = ${workspaceId}) as ${sql.identifier(`r${i}`)}`,
  );
  const [found] = rows<Record<string, boolean>>(await db.execute(sql`select ${sql.join(checks, sql`, `)}`));
  const missing = wanted.find((_, i) => found?.[`r${i}`] !== true);
  if (missing) throw notFound(missing);
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

/** Which assets `listAssets` returns; every filter is optional and they combine with "and". */
export interface AssetFilter {
  status?: AssetStatus;
  kind?: AssetKind;
  useCaseId?: string;
  channel?: string;
  generationRunId?: string;
  parentAssetId?: string;
  createdBy?: string;
  /** At most this many (default 50, at most 200). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

const ID_FILTERS = ["useCaseId", "generationRunId", "parentAssetId", "createdBy"] as const;

/**
 * A page of a workspace's assets, newest first (by creation, then id), and the cursor of the next
 * page. The cursor is keyset-based, so a page costs the same however deep it is, and assets created
 * while paging do not shift the pages. A malformed id in a filter matches nothing.
 *
 * @example
 * const first = await listAssets(store.db, workspace.id, { status: "in_review", limit: 20 });
 * const second = first.nextCursor ? await listAssets(store.db, workspace.id, { status: "in_review", limit: 20, cursor: first.nextCursor }) : undefined;
 */
export async function listAssets(db: Database, workspaceId: string, filter: AssetFilter = {}): Promise<Page<Asset>> {
  const limit = pageSize(filter.limit);
  const after = filter.cursor === undefined ? undefined : decodeTimeKey(filter.cursor);
  if (!isUuid(workspaceId) || ID_FILTERS.some((key) => filter[key] !== undefined && !isUuid(filter[key] ?? ""))) return { items: [], nextCursor: null };
  const conditions: SQL[] = [eq(assets.workspaceId, workspaceId)];
  if (filter.status !== undefined) conditions.push(eq(assets.status, filter.status));
  if (filter.kind !== undefined) conditions.push(eq(assets.kind, filter.kind));
  if (filter.channel !== undefined) conditions.push(eq(assets.channel, filter.channel));
  if (filter.useCaseId !== undefined) conditions.push(eq(assets.useCaseId, filter.useCaseId));
  if (filter.generationRunId !== undefined) conditions.push(eq(assets.generationRunId, filter.generationRunId));
  if (filter.parentAssetId !== undefined) conditions.push(eq(assets.parentAssetId, filter.parentAssetId));
  if (filter.createdBy !== undefined) conditions.push(eq(assets.createdBy, filter.createdBy));
  if (after) conditions.push(afterTimeKey(assets.createdAt, assets.id, after));
  const found = await db
    .select({ ...getTableColumns(assets), cursorAt: timeKeyText(assets.createdAt) })
    .from(assets)
    .where(and(...conditions))
    .orderBy(desc(assets.createdAt), desc(assets.id))
    .limit(limit + 1);
  const page = pageOf(found, limit, (row) => [row.cursorAt, row.id]);
  return { items: page.items.map(({ cursorAt: _, ...asset }) => asset), nextCursor: page.nextCursor };
}
