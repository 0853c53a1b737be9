import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "./open-store.ts";
import { decodeCursor, type Page, pageOf, pageSize } from "./pagination.ts";
import { auditLog, type AuditEntry } from "./schema.ts";
import { isUuid } from "./ids.ts";

/** Who makes a change: a person's id, or null for the system (import, the demo loader, migrations). */
export type ActorId = string | null;

export interface NewAuditEntry {
  workspaceId: string;
  actorId: ActorId;
  /** `<entity>.<verb>`, e.g. `asset.update`. */
  action: string;
  entityType: string;
  entityId: string;
  /** The entity before the change (null for a creation). Dates become ISO strings. */
  before?: Record<string, unknown> | null;
  /** The entity after the change (null for a deletion). */
  after?: Record<string, unknown> | null;
}

/**
 * Appends one entry to the audit log. Repositories call it inside the transaction of the change it
 * records, so a change and its entry are written together or not at all; pass that transaction.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   const [row] = await tx.update(assets).set({ status: "approved" }).where(eq(assets.id, id)).returning();
 *   await appendAudit(tx, { workspaceId, actorId, action: "asset.update", entityType: "asset", entityId: id, before, after: row });
 * });
 */
export async function appendAudit(db: Database, entry: NewAuditEntry): Promise<AuditEntry> {
  const [row] = await db
    .insert(auditLog)
    .values({ ...entry, before: entry.before ?? null, after: entry.after ?? null })
    .returning();
  if (!row) throw new Error("insert into audit_log returned no row");
  return row;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  /** At most this many entries (default 100; `listAuditPage`: default 50, at most 200). */
  limit?: number;
}

/**
 * A workspace's audit entries, newest first (by the order they were written).
 *
 * @example
 * (await listAudit(db, workspaceId, { entityType: "asset", entityId: asset.id }))[0]?.action // "asset.update"
 */
export async function listAudit(db: Database, workspaceId: string, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  if (!isUuid(workspaceId)) return [];
  return db
    .select()
    .from(auditLog)
    .where(and(...auditConditions(workspaceId, filter)))
    .orderBy(desc(auditLog.seq))
    .limit(filter.limit ?? 100);
}

/**
 * A page of a workspace's audit entries, newest first, and the cursor of the next page (keyset on
 * `seq`, so deep pages cost what the first does).
 *
 * @example
 * const { items, nextCursor } = await listAuditPage(db, workspaceId, { entityType: "asset", limit: 20 });
 */
export async function listAuditPage(db: Database, workspaceId: string, filter: AuditFilter & { cursor?: string } = {}): Promise<Page<AuditEntry>> {
  const limit = pageSize(filter.limit);
  const conditions = auditConditions(workspaceId, filter);
  if (filter.cursor !== undefined) {
    const [seq] = decodeCursor(filter.cursor, (v) => v.length === 1 && Number.isSafeInteger(v[0]));
    conditions.push(lt(auditLog.seq, seq as number));
  }
  if (!isUuid(workspaceId)) return { items: [], nextCursor: null };
  const found = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(limit + 1);
  return pageOf(found, limit, (entry) => [entry.seq]);
}

function auditConditions(workspaceId: string, filter: AuditFilter): SQL[] {
  const conditions = [eq(auditLog.workspaceId, workspaceId)];
  if (filter.entityType !== undefined) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId !== undefined) conditions.push(eq(auditLog.entityId, filter.entityId));
  return conditions;
}
