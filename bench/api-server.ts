/**
 * One server for bench/api-throughput.ts, run in its own process: `onbrand` (the real API on the demo
 * kit), `hello` (a bare Hono hello-world, the ceiling) or `answer` (a bare Hono route that reads a
 * check request's JSON and sends the check's answer, worked out before the run: the floor of the
 * request and answer alone, without a caller, validation or the engine). Listens on a free loopback port and sends
 * `{port}` to the parent over IPC; stops on SIGTERM. Told `{profile: "start"}` and then
 * `{profile: "stop"}` over IPC, it records a CPU profile of what it does in between and sends it
 * back as `{profile}`.
 *
 *   node bench/api-server.ts onbrand|onbrand-assets|onbrand-assets-postgres|hello|answer
 *
 * onbrand-assets: with 10,000 assets to list; onbrand-assets-postgres: the same in a database of its
 * own on DATABASE_URL's PostgreSQL server, dropped on SIGTERM.
 */
import { Session } from "node:inspector/promises";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { checkParsed } from "../src/core/engine/check.ts";
import { loadKit } from "../src/core/engine/load-kit.ts";
import { structuredAsset } from "../src/core/parse/structured.ts";
import { jsonFinding } from "../src/format/json.ts";
import { createApp } from "../src/server/app.ts";
import { STORED_CONFIG_FILE } from "../src/studio/workspace-kit.ts";
import { addPerson, assets, createApiToken, createBrand, createWorkspace, openStore, type OpenStoreOptions, saveKitVersion, type Store } from "../src/store/index.ts";
import { postgresFixture } from "../test/support/databases.ts";
import { demoKitFiles } from "../test/support/studio.ts";
import { type EmailAsset, emailAssets } from "./api-assets.ts";

const kind = process.argv[2];

/** The studio on an in-memory database with the demo kit and one viewer's API token; `assets` rows to list. */
async function studioHandler(assetCount = 0, options: OpenStoreOptions = { dataDir: "memory://" }): Promise<{ fetch: (request: Request) => Response | Promise<Response>; token: string }> {
  const store = await openStore(options);
  closeStore = () => store.close();
  const workspace = await createWorkspace(store.db, { name: "Bench" });
  const viewer = await addPerson(store.db, workspace.id, { email: "bench@example.com", name: "Bench", role: "viewer" }, null);
  const brand = await createBrand(store.db, workspace.id, "Fizzwell", null);
  await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: demoKitFiles() }, null);
  const { token } = await createApiToken(store.db, workspace.id, { personId: viewer.id, name: "bench" }, null);
  await seedAssets(store, workspace.id, viewer.id, assetCount);
  return { fetch: createApp({ store, version: "bench" }).fetch, token };
}

const LIST_ASSETS = 10_000;
const STATUSES = ["checked", "in_review", "approved", "published", "published", "published"] as const;
const CHANNELS = ["email", "instagram", "push", "sms", "x"] as const;

/**
 * `count` assets spread over ten weeks, as a busy workspace has them: masters and variants, most
 * published. Inserted in bulk (the workflow's per-asset checks are not what the list costs).
 */
async function seedAssets(store: Store, workspaceId: string, personId: string, count: number): Promise<void> {
  const start = Date.now() - 70 * 86_400_000;
  for (let from = 0; from < count; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - from) }, (_, k) => {
      const i = from + k;
      return {
        workspaceId,
        kind: i % 10 === 0 ? ("master" as const) : ("variant" as const),
        title: `Asset ${i}`,
        fields: { subject: `Fizzwell Zero is back, take ${i}`, body: "Elderflower and pear, zero sugar and 5 calories a can." },
        channel: CHANNELS[i % CHANNELS.length] as string,
        status: STATUSES[i % STATUSES.length] as (typeof STATUSES)[number],
        createdBy: personId,
        createdAt: new Date(start + i * 600_000),
      };
    });
    await store.db.insert(assets).values(rows);
  }
  // Table statistics, as a database that has been in use has them (PostgreSQL's autovacuum; the studio's maintenance on PGlite).
  if (count > 0) await store.db.execute(sql`analyze assets`);
}

/**
 * `POST /api/check` that parses the body and sends back the answer the real route gives for that
 * asset (found by its subject), worked out before the run: the same bytes in and out as a check,
 * without the caller's token, the validation or the engine.
 */
function answerHandler(): { fetch: (request: Request) => Response | Promise<Response> } {
  const { kit } = loadKit(demoKitFiles(), { configFile: STORED_CONFIG_FILE });
  const answers = new Map<string, unknown>();
  for (const asset of emailAssets(16)) {
    const result = checkParsed(kit, "asset", structuredAsset(asset));
    const counts = { error: 0, warning: 0, suggestion: 0 };
    for (const finding of result.findings) counts[finding.level]++;
    answers.set(asset.fields.subject, { findings: result.findings.map(jsonFinding), score: result.score, counts });
  }
  const app = new Hono();
  app.post("/api/check", async (c) => {
    const body = JSON.parse(await c.req.text()) as { asset: EmailAsset };
    return c.json(answers.get(body.asset.fields.subject) ?? { error: "unknown asset" }, answers.has(body.asset.fields.subject) ? 200 : 400);
  });
  return { fetch: app.fetch };
}

async function fetchHandler(): Promise<{ fetch: (request: Request) => Response | Promise<Response>; token?: string }> {
  if (kind === "hello") {
    const hello = new Hono();
    hello.get("/", (c) => c.text("Hello Hono!"));
    return { fetch: hello.fetch };
  }
  if (kind === "answer") return answerHandler();
  if (kind === "onbrand") return studioHandler();
  if (kind === "onbrand-assets") return studioHandler(LIST_ASSETS);
  if (kind === "onbrand-assets-postgres") {
    // A database of its own on DATABASE_URL's server, dropped when the server stops.
    const database = await postgresFixture(process.env.DATABASE_URL ?? "", "onbrand_bench");
    dropDatabase = database.drop;
    try {
      return await studioHandler(LIST_ASSETS, database.options);
    } catch (error) {
      await closeStore().catch(() => {});
      await database.drop();
      throw error;
    }
  }
  throw new Error(`usage: node bench/api-server.ts onbrand|onbrand-assets|onbrand-assets-postgres|hello|answer (got ${String(kind)})`);
}

let closeStore = async (): Promise<void> => {};
let dropDatabase = async (): Promise<void> => {};
const handler = await fetchHandler();
const server = serve({ fetch: handler.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.send?.({ port: info.port, token: handler.token });
});
/** Stops serving, closes the store (it waits for the queries of requests the load generator gave up on), then drops the run's database. */
function stop(): void {
  server.close(() => {
    const failed = (what: string) => (error: unknown) => {
      console.error(`${what}:`, error);
      process.exitCode = 1;
    };
    closeStore()
      .catch(failed("closing the store"))
      .finally(() => dropDatabase().catch(failed("dropping the benchmark's database")))
      .finally(() => process.exit());
  });
}
process.on("SIGTERM", stop);
// Ctrl-C reaches this process too: the database is dropped then as well.
process.on("SIGINT", stop);

const session = new Session();
process.on("message", async (message: { profile?: "start" | "stop" }) => {
  if (message.profile === "start") {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
    process.send?.({ profiling: true });
  } else if (message.profile === "stop") {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    process.send?.({ profile });
  }
});
