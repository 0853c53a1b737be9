import { and, desc, eq, sql } from "drizzle-orm";
import type { Finding } from "../core/findings.ts";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import { rows, type Database } from "./open-store.ts";
import { assets, people, reviews, workspaces, type Review, type ReviewDecision } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";

/**
 * The workspace setting (in `workspaces.settings`) that lets people review assets they created
 * themselves; off unless it is `true`.
 */
export const SELF_APPROVAL_SETTING = "allowSelfApproval";

export interface NewReview {
  assetId: string;
  reviewerId: string;
  decision: ReviewDecision;
  reason?: string | null;
  /** Approved despite error-level findings (then `reason` says why). */
  override?: boolean;
  /** Findings of the asset's latest check the reviewer dismissed as false positives. */
  dismissedFindings?: Finding[];
}

/**
 * Stores a review decision (and its audit entry). The asset and the reviewer must be of the
 * workspace, or it is a `not_found` StoreError naming the field. The rules of the workflow (who may
 * review, when a reason or an override is needed) are the caller's: see src/studio/asset-workflow.ts.
 *
 * @example
 * await createReview(tx, workspaceId, { assetId, reviewerId, decision: "reject", reason: "Off-brand tone" }, reviewerId);
 */
export async function createReview(db: Database, workspaceId: string, input: NewReview, actorId: ActorId): Promise<Review> {
  try {
    return await db.transaction(async (tx) => {
      const wellFormed = isUuid(input.assetId) && isUuid(input.reviewerId) && isUuid(workspaceId);
      const [found] = wellFormed
        ? rows<{ asset: boolean; reviewer: boolean }>(
            await tx.execute(
              sql`select exists(select 1 from ${assets} where ${assets.id} = ${input.assetId} and ${assets.workspaceId} = ${workspaceId}) as asset,
                exists(select 1 from ${people} where ${people.id} = ${input.reviewerId} and ${people.workspaceId} = ${workspaceId}) as reviewer`,
            ),
          )
        : [];
      if (!found?.asset) throw new StoreError("not_found", `assetId: there is no asset ${input.assetId} in this workspace`);
      if (!found.reviewer) throw new StoreError("not_found", `reviewerId: there is no person ${input.reviewerId} in this workspace`);
      const [row] = await tx
        .insert(reviews)
        .values({
          workspaceId,
          assetId: input.assetId,
          reviewerId: input.reviewerId,
          decision: input.decision,
          reason: input.reason ?? null,
          override: input.override ?? false,
          dismissedFindings: input.dismissedFindings ?? [],
          createdAt: sql`clock_timestamp()`,
        })
        .returning();
      if (!row) throw new Error("insert into reviews returned no row");
      await appendAudit(tx, { workspaceId, actorId, action: "review.create", entityType: "review", entityId: row.id, after: row });
      return row;
    });
  } catch (error) {
    throw storeErrorFrom(error, "recording a review");
  }
}

/**
 * An asset's reviews, newest first; empty for another workspace's asset.
 *
 * @example
 * (await listReviews(store.db, workspaceId, asset.id)).map((r) => r.decision) // ["approve", "request_changes"]
 */
export async function listReviews(db: Database, workspaceId: string, assetId: string): Promise<Review[]> {
  if (!isUuid(workspaceId) || !isUuid(assetId)) return [];
  return db
    .select()
    .from(reviews)
    .where(and(eq(reviews.workspaceId, workspaceId), eq(reviews.assetId, assetId)))
    .orderBy(desc(reviews.createdAt), desc(reviews.id));
}

/**
 * Whether the workspace lets people review their own assets (`settings.allowSelfApproval` is `true`).
 *
 * @example await selfApprovalAllowed(store.db, workspaceId) // false
 */
export async function selfApprovalAllowed(db: Database, workspaceId: string): Promise<boolean> {
  if (!isUuid(workspaceId)) return false;
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.settings[SELF_APPROVAL_SETTING] === true;
}
