import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { and, eq, sql } from "drizzle-orm";
import { planVariants } from "../core/generate/variant-plan.ts";
import { databaseTargets } from "../../test/support/databases.ts";
import { openStudio, type Studio, type TenantFixture } from "../../test/support/studio.ts";
import { ALL_AUDIENCES, ALL_REGIONS, PUSH_BRIEF, saveDemoUseCases, saveModelKit, slowPushAnswers } from "../../test/jobs/run-fixture.ts";
import { type MockLlmServer, openaiAnswer, startMockLlmServer } from "../../test/providers/mock-llm-server.ts";
import type { JobQueue } from "../jobs/job-queue.ts";
import { createTableQueue } from "../jobs/table-queue.ts";
import { createAsset, listAssets } from "../store/assets.ts";
import { listAudit } from "../store/audit.ts";
import { latestCheck } from "../store/checks.ts";
import { getRun } from "../store/runs.ts";
import { jobs, type GenerationRun, type Job } from "../store/schema.ts";
import { cancelRun, GENERATION_RUN_JOB, generationRunFailed, generationRunHandler, RUN_MAX_ATTEMPTS, runVariantId, startRun } from "./generation-run.ts";
import { KitCache } from "./workspace-kit.ts";

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

for (const target of databaseTargets()) {
  describe(`generation runs as jobs on ${target.name}`, { skip: target.skip }, () => {
    let studio: Studio;
    let mock: MockLlmServer;
    let a: TenantFixture;
    let b: TenantFixture;
    const queues: JobQueue[] = [];

    before(async () => {
      studio = await openStudio(await target.make());
      mock = await startMockLlmServer();
      ({ a, b } = studio);
      await saveDemoUseCases(studio.store.db, a, ["push"]);
      // Workspace B generates with the mock model server, four requests at a time.
      await saveModelKit(studio.store.db, b, { provider: "openai-compatible", baseURL: mock.baseURL, model: "mock", concurrency: 2 });
      await saveDemoUseCases(studio.store.db, b, ["push"]);
    });
    after(async () => {
      for (const q of queues) await q.stop();
      await mock?.close();
      await studio?.close();
    });

    /** A worker over the studio's database with its own kit cache, as `onbrand worker` runs one. */
    function worker(env: Record<string, string> = {}): JobQueue {
      const queue = createTableQueue(studio.store, { leaseMs: 2000, pollMs: 25, retryDelayMs: 0 });
      queue.work(GENERATION_RUN_JOB, generationRunHandler({ store: studio.store, kits: new KitCache(), env, cancelPollMs: 50 }), {
        concurrency: 2,
        onFailed: generationRunFailed(studio.store),
      });
      queues.push(queue);
      return queue;
    }
    const run = async (tenant: TenantFixture, id: string): Promise<GenerationRun> => {
      const found = await getRun(studio.store.db, tenant.workspace.id, id);
      assert.ok(found, `run ${id}`);
      return found;
    };
    const jobOf = async (runId: string): Promise<Job> => {
      const [found] = await studio.store.db.select().from(jobs).where(and(eq(jobs.type, GENERATION_RUN_JOB), sql`${jobs.payload}->>'runId' = ${runId}`));
      assert.ok(found, `the job of run ${runId}`);
      return found;
    };
    const variantsOf = async (tenant: TenantFixture, runId: string) => (await listAssets(studio.store.db, tenant.workspace.id, { generationRunId: runId, limit: 200 })).items;

    test("a template run: one job queued with the run; every planned variant stored once with its lineage and check; counters, summary and audit", async () => {
      const started = await startRun(studio.store, new KitCache(), { workspaceId: a.workspace.id, personId: a.people.creator.id }, { useCase: "push", brief: PUSH_BRIEF });
      assert.deepEqual([started.status, started.planned, started.succeeded, started.createdBy], ["queued", 2, 0, a.people.creator.id]);
      const job = await jobOf(started.id);
      assert.deepEqual([job.status, job.workspaceId, job.maxAttempts, job.payload], ["queued", a.workspace.id, RUN_MAX_ATTEMPTS, { runId: started.id, $singletonKey: started.id }]);

      worker();
      await waitFor("the run to finish", async () => (await run(a, started.id)).status === "finished");
      const finished = await run(a, started.id);
      const variants = await variantsOf(a, started.id);
      assert.equal(variants.length, 2);
      assert.deepEqual([finished.succeeded + finished.needsReview, finished.failed], [2, 0]);
      assert.equal(finished.needsReview, variants.filter((v) => v.status === "draft").length);
      assert.ok(finished.startedAt && finished.finishedAt && finished.error === null);
      assert.deepEqual(
        { variants: finished.summary?.variants, failed: finished.summary?.failed, not_run: finished.summary?.not_run, model: finished.summary?.model, kept: finished.summary?.kept_from_earlier_attempts },
        { variants: 2, failed: 0, not_run: 0, model: "template", kept: 0 },
      );
      assert.deepEqual(variants.map((v) => v.audience).sort(), ["office-workers", "students"]);
      for (const v of variants) {
        assert.deepEqual(
          [v.kind, v.channel, v.useCaseId, v.kitVersionId, v.useCaseVersionId, v.provider, v.model, v.generationRunId, v.createdBy, v.parentAssetId],
          ["variant", "push", started.useCaseId, started.kitVersionId, started.useCaseVersionId, "template", "template", started.id, a.people.creator.id, null],
        );
        assert.match(v.variantId ?? "", new RegExp(`^${started.id}/[0-9a-f]{16}$`));
        assert.match(v.promptPrefixHash ?? "", /^[0-9a-f]{16}$/);
        assert.match(v.briefHash ?? "", /^[0-9a-f]{16}$/);
        assert.ok(["checked", "draft"].includes(v.status));
        const check = await latestCheck(studio.store.db, a.workspace.id, v.id);
        assert.deepEqual([check?.assetVersion, check?.kitVersionId], [1, started.kitVersionId]);
      }
      assert.equal((await jobOf(started.id)).status, "succeeded");
      const audit = await listAudit(studio.store.db, a.workspace.id, { entityType: "generation_run", entityId: started.id });
      assert.deepEqual(audit.map((e) => [e.action, e.actorId]).reverse(), [
        ["generation_run.create", a.people.creator.id],
        ["generation_run.start", null],
        ["generation_run.finish", null],
      ]);
    });

    test("a variant's stored check is the one the run judged it by: the use case's output rules as well as the kit's", async () => {
      // Both answers give the push's body as true, not text; with no re-asks they go to review as they
      // are. The stored fields leave the true out (it is not copy), the stored check keeps the reason.
      const title = JSON.stringify({ fields: { title: "A new flavor just landed", body: true } });
      mock.enqueue(openaiAnswer(title), openaiAnswer(title));
      const started = await startRun(studio.store, new KitCache(), { workspaceId: b.workspace.id, personId: b.people.creator.id }, { useCase: "push", brief: PUSH_BRIEF, maxRepairs: 0 });
      worker();
      await waitFor("the run to finish", async () => (await run(b, started.id)).status === "finished");
      const variants = await variantsOf(b, started.id);
      assert.deepEqual(variants.map((v) => [v.status, v.fields]), [["draft", { title: "A new flavor just landed" }], ["draft", { title: "A new flavor just landed" }]]);
      for (const v of variants) {
        const check = await latestCheck(studio.store.db, b.workspace.id, v.id);
        assert.deepEqual(
          check?.findings.map((f) => [f.rule, f.level, f.field, f.line, f.column, f.message]),
          [["Output.Type", "error", "body", 1, 1, "body must be text; found true"]],
        );
        assert.deepEqual([check?.errors, check?.warnings, check?.suggestions], [1, 0, 0]);
      }
      assert.equal((await run(b, started.id)).needsReview, 2);
    });

    test("a resumed run keeps the variants an earlier attempt stored and generates only the rest", async () => {
      const kits = new KitCache();
      const started = await startRun(studio.store, kits, { workspaceId: a.workspace.id, personId: a.people.creator.id }, { useCase: "push", brief: PUSH_BRIEF, audiences: ["students", "parents", "fitness"] });
      const { kit, library } = await kits.library(studio.store.db, a.workspace.id);
      const plan = planVariants(kit, library.get("push")!, [started.settings.brief as Record<string, string>], { audiences: ["students", "parents", "fitness"] });
      assert.equal(plan.planHash, started.planHash);
      const kept = await createAsset(
        studio.store.db,
        a.workspace.id,
        { kind: "variant", fields: { title: "kept", body: "from the attempt before" }, status: "checked", generationRunId: started.id, variantId: runVariantId(started.id, plan.variants[1]!.id) },
        a.people.creator.id,
      );
      worker();
      await waitFor("the run to finish", async () => (await run(a, started.id)).status === "finished");
      const variants = await variantsOf(a, started.id);
      assert.equal(variants.length, 3);
      assert.equal(new Set(variants.map((v) => v.variantId)).size, 3);
      assert.deepEqual(variants.find((v) => v.id === kept.id)?.fields, { title: "kept", body: "from the attempt before" });
      const finished = await run(a, started.id);
      assert.equal(finished.succeeded + finished.needsReview, 3);
      assert.equal(finished.summary?.kept_from_earlier_attempts, 1);
    });

    test("a missing API key fails the run at once, naming the variable to set in the worker's environment", async () => {
      const started = await startRun(
        studio.store,
        new KitCache(),
        { workspaceId: a.workspace.id, personId: a.people.creator.id },
        { useCase: "push", brief: PUSH_BRIEF, provider: "openai", model: "gpt-4.1-mini" },
      );
      worker({});
      await waitFor("the run to fail", async () => (await run(a, started.id)).status === "failed");
      const failed = await run(a, started.id);
      assert.equal(failed.error, "set OPENAI_API_KEY (or api_key_env in onbrand.yaml) to use openai:gpt-4.1-mini in the worker's environment");
      assert.equal((await variantsOf(a, started.id)).length, 0);
      const job = await jobOf(started.id);
      assert.deepEqual([job.status, job.attempts], ["failed", 1]);
    });

    test("cancel while running: the worker stops between variants, keeps what it stored, and asks the model nothing more", async () => {
      mock.enqueue(...slowPushAnswers(60, 150));
      const started = await startRun(studio.store, new KitCache(), { workspaceId: b.workspace.id, personId: b.people.creator.id }, {
        useCase: "push",
        brief: PUSH_BRIEF,
        audiences: ALL_AUDIENCES,
        regions: ALL_REGIONS,
      });
      assert.equal(started.planned, 12);
      worker();
      await waitFor("two variants", async () => (await variantsOf(b, started.id)).length >= 2);
      const cancelled = await cancelRun(studio.store.db, b.workspace.id, started.id, b.people.creator.id);
      assert.equal(cancelled.status, "cancelled");
      assert.deepEqual([(await jobOf(started.id)).status, (await jobOf(started.id)).lastError], ["failed", "cancelled"]);
      await waitFor("the worker to write the summary", async () => (await run(b, started.id)).summary !== null);
      // Requests sent before the stop may still be arriving at the mock server, which shares this process.
      await delay(200);
      const requestsAtEnd = mock.requests.length;
      await delay(400);
      assert.equal(mock.requests.length, requestsAtEnd);
      const ended = await run(b, started.id);
      const stored = (await variantsOf(b, started.id)).length;
      assert.equal(ended.status, "cancelled");
      assert.ok(stored < 12, `${stored} variants stored`);
      assert.equal(ended.succeeded, stored);
      assert.equal(ended.summary?.not_run, 12 - stored);
      assert.equal(ended.finishedAt instanceof Date, true);
      const audit = await listAudit(studio.store.db, b.workspace.id, { entityType: "generation_run", entityId: started.id });
      assert.deepEqual(audit.map((e) => [e.action, e.actorId]).reverse(), [
        ["generation_run.create", b.people.creator.id],
        ["generation_run.start", null],
        ["generation_run.cancel", b.people.creator.id],
        ["generation_run.update", null],
      ]);
    });

    test("a stopping worker puts the run back in the queue; the next worker finishes it without duplicates", async () => {
      // Only this test's workers: another would take the job back at once.
      for (const q of queues.splice(0)) await q.stop();
      mock.enqueue(...slowPushAnswers(60, 100));
      const first = mock.requests.length;
      const started = await startRun(studio.store, new KitCache(), { workspaceId: b.workspace.id, personId: b.people.creator.id }, {
        useCase: "push",
        brief: PUSH_BRIEF,
        audiences: ALL_AUDIENCES,
        regions: ["northeast", "west"],
      });
      const leaving = worker();
      await waitFor("two variants", async () => (await variantsOf(b, started.id)).length >= 2);
      await leaving.stop();
      assert.equal((await run(b, started.id)).status, "queued");
      assert.deepEqual([(await jobOf(started.id)).status, (await jobOf(started.id)).attempts], ["queued", 0]);
      worker();
      await waitFor("the run to finish", async () => (await run(b, started.id)).status === "finished");
      const variants = await variantsOf(b, started.id);
      assert.equal(variants.length, 8);
      assert.equal(new Set(variants.map((v) => v.variantId)).size, 8);
      assert.equal((await run(b, started.id)).succeeded, 8);
      // At most the two requests in flight at the stop were sent again.
      assert.ok(mock.requests.length - first <= 8 + 2, `${mock.requests.length - first} requests`);
    });
  });
}
