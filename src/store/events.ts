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

/** What one `POST /api/check` adds to its person's tally for the minute. */
export interface CheckRun {
  /** What was checked: plain `text` or a structured `asset`. */
  input: "text" | "asset";
  errors: number;
  warnings: number;
  suggestions: number;
  score: number;
  /** When it ran (default now): its minute is the tally it goes to. */
  at?: Date;
}

const MINUTE_MS = 60_000;
/** Past this many tallies held (a burst of many people), all are written at once, minute closed or not. */
const MAX_TALLIES = 10_000;
/** Rows per insert statement. */
const INSERT_MAX = 500;

/** One person's checks of one input kind in one minute of one workspace: one `check.run` row. */
interface CheckRunTally {
  workspaceId: string;
  personId: string;
  input: CheckRun["input"];
  minute: number;
  count: number;
  errors: number;
  warnings: number;
  suggestions: number;
  scoreTotal: number;
}

/**
 * Check runs counted in memory and written as one `check.run` row per workspace, person, input kind
 * and minute, when that minute has closed: a row per request cost more CPU than the check itself.
 * Writes go one at a time; a failed write is reported and dropped (events are metrics, not the
 * team's data).
 */
class CheckRunCounter {
  private readonly tallies = new Map<string, CheckRunTally>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires: the end of the earliest open minute held. */
  private timerAt = Infinity;
  private writing: Promise<void> = Promise.resolve();
  private readonly db: Database;
  private readonly onError: (error: unknown) => void;

  constructor(db: Database, onError: (error: unknown) => void) {
    this.db = db;
    this.onError = onError;
  }

  add(workspaceId: string, personId: string, run: CheckRun): void {
    const minute = Math.floor((run.at ?? new Date()).getTime() / MINUTE_MS) * MINUTE_MS;
    const key = `${workspaceId} ${personId} ${run.input} ${minute}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { workspaceId, personId, input: run.input, minute, count: 0, errors: 0, warnings: 0, suggestions: 0, scoreTotal: 0 };
      this.tallies.set(key, tally);
    }
    tally.count++;
    tally.errors += run.errors;
    tally.warnings += run.warnings;
    tally.suggestions += run.suggestions;
    tally.scoreTotal += run.score;
    if (this.tallies.size > MAX_TALLIES) void this.flush();
    else this.wakeAt(minute + MINUTE_MS);
  }

  flush(): Promise<void> {
    this.clearTimer();
    this.write([...this.tallies.values()]);
    this.tallies.clear();
    return this.writing;
  }

  private wakeAt(at: number): void {
    if (at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    // unref: tallies waiting for their minute do not keep a finished process alive.
    this.timer = setTimeout(() => this.writeClosed(), Math.max(0, at - Date.now())).unref();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private writeClosed(): void {
    this.clearTimer();
    const open = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    const closed: CheckRunTally[] = [];
    let next = Infinity;
    for (const [key, tally] of this.tallies) {
      if (tally.minute < open) {
        closed.push(tally);
        this.tallies.delete(key);
      } else next = Math.min(next, tally.minute + MINUTE_MS);
    }
    this.write(closed);
    if (next < Infinity) this.wakeAt(next);
  }

  private write(tallies: CheckRunTally[]): void {
    for (let i = 0; i < tallies.length; i += INSERT_MAX) {
      const rows = tallies.slice(i, i + INSERT_MAX).map((t) => ({
        workspaceId: t.workspaceId,
        personId: t.personId,
        type: "check.run",
        data: { input: t.input, count: t.count, errors: t.errors, warnings: t.warnings, suggestions: t.suggestions, scoreTotal: t.scoreTotal },
        at: new Date(t.minute),
      }));
      this.writing = this.writing.then(() => this.db.insert(usageEvents).values(rows)).then(
        () => undefined,
        (error: unknown) => this.onError(storeErrorFrom(error, `recording ${rows.length} check.run events`)),
      );
    }
  }
}

const counters = new WeakMap<Database, CheckRunCounter>();

/**
 * Counts a `POST /api/check` for the usage metrics without writing it now: the runs of a person,
 * input kind and minute become one `check.run` event (at the minute's start, with `count` and the
 * sums of `errors`, `warnings`, `suggestions` and `score` as `scoreTotal`), written once the minute
 * has closed. A person may get more than one row for a minute (after `flushQueuedEvents`, or early
 * writes past 10,000 tallies held): metrics sum them. The caller vouches that the person is of the
 * workspace (an authenticated actor), since rows are not checked one by one. A write the database
 * refuses goes to `onError` (given by the first caller for this database) and is dropped.
 *
 * @example
 * countCheckRun(store.db, actor.workspaceId, actor.personId, { input: "text", errors: 1, warnings: 0, suggestions: 2, score: 74 }, (e) => logger.error("usage events", e));
 */
export function countCheckRun(db: Database, workspaceId: string, personId: string, run: CheckRun, onError: (error: unknown) => void): void {
  let counter = counters.get(db);
  if (!counter) counters.set(db, (counter = new CheckRunCounter(db, onError)));
  counter.add(workspaceId, personId, run);
}

/**
 * Writes the `check.run` tallies `countCheckRun` holds for this database now, closed minutes or not,
 * and waits until they are written: before shutting down.
 *
 * @example await flushQueuedEvents(store.db); await store.close();
 */
export function flushQueuedEvents(db: Database): Promise<void> {
  return counters.get(db)?.flush() ?? Promise.resolve();
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
