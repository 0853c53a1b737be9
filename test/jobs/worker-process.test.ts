import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createApiToken } from "../../src/store/api-tokens.ts";
import { listAssets } from "../../src/store/assets.ts";
import { openStore, type Store } from "../../src/store/open-store.ts";
import { getRun } from "../../src/store/runs.ts";
import { jobs, type GenerationRun, type Job } from "../../src/store/schema.ts";
import { addPerson, createBrand, createWorkspace } from "../../src/store/workspaces.ts";
import { GENERATION_RUN_JOB, startRun, type RunRequest } from "../../src/studio/generation-run.ts";
import { KitCache } from "../../src/studio/workspace-kit.ts";
import { type DatabaseFixture, postgresFixture } from "../support/databases.ts";
import { type MockLlmServer, startMockLlmServer } from "../providers/mock-llm-server.ts";
import { ALL_AUDIENCES, ALL_REGIONS, PUSH_BRIEF, saveDemoUseCases, saveModelKit, slowPushAnswers } from "./run-fixture.ts";

const CLI = fileURLToPath(new URL("./onbrand-cli.ts", import.meta.url));
/** Requests a worker sends at once (the kit's generate.concurrency): at most these are in flight at a kill. */
const IN_FLIGHT = 4;

/** An `onbrand` process and what it printed so far. */
interface OnbrandProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

const url = process.env.DATABASE_URL;

describe("workers and servers as real processes on PostgreSQL", { skip: url ? false : "DATABASE_URL is not set: these tests need PostgreSQL, shared by several processes" }, () => {
  let fixture: DatabaseFixture;
  let store: Store;
  let mock: MockLlmServer;
  let cwd: string;
  let workspaceId: string;
  let creatorId: string;
  const processes: OnbrandProcess[] = [];

  function onbrand(args: string[]): OnbrandProcess {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: fixture.options.url ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const started = { child, output: () => text, exited };
    processes.push(started);
    return started;
  }
  const start = (request: Partial<RunRequest>): Promise<GenerationRun> =>
    startRun(store, new KitCache(), { workspaceId, personId: creatorId }, { useCase: "push", brief: PUSH_BRIEF, ...request });
  const run = async (id: string): Promise<GenerationRun> => {
    const found = await getRun(store.db, workspaceId, id);
    assert.ok(found);
    return found;
  };
  const variants = async (runId: string) => (await listAssets(store.db, workspaceId, { generationRunId: runId, limit: 200 })).items;
  const jobsOf = async (runIds: string[]): Promise<Job[]> =>
    store.db.select().from(jobs).where(and(eq(jobs.type, GENERATION_RUN_JOB), inArray(sql<string>`${jobs.payload}->>'runId'`, runIds)));

  before(async () => {
    fixture = await postgresFixture(url ?? "");
    store = await openStore(fixture.options);
    mock = await startMockLlmServer();
    cwd = mkdtempSync(join(tmpdir(), "onbrand-workers-"));
    const workspace = await createWorkspace(store.db, { name: "Fizzwell" });
    workspaceId = workspace.id;
    const admin = await addPerson(store.db, workspaceId, { email: "admin@fizzwell.example", name: "Admin", role: "admin" }, null);
    creatorId = (await addPerson(store.db, workspaceId, { email: "creator@fizzwell.example", name: "Creator", role: "creator" }, null)).id;
    const brand = await createBrand(store.db, workspaceId, "Fizzwell", admin.id);
    const tenant = { workspace, brand, people: { admin } };
    await saveModelKit(store.db, tenant, { provider: "openai-compatible", baseURL: mock.baseURL, model: "mock", concurrency: IN_FLIGHT });
    await saveDemoUseCases(store.db, tenant, ["push"]);
  });
  after(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(processes.map((p) => p.exited));
    await mock?.close();
    await store?.close();
    await fixture?.drop();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  test("a worker killed mid-run (SIGKILL): a new worker finishes it within seconds, every variant stored once, none generated twice but those in flight", async () => {
    mock.enqueue(...slowPushAnswers(200, 250));
    const requestsBefore = mock.requests.length;
    const started = await start({ audiences: ALL_AUDIENCES, regions: ALL_REGIONS, count: 3 });
    assert.equal(started.planned, 36);

    const doomed = onbrand(["worker", "--concurrency", "1"]);
    await waitFor("a dozen variants", async () => (await variants(started.id)).length >= 12);
    doomed.child.kill("SIGKILL");
    assert.equal(await doomed.exited, null);
    const killedAt = Date.now();
    const storedAtKill = (await variants(started.id)).length;
    assert.ok(storedAtKill < 36, `${storedAtKill} variants before the kill`);
    assert.equal((await run(started.id)).status, "running");

    const next = onbrand(["worker", "--concurrency", "1"]);
    await waitFor("another variant", async () => (await variants(started.id)).length > storedAtKill, 30_000);
    // The dead worker's lease (10 s) runs out, then the next poll claims the job.
    const resumedAfterMs = Date.now() - killedAt;
    assert.ok(resumedAfterMs < 20_000, `resumed after ${resumedAfterMs} ms`);
    await waitFor("the run to finish", async () => (await run(started.id)).status === "finished");

    const stored = await variants(started.id);
    assert.equal(stored.length, 36);
    assert.equal(new Set(stored.map((v) => v.variantId)).size, 36);
    const finished = await run(started.id);
    assert.deepEqual([finished.succeeded, finished.needsReview, finished.failed], [36, 0, 0]);
    assert.equal(finished.summary?.kept_from_earlier_attempts, storedAtKill);
    const [job] = await jobsOf([started.id]);
    assert.deepEqual([job?.status, job?.attempts], ["succeeded", 2]);
    // One request per variant, plus at most the requests in flight when the worker died.
    const requests = mock.requests.length - requestsBefore;
    assert.ok(requests >= 36 && requests <= 36 + IN_FLIGHT, `${requests} model requests for 36 variants`);
    assert.match(next.output(), new RegExp(`run ${started.id}: started \\(attempt 2 of 5\\)`));

    next.child.kill("SIGTERM");
    assert.equal(await next.exited, 0);
  });

  test("two workers share one queue: each run goes to one worker, both get some, no variant is generated twice", async () => {
    mock.enqueue(...slowPushAnswers(24, 150));
    const requestsBefore = mock.requests.length;
    const runs = await Promise.all(Array.from({ length: 6 }, () => start({ audiences: ALL_AUDIENCES, regions: ["west"] })));
    const one = onbrand(["worker", "--concurrency", "1"]);
    const two = onbrand(["worker", "--concurrency", "1"]);
    const ids = runs.map((r) => r.id);
    await waitFor("every run to finish", async () => (await Promise.all(ids.map(run))).every((r) => r.status === "finished"));

    const done = await jobsOf(ids);
    assert.deepEqual(done.map((j) => [j.status, j.attempts]), Array(6).fill(["succeeded", 1]));
    const pids = new Set(done.map((j) => j.lockedBy?.split(":")[1]));
    assert.deepEqual([...pids].sort(), [String(one.child.pid), String(two.child.pid)].sort());
    for (const id of ids) {
      const stored = await variants(id);
      assert.equal(stored.length, 4);
      assert.equal(new Set(stored.map((v) => v.variantId)).size, 4);
    }
    assert.equal(mock.requests.length - requestsBefore, 24);

    one.child.kill("SIGTERM");
    two.child.kill("SIGTERM");
    assert.deepEqual(await Promise.all([one.exited, two.exited]), [0, 0]);
  });

  test("a run queued while the server runs no worker is generated after the server restarts with one", async () => {
    mock.enqueue(...slowPushAnswers(8, 50));
    const { token } = await createApiToken(store.db, workspaceId, { personId: creatorId, name: "tests" }, null);
    const serveOnce = async (args: string[]): Promise<{ server: OnbrandProcess; base: string }> => {
      const server = onbrand(["serve", "--port", "0", ...args]);
      await waitFor("the server to listen", () => /Onbrand Studio on http:\/\/\S+\n[^]*onbrand: worker: /.test(server.output()), 30_000);
      return { server, base: /Onbrand Studio on (http:\/\/\S+)/.exec(server.output())?.[1] ?? "" };
    };
    const call = async (base: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { id: string; status: string; planned: number } };
    };

    const first = await serveOnce(["--no-worker"]);
    assert.match(first.server.output(), /worker: none here; start `onbrand worker` processes/);
    const queued = await call(first.base, "POST", "/api/runs", { useCase: "push", brief: PUSH_BRIEF, audiences: ALL_AUDIENCES, regions: ["south", "west"] });
    assert.deepEqual([queued.status, queued.body.status, queued.body.planned], [202, "queued", 8]);
    await delay(300);
    assert.equal((await call(first.base, "GET", `/api/runs/${queued.body.id}`)).body.status, "queued");
    first.server.child.kill("SIGTERM");
    assert.equal(await first.server.exited, 0);

    const second = await serveOnce([]);
    await waitFor("the run to finish", async () => (await call(second.base, "GET", `/api/runs/${queued.body.id}`)).body.status === "finished");
    const stored = await variants(queued.body.id);
    assert.equal(stored.length, 8);
    assert.equal(new Set(stored.map((v) => v.variantId)).size, 8);
    second.server.child.kill("SIGTERM");
    assert.equal(await second.server.exited, 0);
  });
});
