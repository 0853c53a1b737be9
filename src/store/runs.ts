import { and, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import { rows, type Database } from "./open-store.ts";
import { afterTimeKey, decodeTimeKey, type Page, pageOf, pageSize, timeKeyText } from "./pagination.ts";
import { assets, briefs, generationRuns, kitVersions, useCases, useCaseVersions, type GenerationRun, type RunStatus } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";

export interface NewRun {
  useCaseId: string;
  kitVersionId: string;
  useCaseVersionId: string;
  briefId?: string | null;
  /** The core's plan hash: a resumed run must plan exactly these variants. */
  planHash: string;
  /** How many variants the plan has. */
  planned: number;
  /** What to generate: brief, targets, count, model choice, master asset (never a key). */
  settings: Record<string, unknown>;
}

/** Statuses a run may move to from each status; `running -> running` is a new attempt after a dead worker. */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ["running", "cancelled", "failed"],
  running: ["running", "queued", "finished", "cancelled", "failed"],
  finished: [],
  cancelled: [],
  failed: [],
};

/** A run that has ended: finished, cancelled or failed. */
export const ENDED_RUN_STATUSES: readonly RunStatus[] = ["finished", "cancelled", "failed"];

/** References a run may carry, each of which must point into the run's own workspace. */
const REFERENCES = [
  ["useCaseId", useCases, "use case"],
  ["kitVersionId", kitVersions, "kit version"],
  ["useCaseVersionId", useCaseVersions, "use-case version"],
  ["briefId", briefs, "brief"],
] as const satisfies readonly (readonly [keyof NewRun, PgTable & { id: AnyPgColumn; workspaceId: AnyPgColumn }, string])[];

/**
 * Creates a queued generation run (and its audit entry). Every reference must be of the
 * workspace, or it is a `not_found` StoreError naming the field. Pass a transaction to enqueue
 * its job in the same commit.
 *
 * @example
 * const run = await createRun(tx, workspaceId, { useCaseId, kitVersionId, useCaseVersionId, planHash, planned: 12, settings }, actorId);
 */
export async function createRun(db: Database, workspaceId: string, input: NewRun, actorId: ActorId): Promise<GenerationRun> {
  try {
    return await db.transaction(async (tx) => {
      for (const [field, table, label] of REFERENCES) {
        const id = input[field];
        if (id == null) continue;
        const [found] = isUuid(id)
          ? rows<{ found: boolean }>(await tx.execute(sql`select exists(select 1 from ${table} where ${table.id} = ${id} and ${table.workspaceId} = ${workspaceId}) as found`))
          : [];
        if (!found?.found) throw new StoreError("not_found", `${field}: there is no ${label} ${id} in this workspace: pick one of this workspace`);
      }
      const [run] = await tx
        .insert(generationRuns)
        .values({ ...input, workspaceId, status: "queued", createdBy: actorId })
        .returning();
      if (!run) throw new Error("insert into generation_runs returned no row");
      await appendAudit(tx, { workspaceId, actorId, action: "generation_run.create", entityType: "generation_run", entityId: run.id, after: run });
      return run;
    });
  } catch (error) {
    throw storeErrorFrom(error, "creating a generation run");
  }
}

/**
 * One run of the workspace, or undefined (also for another workspace's id).
 *
 * @example (await getRun(store.db, workspace.id, run.id))?.status // "running"
 */
export async function getRun(db: Database, workspaceId: string, id: string): Promise<GenerationRun | undefined> {
  if (!isUuid(workspaceId) || !isUuid(id)) return undefined;
  const [run] = await db
    .select()
    .from(generationRuns)
    .where(and(eq(generationRuns.workspaceId, workspaceId), eq(generationRuns.id, id)));
  return run;
}

export interface RunFilter {
  status?: RunStatus;
  /** At most this many (default 50, at most 200). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * A page of the workspace's runs, newest first, and the cursor of the next page.
 *
 * @example (await listRuns(store.db, workspace.id, { status: "running" })).items.length
 */
export async function listRuns(db: Database, workspaceId: string, filter: RunFilter = {}): Promise<Page<GenerationRun>> {
  const limit = pageSize(filter.limit);
  const after = filter.cursor === undefined ? undefined : decodeTimeKey(filter.cursor);
  if (!isUuid(workspaceId)) return { items: [], nextCursor: null };
  const conditions: SQL[] = [eq(generationRuns.workspaceId, workspaceId)];
  if (filter.status !== undefined) conditions.push(eq(generationRuns.status, filter.status));
  if (after) conditions.push(afterTimeKey(generationRuns.createdAt, generationRuns.id, after));
  const found = await db
    .select({ ...getTableColumns(generationRuns), cursorAt: timeKeyText(generationRuns.createdAt) })
    .from(generationRuns)
    .where(and(...conditions))
    .orderBy(desc(generationRuns.createdAt), desc(generationRuns.id))
    .limit(limit + 1);
  const page = pageOf(found, limit, (row) => [row.cursorAt, row.id]);
  return { items: page.items.map(({ cursorAt: _, ...run }) => run), nextCursor: page.nextCursor };
}

/** A run's variant counters. */
export interface RunCounts {
  succeeded: number;
  needsReview: number;
  failed: number;
}

/**
 * Adds to a run's counters as variants finish (`{succeeded: 1}`), or sets them (`mode: "set"`, when
 * a resumed run recounts what earlier attempts stored). Not audited: the counters follow from the
 * variants, whose assets are, and an entry per variant would bury the run's own history.
 *
 * @example await updateRunProgress(tx, workspaceId, run.id, { needsReview: 1 });
 */
export async function updateRunProgress(db: Database, workspaceId: string, id: string, counts: Partial<RunCounts>, mode: "add" | "set" = "add"): Promise<void> {
  if (!isUuid(workspaceId) || !isUuid(id)) throw new StoreError("not_found", `there is no generation run ${id} in this workspace`);
  const value = (column: AnyPgColumn, n: number | undefined) => (n === undefined ? undefined : mode === "add" ? sql`${column} + ${n}` : sql`${n}`);
  const updated = await db
    .update(generationRuns)
    .set({
      succeeded: value(generationRuns.succeeded, counts.succeeded),
      needsReview: value(generationRuns.needsReview, counts.needsReview),
      failed: value(generationRuns.failed, counts.failed),
      updatedAt: sql`now()`,
    })
    .where(and(eq(generationRuns.workspaceId, workspaceId), eq(generationRuns.id, id)))
    .returning({ id: generationRuns.id });
  if (updated.length === 0) throw new StoreError("not_found", `there is no generation run ${id} in this workspace`);
}

/** The audit verb of a move to each status. */
const STATUS_ACTIONS: Readonly<Record<RunStatus, string>> = { queued: "requeue", running: "start", finished: "finish", cancelled: "cancel", failed: "fail" };

export interface RunStatusChange {
  /** Only from these statuses (default: every status RUN_TRANSITIONS allows to move to the new one). */
  from?: readonly RunStatus[];
  summary?: Record<string, unknown> | null;
  error?: string | null;
  counts?: RunCounts;
}

/**
 * Moves a run to a status (and its audit entry), with the summary, error or counters that go with
 * it. Starting sets `startedAt` once; an ended status sets `finishedAt`. A run in a status the
 * change does not start from (a cancel of a finished run, a finish of a cancelled one) is a
 * `conflict` StoreError naming both, and nothing changes.
 *
 * @example
 * await setRunStatus(store.db, workspaceId, run.id, "cancelled", {}, actorId);
 */
export async function setRunStatus(db: Database, workspaceId: string, id: string, status: RunStatus, change: RunStatusChange, actorId: ActorId): Promise<GenerationRun> {
  const from = change.from ?? (Object.keys(RUN_TRANSITIONS) as RunStatus[]).filter((s) => RUN_TRANSITIONS[s].includes(status));
  return db.transaction(async (tx) => {
    const [before] =
      isUuid(workspaceId) && isUuid(id)
        ? await tx
            .select()
            .from(generationRuns)
            .where(and(eq(generationRuns.workspaceId, workspaceId), eq(generationRuns.id, id)))
            .for("update")
        : [];
    if (!before) throw new StoreError("not_found", `there is no generation run ${id} in this workspace`);
    if (!from.includes(before.status)) {
      throw new StoreError("conflict", `generation run ${id} is ${before.status}; it cannot become ${status}`);
    }
    const ended = ENDED_RUN_STATUSES.includes(status);
    const [after] = await tx
      .update(generationRuns)
      .set({
        status,
        ...(change.summary !== undefined ? { summary: change.summary } : {}),
        ...(change.error !== undefined ? { error: change.error } : {}),
        ...(change.counts ?? {}),
        ...(status === "running" && before.startedAt === null ? { startedAt: sql`now()` } : {}),
        ...(ended ? { finishedAt: sql`now()` } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(generationRuns.workspaceId, workspaceId), eq(generationRuns.id, id)))
      .returning();
    if (!after) throw new Error(`update of generation run ${id} returned no row`);
    const action = status !== before.status ? STATUS_ACTIONS[status] : status === "running" ? "resume" : "update";
    await appendAudit(tx, { workspaceId, actorId, action: `generation_run.${action}`, entityType: "generation_run", entityId: id, before, after });
    return after;
  });
}

/**
 * The variants a run has stored, by variant id, with their status: what a resumed run skips.
 *
 * @example (await storedVariants(db, workspaceId, run.id)).size // 17
 */
export async function storedVariants(db: Database, workspaceId: string, runId: string): Promise<Map<string, string>> {
  if (!isUuid(workspaceId) || !isUuid(runId)) return new Map();
  const found = await db
    .select({ variantId: assets.variantId, status: assets.status })
    .from(assets)
    .where(and(eq(assets.workspaceId, workspaceId), eq(assets.generationRunId, runId), eq(assets.kind, "variant")));
  return new Map(found.flatMap((a) => (a.variantId === null ? [] : [[a.variantId, a.status]])));
}
