import { and, desc, eq, sql } from "drizzle-orm";
import type { Finding } from "../core/findings.ts";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import { rows, type Database } from "./open-store.ts";
import { assets, checks, kitVersions, type CheckRow } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";

export interface NewCheck {
  assetId: string;
  /** The asset's `version` whose content was checked. */
  assetVersion: number;
  kitVersionId: string;
  /** The core's findings, as `check` returned them. */
  findings: Finding[];
  /** The core's 0-100 score. */
  score: number;
}

/**
 * Stores one check of an asset: its findings, their counts by level (counted here, so they always
 * agree with the findings) and the score, with the kit version it ran against. Asset and kit version
 * must be of the workspace, or it is a `not_found` StoreError naming the field. The audit entry
 * records the counts and score, not the findings, which the row keeps.
 *
 * @example
 * const { findings, score } = check(kit, { path: "asset", content, format: "json" });
 * await recordCheck(tx, workspaceId, { assetId: asset.id, assetVersion: asset.version, kitVersionId, findings, score }, actorId);
 */
export async function recordCheck(db: Database, workspaceId: string, input: NewCheck, actorId: ActorId): Promise<CheckRow> {
  const counts = { errors: 0, warnings: 0, suggestions: 0 };
  for (const finding of input.findings) {
    if (finding.level === "error") counts.errors++;
    else if (finding.level === "warning") counts.warnings++;
    else counts.suggestions++;
  }
  try {
    return await db.transaction(async (tx) => {
      const wellFormed = isUuid(input.assetId) && isUuid(input.kitVersionId) && isUuid(workspaceId);
      const [found] = wellFormed
        ? rows<{ asset: boolean; kit: boolean }>(
            await tx.execute(
              sql`select exists(select 1 from ${assets} where ${assets.id} = ${input.assetId} and ${assets.workspaceId} = ${workspaceId}) as asset,
                exists(select 1 from ${kitVersions} where ${kitVersions.id} = ${input.kitVersionId} and ${kitVersions.workspaceId} = ${workspaceId}) as kit`,
            ),
          )
        : [];
      if (!found?.asset) throw new StoreError("not_found", `assetId: there is no asset ${input.assetId} in this workspace`);
      if (!found.kit) throw new StoreError("not_found", `kitVersionId: there is no kit version ${input.kitVersionId} in this workspace`);
      const [row] = await tx
        .insert(checks)
        // clock_timestamp, not the transaction's now(): two checks in one transaction keep their order.
        .values({ ...input, ...counts, workspaceId, score: Math.round(input.score), createdAt: sql`clock_timestamp()` })
        .returning();
      if (!row) throw new Error("insert into checks returned no row");
      const { findings: _, ...summary } = row;
      await appendAudit(tx, { workspaceId, actorId, action: "check.create", entityType: "check", entityId: row.id, after: summary });
      return row;
    });
  } catch (error) {
    throw storeErrorFrom(error, "recording a check");
  }
}

/**
 * The newest check of an asset, or undefined (none yet, or not an asset of this workspace).
 *
 * @example
 * (await latestCheck(store.db, workspaceId, asset.id))?.errors // 1
 */
export async function latestCheck(db: Database, workspaceId: string, assetId: string): Promise<CheckRow | undefined> {
  return (await listChecks(db, workspaceId, assetId, 1))[0];
}

/**
 * An asset's checks, newest first (at most `limit`, default 100); empty for another workspace's asset.
 *
 * @example
 * (await listChecks(store.db, workspaceId, asset.id)).map((c) => c.assetVersion) // [3, 1]
 */
export async function listChecks(db: Database, workspaceId: string, assetId: string, limit = 100): Promise<CheckRow[]> {
  if (!isUuid(workspaceId) || !isUuid(assetId)) return [];
  return db
    .select()
    .from(checks)
    .where(and(eq(checks.workspaceId, workspaceId), eq(checks.assetId, assetId)))
    .orderBy(desc(checks.createdAt), desc(checks.id))
    .limit(limit);
}
