import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { databaseTargets } from "../../../test/support/databases.ts";
import { studioSuite } from "../../../test/support/studio.ts";
import { PUSH_BRIEF, saveDemoUseCases } from "../../../test/jobs/run-fixture.ts";
import { listAudit } from "../../store/audit.ts";
import { jobs } from "../../store/schema.ts";
import { GENERATION_RUN_JOB } from "../../studio/generation-run.ts";
import { KitCache } from "../../studio/workspace-kit.ts";
import { startRun } from "../../studio/generation-run.ts";

interface RunJson {
  id: string;
  status: string;
  useCase: string;
  brief: Record<string, unknown>;
  planned: number;
  succeeded: number;
  needsReview: number;
  failed: number;
  audiences: string[] | null;
  count: number;
  summary: unknown;
  error: string | null;
  createdBy: string;
  finishedAt: string | null;
  [key: string]: unknown;
}

const forbidden = (role: string) => ({
  status: 403,
  body: { error: { code: "forbidden", message: `your role (${role}) cannot do this; it needs one of: admin, champion, creator. Ask an admin of your workspace.`, details: [] } },
});
const notFound = (id: string) => ({ status: 404, body: { error: { code: "not_found", message: `there is no run ${id} in your workspace`, details: [] } } });

for (const target of databaseTargets()) {
  describe(`generation run routes on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);
    let runOfB: string;
    before(async () => {
      await saveDemoUseCases(studio.store.db, studio.a, ["push"]);
      await saveDemoUseCases(studio.store.db, studio.b, ["push"]);
      runOfB = (await startRun(studio.store, new KitCache(), { workspaceId: studio.b.workspace.id, personId: studio.b.people.creator.id }, { useCase: "push", brief: PUSH_BRIEF })).id;
    });

    test("POST /api/runs: 202 with the queued run and its Location, a job queued with it, and the audit entry", async () => {
      const response = await studio.app.request("/api/runs", {
        method: "POST",
        headers: { authorization: `Bearer ${studio.a.tokens.creator}`, "content-type": "application/json" },
        body: JSON.stringify({ useCase: "push", brief: { news: PUSH_BRIEF.news }, audiences: ["students"], count: 2 }),
      });
      assert.equal(response.status, 202);
      const run = (await response.json()) as RunJson;
      assert.equal(response.headers.get("location"), `/api/runs/${run.id}`);
      assert.deepEqual(
        { status: run.status, useCase: run.useCase, brief: run.brief, planned: run.planned, counts: [run.succeeded, run.needsReview, run.failed], audiences: run.audiences, count: run.count, createdBy: run.createdBy, summary: run.summary },
        {
          status: "queued",
          useCase: "push",
          brief: { news: PUSH_BRIEF.news, product: "none", time_of_day: "afternoon" },
          planned: 2,
          counts: [0, 0, 0],
          audiences: ["students"],
          count: 2,
          createdBy: studio.a.people.creator.id,
          summary: null,
        },
      );
      const queued = await studio.store.db.select().from(jobs).where(and(eq(jobs.type, GENERATION_RUN_JOB), sql`${jobs.payload}->>'runId' = ${run.id}`));
      assert.deepEqual(queued.map((j) => [j.status, j.workspaceId]), [["queued", studio.a.workspace.id]]);
      const audit = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "generation_run", entityId: run.id });
      assert.deepEqual(audit.map((e) => [e.action, e.actorId]), [["generation_run.create", studio.a.people.creator.id]]);
    });

    test("POST /api/runs: viewers and reviewers may not start runs, whatever they send", async () => {
      for (const role of ["viewer", "reviewer"]) {
        assert.deepEqual(await studio.call(role, "POST", "/api/runs", { useCase: "push", brief: PUSH_BRIEF }), forbidden(role));
        assert.deepEqual(await studio.call(role, "POST", "/api/runs", { useCase: "nope" }), forbidden(role));
      }
    });

    test("POST /api/runs: every bad brief field and target at once, an unknown use case, both brief and briefId, and no keys", async () => {
      const bad = await studio.call("champion", "POST", "/api/runs", { useCase: "push", brief: { product: "Fizzwell Max", newz: "x" }, audiences: ["studnets"] });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body, {
        error: {
          code: "validation_failed",
          message: "the request has 4 invalid fields: see details",
          details: [
            { path: "brief.newz", message: 'the brief has a field "newz" that the use case does not define; did you mean "news"? (rename it to "news")' },
            { path: "brief.news", message: 'the brief needs "news" (The one piece of news ("Fizzwell Zero in elderflower and pear is in shops today").) (add news: "...")' },
            {
              path: "brief.product",
              message: 'brief field "product" must be one of Fizzwell Original, Fizzwell Zero, Fizzwell Citrus Lift, none; found "Fizzwell Max" (write product: Fizzwell Original)',
            },
            { path: "audiences", message: 'audience "studnets" is not one of the kit\'s audiences; did you mean "students"? (write "students")' },
          ],
        },
      });

      assert.deepEqual(await studio.call("creator", "POST", "/api/runs", { useCase: "emial", brief: {} }), {
        status: 404,
        body: { error: { code: "not_found", message: 'useCase: there is no use case "emial" in this workspace\'s library; GET /api/use-cases lists them', details: [] } },
      });
      const both = await studio.call<{ error: { details: unknown[] } }>("creator", "POST", "/api/runs", { useCase: "push", brief: PUSH_BRIEF, briefId: "x", apiKey: "sk-live" });
      assert.equal(both.status, 400);
      assert.deepEqual(both.body.error.details, [
        { path: "apiKey", message: "unknown key; the keys here are useCase, brief, briefId, channels, audiences, regions, count, masterAssetId, provider, model, maxRepairs" },
        { path: "briefId", message: 'send "brief" or "briefId", not both' },
      ]);
    });

    test("GET /api/runs lists the workspace's runs newest first; GET /api/runs/:id reads one; another workspace's run is 404", async () => {
      const started = await studio.call<RunJson>("creator", "POST", "/api/runs", { useCase: "push", brief: PUSH_BRIEF });
      const list = await studio.call<{ items: RunJson[]; nextCursor: string | null }>("viewer", "GET", "/api/runs?limit=1");
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((r) => r.id), [started.body.id]);
      assert.ok(list.body.nextCursor);
      const all = await studio.call<{ items: RunJson[] }>("viewer", "GET", "/api/runs?status=queued");
      assert.ok(all.body.items.every((r) => r.status === "queued"));
      assert.ok(!all.body.items.some((r) => r.id === runOfB));
      assert.deepEqual(await studio.call("viewer", "GET", `/api/runs/${started.body.id}`), { status: 200, body: started.body });
      assert.deepEqual(await studio.call("viewer", "GET", `/api/runs/${runOfB}`), notFound(runOfB));
      assert.deepEqual(await studio.call("viewer", "GET", "/api/runs/not-an-id"), notFound("not-an-id"));
    });

    test("POST /api/runs/:id/cancel: 403 for viewers and reviewers, 404 for another workspace's run, cancelled once, then 409 invalid_transition", async () => {
      const started = await studio.call<RunJson>("creator", "POST", "/api/runs", { useCase: "push", brief: PUSH_BRIEF });
      const path = `/api/runs/${started.body.id}/cancel`;
      assert.deepEqual(await studio.call("viewer", "POST", path), forbidden("viewer"));
      assert.deepEqual(await studio.call("reviewer", "POST", `/api/runs/${runOfB}/cancel`), forbidden("reviewer"));
      assert.deepEqual(await studio.call("creator", "POST", `/api/runs/${runOfB}/cancel`), notFound(runOfB));
      const cancelled = await studio.call<RunJson>("champion", "POST", path);
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.status, "cancelled");
      assert.match(cancelled.body.finishedAt ?? "", /^\d{4}-/);
      const job = await studio.store.db.select().from(jobs).where(and(eq(jobs.type, GENERATION_RUN_JOB), sql`${jobs.payload}->>'runId' = ${started.body.id}`));
      assert.deepEqual(job.map((j) => [j.status, j.lastError]), [["failed", "cancelled"]]);
      assert.deepEqual(await studio.call("creator", "POST", path), {
        status: 409,
        body: { error: { code: "invalid_transition", message: `run ${started.body.id} is cancelled: only a queued or running run can be cancelled`, details: [] } },
      });
      const audit = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "generation_run", entityId: started.body.id });
      assert.deepEqual(audit.map((e) => [e.action, e.actorId]), [
        ["generation_run.cancel", studio.a.people.champion.id],
        ["generation_run.create", studio.a.people.creator.id],
      ]);
      assert.equal((await studio.call<RunJson>("viewer", "GET", `/api/runs/${runOfB}`)).status, 404);
    });
  });
}
