import { and, desc, eq, getTableColumns, gte, lt, sql, type SQL } from "drizzle-orm";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { afterTimeKey, decodeTimeKey, type Page, pageOf, pageSize, timeKeyText } from "./pagination.ts";
import { people, usageEvents, type UsageEvent } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";

export interface NewUsageEvent {
  /** Who did it; null for the system. */
  personId: string | null;
  /** `<area>.<verb>`, e.g. `asset.created`, `check.run`; docs/workflow.md lists them. */
  type: string;
  /** What the dashboard's metrics need: ids, counts, flags; never copy or secrets. */
  data?: Record<string, unknown>;
}

/**
 * Records what someone did, for adoption and throughput metrics. Events are facts about use, not
 * changes to the team's data, so they have no audit entry; pass the transaction of the change they
 * describe so both are written or neither. The person must be of the workspace (checked in the
 * same statement), or it is a `not_found` StoreError.
 *
 * @example
 * await recordEvent(tx, workspaceId, { personId: actor.personId, type: "asset.submitted", data: { assetId } });
 */
export async function recordEvent(db: Database, workspaceId: string, input: NewUsageEvent): Promise<UsageEvent> {
  const data = input.data ?? {};
  // clock_timestamp, not the transaction's now(): events of one transaction keep their order.
  const at = sql`clock_timestamp()`;
  let row: UsageEvent | undefined;
  try {
    if (input.personId === null) {
      [row] = await db.insert(usageEvents).values({ workspaceId, personId: null, type: input.type, data, at }).returning();
    } else if (isUuid(input.personId) && isUuid(workspaceId)) {
      // insert … select: the membership check and the insert in one round trip.
      [row] = await db
        .insert(usageEvents)
        .select(
          db
            // Every column of the table, in its order, as drizzle's insert … select requires.
            .select({
              id: sql`gen_random_uuid()`.as("id"),
              workspaceId: people.workspaceId,
              personId: people.id,
              type: sql`${input.type}`.as("type"),
              data: sql`${JSON.stringify(data)}::jsonb`.as("data"),
              at: sql`${at}`.as("at"),
            })
            .from(people)
            .where(and(eq(people.id, input.personId), eq(people.workspaceId, workspaceId))),
        )
        .returning();
    }
  } catch (error) {
    throw storeErrorFrom(error, "recording a usage event");
  }
  if (!row) throw new StoreError("not_found", `personId: there is no person ${input.personId} in this workspace`);
  return row;
}

/** How long a queued event waits for others before its batch is written, and the most one batch holds. */
const BATCH_DELAY_MS = 1000;
const BATCH_MAX = 500;
/** Queued events beyond this many (the database is down) are dropped, oldest first, and reported. */
const QUEUE_MAX = 20_000;

/**
 * Usage events written in batches: for events on a hot path (`check.run` on every POST /api/check),
 * where a write per request would cost more than the request itself. Batches are written one at a
 * time, at most BATCH_DELAY_MS after their first event; a failed batch is reported and dropped
 * (events are metrics, not the team's data).
 */
class EventQueue {
  private pending: (typeof usageEvents.$inferInsert)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly db: Database;
  private readonly onError: (error: unknown) => void;

  constructor(db: Database, onError: (error: unknown) => void) {
    this.db = db;
    this.onError = onError;
  }

  add(row: typeof usageEvents.$inferInsert): void {
    this.pending.push(row);
    if (this.pending.length > QUEUE_MAX) {
      const dropped = this.pending.splice(0, this.pending.length - QUEUE_MAX).length;
      this.onError(new StoreError("query_failed", `dropped ${dropped} queued usage events: the database has not taken them; check that it is reachable`));
    }
    if (this.pending.length >= BATCH_MAX) void this.flush();
    // unref: a pending batch does not keep a finished process alive.
    else this.timer ??= setTimeout(() => void this.flush(), BATCH_DELAY_MS).unref();
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH_MAX);
      this.writing = this.writing.then(() => this.db.insert(usageEvents).values(batch)).then(
        () => undefined,
        (error: unknown) => this.onError(storeErrorFrom(error, `recording ${batch.length} usage events`)),
      );
    }
    return this.writing;
  }
}

const queues = new WeakMap<Database, EventQueue>();

/**
 * Queues a usage event to be written with others, at most a second later, instead of writing it now:
 * for the hot paths. The caller vouches that the person is of the workspace (an authenticated
 * actor), since a batch is not checked row by row. A batch the database refuses goes to `onError`
 * (given by the first caller for this database) and is dropped. `flushQueuedEvents` writes what
 * waits, e.g. before shutting down.
 *
 * @example
 * queueEvent(store.db, actor.workspaceId, { personId: actor.personId, type: "check.run", data: counts }, (e) => logger.error("usage events", e));
 */
export function queueEvent(db: Database, workspaceId: string, input: NewUsageEvent, onError: (error: unknown) => void): void {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new EventQueue(db, onError)));
  queue.add({ workspaceId, personId: input.personId, type: input.type, data: input.data ?? {}, at: new Date() });
}

/**
 * Writes the events `queueEvent` holds for this database now, and waits until they are written.
 *
 * @example await flushQueuedEvents(store.db); await store.close();
 */
export function flushQueuedEvents(db: Database): Promise<void> {
  return queues.get(db)?.flush() ?? Promise.resolve();
}

export interface EventFilter {
  type?: string;
  /** From this time on (inclusive). */
  since?: Date;
  /** Before this time (exclusive). */
  until?: Date;
  /** At most this many (default 50, at most 200). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * A page of a workspace's usage events, newest first, and the cursor of the next page.
 *
 * @example
 * const { items } = await listEvents(store.db, workspaceId, { type: "review.approve", since: new Date("2026-01-05") });
 */
export async function listEvents(db: Database, workspaceId: string, filter: EventFilter = {}): Promise<Page<UsageEvent>> {
  const limit = pageSize(filter.limit);
  const after = filter.cursor === undefined ? undefined : decodeTimeKey(filter.cursor);
  if (!isUuid(workspaceId)) return { items: [], nextCursor: null };
  const conditions: SQL[] = [eq(usageEvents.workspaceId, workspaceId)];
  if (filter.type !== undefined) conditions.push(eq(usageEvents.type, filter.type));
  if (filter.since !== undefined) conditions.push(gte(usageEvents.at, filter.since));
  if (filter.until !== undefined) conditions.push(lt(usageEvents.at, filter.until));
  if (after) conditions.push(afterTimeKey(usageEvents.at, usageEvents.id, after));
  const found = await db
    .select({ ...getTableColumns(usageEvents), cursorAt: timeKeyText(usageEvents.at) })
    .from(usageEvents)
    .where(and(...conditions))
    .orderBy(desc(usageEvents.at), desc(usageEvents.id))
    .limit(limit + 1);
  const page = pageOf(found, limit, (row) => [row.cursorAt, row.id]);
  return { items: page.items.map(({ cursorAt: _, ...event }) => event), nextCursor: page.nextCursor };
}
