import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import { databaseTargets, type DatabaseFixture } from "../../test/support/databases.ts";
import { openStore, type Store } from "../store/open-store.ts";
import { jobs, type Job } from "../store/schema.ts";
import { JobFailure, JobInterrupted, type JobQueue, type QueuedJob } from "./job-queue.ts";
import { CANCELLED, createTableQueue, pruneFinishedJobs, type TableQueueOptions } from "./table-queue.ts";

const FAST = { leaseMs: 500, pollMs: 20, retryDelayMs: 0 } satisfies TableQueueOptions;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

// One contract, every database the studio runs on.
for (const target of databaseTargets()) {
  describe(`job queue contract on ${target.name}`, { skip: target.skip }, () => {
    let fixture: DatabaseFixture;
    let store: Store;
    const queues: JobQueue[] = [];
    const errors: string[] = [];
    const queue = (options: TableQueueOptions = FAST): JobQueue => {
      const q = createTableQueue(store, { ...options, onError: (message, error) => void errors.push(`${message}: ${String(error)}`) });
      queues.push(q);
      return q;
    };
    const row = async (id: string): Promise<Job> => {
      const [found] = await store.db.select().from(jobs).where(eq(jobs.id, id));
      assert.ok(found, `job ${id} exists`);
      return found;
    };

    before(async () => {
      fixture = await target.make();
      store = await openStore(fixture.options);
    });
    after(async () => {
      for (const q of queues) await q.stop();
      assert.deepEqual(errors, []);
      await store?.close();
      await fixture?.drop();
    });

    test("pruneFinishedJobs: finished jobs last changed before the cut go; newer ones, and queued or running ones however old, stay", async () => {
      const cut = new Date(Date.now() - 7 * 86_400_000);
      const before = new Date(cut.getTime() - 1000);
      const since = new Date(cut.getTime() + 60_000);
      await store.db.insert(jobs).values([
        { type: "prune", status: "succeeded", updatedAt: before },
        { type: "prune", status: "failed", lastError: CANCELLED, updatedAt: before },
        { type: "prune", status: "queued", updatedAt: before },
        { type: "prune", status: "running", updatedAt: before },
        { type: "prune", status: "succeeded", updatedAt: since },
        { type: "prune", status: "failed", updatedAt: since },
      ]);
      assert.equal(await pruneFinishedJobs(store.db, cut), 2);
      const left = await store.db.select({ status: jobs.status, updatedAt: jobs.updatedAt }).from(jobs).where(eq(jobs.type, "prune"));
      assert.deepEqual(left.map((j) => `${j.status} ${j.updatedAt.toISOString()}`).sort(), [
        `failed ${since.toISOString()}`,
        `queued ${before.toISOString()}`,
        `running ${before.toISOString()}`,
        `succeeded ${since.toISOString()}`,
      ]);
      await store.db.delete(jobs).where(eq(jobs.type, "prune"));
    });

    test("a job runs once with its payload, and its row records who ran it", async () => {
      const q = queue();
      const seen: QueuedJob[] = [];
      const { id, created } = await q.enqueue("basic", { runId: "r1" }, { workspaceId: null });
      assert.equal(created, true);
      q.work("basic", async (job) => {
        seen.push(job);
      });
      await waitFor("the job to succeed", async () => (await row(id)).status === "succeeded");
      assert.deepEqual(seen, [{ id, type: "basic", payload: { runId: "r1" }, workspaceId: null, attempt: 1, maxAttempts: 3, singletonKey: null }]);
      const done = await row(id);
      assert.deepEqual([done.attempts, done.lockedBy, done.lockedUntil, done.lastError], [1, q.workerId, null, null]);
    });

    test("a singleton key: enqueueing it again while it is queued or running returns that job; once it ended, a new one", async () => {
      const q = queue();
      const first = await q.enqueue("single", { n: 1 }, { workspaceId: null, singletonKey: "run-a" });
      const again = await q.enqueue("single", { n: 2 }, { workspaceId: null, singletonKey: "run-a" });
      const other = await q.enqueue("single", { n: 3 }, { workspaceId: null, singletonKey: "run-b" });
      assert.deepEqual(again, { id: first.id, created: false });
      assert.notEqual(other.id, first.id);
      const seen: unknown[] = [];
      q.work("single", async (job) => {
        seen.push([job.payload, job.singletonKey]);
      });
      await waitFor("both jobs", async () => (await row(other.id)).status === "succeeded" && (await row(first.id)).status === "succeeded");
      assert.deepEqual(seen.sort(), [[{ n: 1 }, "run-a"], [{ n: 3 }, "run-b"]]);
      const later = await q.enqueue("single", { n: 4 }, { workspaceId: null, singletonKey: "run-a" });
      assert.equal(later.created, true);
    });

    test("a failing job is retried until it succeeds; the error is kept only while it fails", async () => {
      const q = queue();
      const attempts: number[] = [];
      const { id } = await q.enqueue("flaky", {}, { workspaceId: null });
      q.work("flaky", async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error(`boom ${job.attempt}`);
      });
      await waitFor("the third attempt to succeed", async () => (await row(id)).status === "succeeded");
      assert.deepEqual(attempts, [1, 2, 3]);
      assert.deepEqual([(await row(id)).attempts, (await row(id)).lastError], [3, null]);
    });

    test("the last attempt's error fails the job and reaches onFailed; a JobFailure fails it at once", async () => {
      const q = queue();
      const failed: [string, string][] = [];
      const always = await q.enqueue("doomed", {}, { workspaceId: null, maxAttempts: 2 });
      const hopeless = await q.enqueue("doomed", { hopeless: true }, { workspaceId: null, maxAttempts: 5 });
      q.work(
        "doomed",
        async (job) => {
          if (job.payload.hopeless) throw new JobFailure("set OPENAI_API_KEY");
          throw new Error(`boom ${job.attempt}`);
        },
        { onFailed: (job, error) => void failed.push([job.id, error]) },
      );
      await waitFor("both to fail", async () => (await row(always.id)).status === "failed" && (await row(hopeless.id)).status === "failed");
      assert.deepEqual([(await row(always.id)).attempts, (await row(always.id)).lastError], [2, "boom 2"]);
      assert.deepEqual([(await row(hopeless.id)).attempts, (await row(hopeless.id)).lastError], [1, "set OPENAI_API_KEY"]);
      assert.deepEqual(failed.sort(), [[always.id, "boom 2"], [hopeless.id, "set OPENAI_API_KEY"]].sort());
    });

    test("a dead worker's job (lease expired) is claimed again; on its last attempt it is failed instead", async () => {
      const [orphan, lastChance] = await store.db
        .insert(jobs)
        .values([
          { type: "orphan", status: "running", attempts: 1, lockedBy: "dead-worker", lockedUntil: sql`now() - interval '1 second'` },
          { type: "orphan", status: "running", attempts: 3, maxAttempts: 3, lockedBy: "dead-worker", lockedUntil: sql`now() - interval '1 second'` },
        ])
        .returning();
      assert.ok(orphan && lastChance);
      const q = queue();
      const ran: number[] = [];
      const failed: string[] = [];
      q.work("orphan", async (job) => void ran.push(job.attempt), { onFailed: (job, error) => void failed.push(`${job.id} ${error}`) });
      await waitFor("the orphan to finish", async () => (await row(orphan.id)).status === "succeeded" && (await row(lastChance.id)).status === "failed");
      assert.deepEqual(ran, [2]);
      assert.equal((await row(orphan.id)).lockedBy, q.workerId);
      assert.deepEqual(failed, [`${lastChance.id} its worker stopped (lease expired) on attempt 3 of 3`]);
    });

    test("a job running longer than its lease is never taken from its live worker", async () => {
      const owner = queue();
      const thief = queue();
      const { id } = await owner.enqueue("long", {}, { workspaceId: null });
      let stolen = false;
      owner.work("long", async () => {
        await delay(FAST.leaseMs * 4);
      });
      await waitFor("the owner to claim it", async () => (await row(id)).status === "running");
      thief.work("long", async () => {
        stolen = true;
      });
      await waitFor("the job to succeed", async () => (await row(id)).status === "succeeded");
      assert.equal(stolen, false);
      assert.deepEqual([(await row(id)).lockedBy, (await row(id)).attempts], [owner.workerId, 1]);
    });

    test("two workers share one queue: each job runs exactly once, and both do some", async () => {
      const one = queue();
      const two = queue();
      const ids = await Promise.all(Array.from({ length: 8 }, (_, n) => one.enqueue("shared", { n }, { workspaceId: null })));
      const runs = new Map<string, string[]>();
      const handler = (worker: string) => async (job: QueuedJob) => {
        runs.set(job.id, [...(runs.get(job.id) ?? []), worker]);
        await delay(60);
      };
      one.work("shared", handler("one"));
      two.work("shared", handler("two"));
      await waitFor("every job", async () => (await Promise.all(ids.map(({ id }) => row(id)))).every((r) => r.status === "succeeded"));
      assert.deepEqual([...runs.values()].map((w) => w.length), Array(8).fill(1));
      const workers = new Set([...runs.values()].flat());
      assert.deepEqual([...workers].sort(), ["one", "two"]);
    });

    test("cancel: a queued job never runs; a running job's handler is told, and the row stays cancelled", async () => {
      const q = queue();
      const queued = await q.enqueue("cancel-me", { which: "queued" }, { workspaceId: null, maxAttempts: 1 });
      assert.equal(await q.cancel(queued.id), true);
      assert.equal(await q.cancel(queued.id), false);
      const live = await q.enqueue("cancel-me", { which: "live" }, { workspaceId: null });
      const ran: unknown[] = [];
      let reason: unknown;
      q.work("cancel-me", async (job, { signal }) => {
        ran.push(job.payload.which);
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        reason = signal.reason;
        throw signal.reason;
      });
      await waitFor("the live job to start", () => ran.length === 1);
      assert.equal(await q.cancel(live.id), true);
      await waitFor("the handler to be told", () => reason !== undefined);
      assert.ok(reason instanceof JobInterrupted && reason.why === "cancelled");
      await delay(FAST.leaseMs);
      assert.deepEqual(ran, ["live"]);
      for (const id of [queued.id, live.id]) assert.deepEqual([(await row(id)).status, (await row(id)).lastError], ["failed", CANCELLED]);
    });

    test("stop: a running handler is told, its job goes back to the queue without using an attempt, and another worker finishes it", async () => {
      const leaving = queue();
      const { id } = await leaving.enqueue("handover", {}, { workspaceId: null });
      let reason: unknown;
      leaving.work("handover", async (_job, { signal }) => {
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        reason = signal.reason;
        throw signal.reason;
      });
      await waitFor("the job to start", async () => (await row(id)).status === "running");
      await leaving.stop();
      assert.ok(reason instanceof JobInterrupted && reason.why === "stopping");
      assert.deepEqual([(await row(id)).status, (await row(id)).attempts, (await row(id)).lockedUntil], ["queued", 0, null]);
      const next = queue();
      const attempts: number[] = [];
      next.work("handover", async (job) => void attempts.push(job.attempt));
      await waitFor("the other worker to finish it", async () => (await row(id)).status === "succeeded");
      assert.deepEqual(attempts, [1]);
    });
  });
}
