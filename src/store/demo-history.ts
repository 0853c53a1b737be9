import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./open-store.ts";
import { assets, checks, reviews, usageEvents } from "./schema.ts";

/** When each step of an asset's history happened, for demo data that spans past weeks. */
export interface AssetTimeline {
  created: Date;
  submitted?: Date | undefined;
  reviewed?: Date | undefined;
  published?: Date | undefined;
}

/**
 * Moves an asset's history into the past: the asset's own times, its checks, its reviews and the
 * usage events about it. Only the demo loader uses it, on a workspace marked as demo data; the
 * audit log is append-only and keeps the time the demo was loaded.
 *
 * @example await backdateAsset(tx, workspace.id, asset.id, { created: new Date("2026-10-01T09:00:00Z") });
 */
export async function backdateAsset(db: Database, workspaceId: string, assetId: string, timeline: AssetTimeline): Promise<void> {
  const last = timeline.published ?? timeline.reviewed ?? timeline.submitted ?? timeline.created;
  await db
    .update(assets)
    .set({ createdAt: timeline.created, updatedAt: last })
    .where(and(eq(assets.workspaceId, workspaceId), eq(assets.id, assetId)));
  await db
    .update(checks)
    .set({ createdAt: timeline.created })
    .where(and(eq(checks.workspaceId, workspaceId), eq(checks.assetId, assetId)));
  await db
    .update(reviews)
    .set({ createdAt: timeline.reviewed ?? last })
    .where(and(eq(reviews.workspaceId, workspaceId), eq(reviews.assetId, assetId)));
  const at = sql`case
    when ${usageEvents.type} = 'asset.submitted' then ${(timeline.submitted ?? last).toISOString()}::timestamptz
    when ${usageEvents.type} like 'review.%' then ${(timeline.reviewed ?? last).toISOString()}::timestamptz
    when ${usageEvents.type} = 'asset.published' then ${(timeline.published ?? last).toISOString()}::timestamptz
    else ${timeline.created.toISOString()}::timestamptz end`;
  await db
    .update(usageEvents)
    .set({ at })
    .where(and(eq(usageEvents.workspaceId, workspaceId), sql`${usageEvents.data}->>'assetId' = ${assetId}`));
}

/**
 * Moves one usage event into the past (demo data only).
 *
 * @example await backdateEvent(tx, workspace.id, event.id, new Date("2026-10-02T14:00:00Z"));
 */
export async function backdateEvent(db: Database, workspaceId: string, eventId: string, at: Date): Promise<void> {
  await db
    .update(usageEvents)
    .set({ at })
    .where(and(eq(usageEvents.workspaceId, workspaceId), eq(usageEvents.id, eventId)));
}
