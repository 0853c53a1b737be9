import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Database, Store } from "../store/open-store.ts";
import { isUuid } from "../store/ids.ts";
import { jobs, type Job } from "../store/schema.ts";
import {
  type EnqueueOptions,
  JobFailure,
  type JobHandler,
  JobInterrupted,
  type JobQueue,
  type QueuedJob,
  type WorkOptions,
} from "./job-queue.ts";

/** How long a claimed job stays a worker's without a renewal; a dead worker's job is free again after it. */
export const DEFAULT_LEASE_MS = 10_000;
/** How often an idle worker looks for due jobs. */
export const DEFAULT_POLL_MS = 500;
/** Wait before a failed job's next attempt, times the attempt number. */
export const DEFAULT_RETRY_DELAY_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The payload key holding a job's singleton key; the handler never sees it. */
const SINGLETON = "$singletonKey";
/** `last_error` of a cancelled job (the jobs table has no `cancelled` status). */
export const CANCELLED = "cancelled";

export interface TableQueueOptions {
  leaseMs?: number;
  pollMs?: number;
  retryDelayMs?: number;
  /** Where unexpected errors of the worker loop go (default: console.error). */
  onError?: (message: string, error: unknown) => void;
}

/**
 * Adds a job to the `jobs` table. Pass a transaction to enqueue together with the row the job
 * works on (a run and its job commit together or not at all). With a singleton key, an advisory
 * lock makes concurrent enqueuers agree on one job.
 *
 * @example
 * await store.db.transaction(async (tx) => {
 *   const run = await createRun(tx, ...);
 *   await enqueueJob(tx, "generation-run", { runId: run.id }, { workspaceId, singletonKey: run.id });
 * });
 */
export async function enqueueJob(db: Database, type: string, payload: Record<string, unknown>, options: EnqueueOptions): Promise<{ id: string; created: boolean }> {
  return db.transaction(async (tx) => {
    const key = options.singletonKey;
    if (key !== undefined) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`onbrand.job:${type}:${key}`}))`);
      const [existing] = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.type, type), sql`${jobs.payload}->>${SINGLETON} = ${key}`, inArray(jobs.status, ["queued", "running"])))
        .limit(1);
      if (existing) return { id: existing.id, created: false };
    }
    const [row] = await tx
      .insert(jobs)
      .values({
        type,
        workspaceId: options.workspaceId,
        payload: key === undefined ? payload : { ...payload, [SINGLETON]: key },
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      })
      .returning({ id: jobs.id });
    if (!row) throw new Error("insert into jobs returned no row");
    return { id: row.id, created: true };
  });
}

/**
 * Cancels queued or running jobs: by id, or every one of a type with a singleton key. A running
 * handler learns it at its next lease renewal. Returns how many were cancelled.
 *
 * @example await cancelJobs(tx, { type: "generation-run", singletonKey: run.id })
 */
export async function cancelJobs(db: Database, which: { id: string } | { type: string; singletonKey: string }): Promise<number> {
  if ("id" in which && !isUuid(which.id)) return 0;
  const target = "id" in which ? eq(jobs.id, which.id) : and(eq(jobs.type, which.type), sql`${jobs.payload}->>${SINGLETON} = ${which.singletonKey}`);
  const cancelled = await db
    .update(jobs)
    .set({ status: "failed", lastError: CANCELLED, lockedUntil: null, updatedAt: sql`now()` })
    .where(and(target, inArray(jobs.status, ["queued", "running"])))
    .returning({ id: jobs.id });
  return cancelled.length;
}

/**
 * Deletes the finished jobs (succeeded, failed or cancelled) last changed before `olderThan`: rows
 * nothing reads any more, since a generation run keeps its own status. Queued and running jobs stay,
 * however old. Returns how many went.
 *
 * @example await pruneFinishedJobs(store.db, new Date(Date.now() - 7 * 24 * 3_600_000)); // from a periodic maintenance job
 */
export async function pruneFinishedJobs(db: Database, olderThan: Date): Promise<number> {
  const gone = await db
    .delete(jobs)
    .where(and(inArray(jobs.status, ["succeeded", "failed"]), lt(jobs.updatedAt, olderThan)))
    .returning({ id: jobs.id });
  return gone.length;
}

/**
 * A JobQueue over the studio's `jobs` table, the same on PGlite and PostgreSQL. A worker claims due
 * jobs with `FOR UPDATE SKIP LOCKED` (two workers never take the same one), holds each for a lease
 * it renews while the handler runs, and a job whose lease expired (its worker was killed) is
 * claimed again by any worker. Long jobs are never taken from a live worker, since it keeps renewing.
 *
 * @example
 * const queue = createTableQueue(store);
 * queue.work("generation-run", handler, { concurrency: 2 });
 * await queue.stop();
 */
export function createTableQueue(store: Pick<Store, "db">, options: TableQueueOptions = {}): JobQueue {
  const db = store.db;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const onError = options.onError ?? ((message, error) => console.error(`onbrand: ${message}`, error));
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const leaseInterval = sql`${leaseMs} * interval '1 millisecond'`;
  const loops: Promise<void>[] = [];
  const running = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake();
  };
  let stopping = false;
  const stopped = new AbortController();

  async function claim(type: string, max: number): Promise<Job[]> {
    return db.transaction(async (tx) => {
      const due = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(
          and(
            eq(jobs.type, type),
            or(
              and(eq(jobs.status, "queued"), lte(jobs.runAt, sql`now()`)),
              and(eq(jobs.status, "running"), lt(jobs.lockedUntil, sql`now()`), lt(jobs.attempts, jobs.maxAttempts)),
            ),
          ),
        )
        .orderBy(jobs.runAt, jobs.createdAt)
        .limit(max)
        .for("update", { skipLocked: true });
      if (due.length === 0) return [];
      return tx
        .update(jobs)
        .set({
          status: "running",
          attempts: sql`${jobs.attempts} + 1`,
          lockedBy: workerId,
          lockedUntil: sql`now() + ${leaseInterval}`,
          updatedAt: sql`now()`,
        })
        .where(inArray(jobs.id, due.map((d) => d.id)))
        .returning();
    });
  }

  /** Jobs whose last worker died on their last attempt: failed, not run again. */
  async function sweepDead(type: string): Promise<Job[]> {
    return db
      .update(jobs)
      .set({
        status: "failed",
        lastError: sql`'its worker stopped (lease expired) on attempt ' || ${jobs.attempts} || ' of ' || ${jobs.maxAttempts}`,
        lockedUntil: null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(jobs.type, type), eq(jobs.status, "running"), lt(jobs.lockedUntil, sql`now()`), sql`${jobs.attempts} >= ${jobs.maxAttempts}`))
      .returning();
  }

  /** This worker's running job, by id: every change after the claim is guarded by it. */
  const mine = (id: string) => and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.status, "running"));

  async function execute(row: Job, handler: JobHandler, work: WorkOptions): Promise<void> {
    const job = queuedJob(row);
    const abort = new AbortController();
    const interrupt = (why: JobInterrupted["why"]) => {
      if (!abort.signal.aborted) abort.abort(new JobInterrupted(why));
    };
    const onStop = () => interrupt("stopping");
    stopped.signal.addEventListener("abort", onStop);
    let renewedAt = Date.now();
    const renew = setInterval(() => {
      void (async () => {
        try {
          const [held] = await db
            .update(jobs)
            .set({ lockedUntil: sql`now() + ${leaseInterval}`, updatedAt: sql`now()` })
            .where(mine(job.id))
            .returning({ lastError: jobs.lastError });
          if (held) renewedAt = Date.now();
          else {
            const [now] = await db.select({ lastError: jobs.lastError }).from(jobs).where(eq(jobs.id, job.id));
            interrupt(now?.lastError === CANCELLED ? "cancelled" : "lease_lost");
          }
        } catch (error) {
          // A database hiccup: keep trying until the lease would have run out.
          if (Date.now() - renewedAt >= leaseMs) interrupt("lease_lost");
          else onError(`renewing the lease of job ${job.id} failed; retrying`, error);
        }
      })();
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      await handler(job, { signal: abort.signal, workerId });
      await db.update(jobs).set({ status: "succeeded", lockedUntil: null, lastError: null, updatedAt: sql`now()` }).where(mine(job.id));
    } catch (error) {
      const reason = abort.signal.reason as unknown;
      if (reason instanceof JobInterrupted && reason.why === "stopping") {
        // Not the job's fault: back to the queue at once, and this attempt does not count.
        await db
          .update(jobs)
          .set({ status: "queued", attempts: sql`${jobs.attempts} - 1`, runAt: sql`now()`, lockedUntil: null, updatedAt: sql`now()` })
          .where(mine(job.id));
      } else if (reason instanceof JobInterrupted) {
        // Cancelled, or another worker owns it now: nothing of the row is ours to change.
      } else {
        const message = error instanceof Error ? error.message : String(error);
        const final = error instanceof JobFailure || job.attempt >= job.maxAttempts;
        const [updated] = await db
          .update(jobs)
          .set(
            final
              ? { status: "failed", lastError: message, lockedUntil: null, updatedAt: sql`now()` }
              : {
                  status: "queued",
                  lastError: message,
                  lockedUntil: null,
                  runAt: sql`now() + ${retryDelayMs * job.attempt} * interval '1 millisecond'`,
                  updatedAt: sql`now()`,
                },
          )
          .where(mine(job.id))
          .returning({ id: jobs.id });
        if (final && updated) await work.onFailed?.(job, message);
      }
    } finally {
      clearInterval(renew);
      stopped.signal.removeEventListener("abort", onStop);
    }
  }

  async function loop(type: string, handler: JobHandler, work: WorkOptions): Promise<void> {
    const concurrency = Math.max(1, work.concurrency ?? 1);
    const mineRunning = new Set<Promise<void>>();
    let sweptAt = 0;
    while (!stopping) {
      let claimed: Job[] = [];
      try {
        if (Date.now() - sweptAt >= leaseMs / 2) {
          sweptAt = Date.now();
          for (const dead of await sweepDead(type)) await work.onFailed?.(queuedJob(dead), dead.lastError ?? "its worker stopped");
        }
        if (mineRunning.size < concurrency) claimed = await claim(type, concurrency - mineRunning.size);
      } catch (error) {
        if (!stopping) onError(`claiming ${type} jobs failed; retrying`, error);
      }
      for (const row of claimed) {
        const task = execute(row, handler, work).catch((error: unknown) => onError(`job ${row.id} (${type}) could not be finished`, error));
        mineRunning.add(task);
        running.add(task);
        void task.finally(() => {
          mineRunning.delete(task);
          running.delete(task);
          wakeAll();
        });
      }
      if (stopping) break;
      // Full, or nothing due: wait for a free slot, an enqueue in this process or the next poll.
      if (claimed.length === 0 || mineRunning.size >= concurrency) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            sleepers.delete(done);
            resolve();
          };
          const timer = setTimeout(done, pollMs);
          sleepers.add(done);
        });
      }
    }
  }

  return {
    workerId,
    async enqueue(type, payload, enqueueOptions) {
      const result = await enqueueJob(db, type, payload, enqueueOptions);
      wakeAll();
      return result;
    },
    work(type, handler, workOptions = {}) {
      if (stopping) throw new Error("the queue is stopped");
      loops.push(loop(type, handler, workOptions));
    },
    async cancel(jobId) {
      return (await cancelJobs(db, { id: jobId })) > 0;
    },
    async stop() {
      stopping = true;
      stopped.abort();
      wakeAll();
      await Promise.all(loops);
      await Promise.all([...running]);
    },
  };
}

function queuedJob(row: Job): QueuedJob {
  const { [SINGLETON]: key, ...payload } = row.payload;
  return {
    id: row.id,
    type: row.type,
    payload,
    workspaceId: row.workspaceId,
    attempt: row.attempts,
    maxAttempts: row.maxAttempts,
    singletonKey: typeof key === "string" ? key : null,
  };
}
