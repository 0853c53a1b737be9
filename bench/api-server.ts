/**
 * One server for bench/api-throughput.ts, run in its own process: `onbrand` (the real API on the demo
 * kit) or `hello` (a bare Hono hello-world, the ceiling). Listens on a free loopback port and sends
 * `{port}` to the parent over IPC; stops on SIGTERM. Told `{profile: "start"}` and then
 * `{profile: "stop"}` over IPC, it records a CPU profile of what it does in between and sends it
 * back as `{profile}`.
 *
 *   node bench/api-server.ts onbrand|hello
 */
import { Session } from "node:inspector/promises";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createApp } from "../src/server/app.ts";
import { addPerson, createApiToken, createBrand, createWorkspace, openStore, saveKitVersion } from "../src/store/index.ts";
import { demoKitFiles } from "../test/support/studio.ts";

const kind = process.argv[2];

/** The studio on an in-memory database with the demo kit and one viewer's API token. */
async function studioHandler(): Promise<{ fetch: (request: Request) => Response | Promise<Response>; token: string }> {
  const store = await openStore({ dataDir: "memory://" });
  const workspace = await createWorkspace(store.db, { name: "Bench" });
  const viewer = await addPerson(store.db, workspace.id, { email: "bench@example.com", name: "Bench", role: "viewer" }, null);
  const brand = await createBrand(store.db, workspace.id, "Fizzwell", null);
  await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: demoKitFiles() }, null);
  const { token } = await createApiToken(store.db, workspace.id, { personId: viewer.id, name: "bench" }, null);
  return { fetch: createApp({ store, version: "bench" }).fetch, token };
}

async function fetchHandler(): Promise<{ fetch: (request: Request) => Response | Promise<Response>; token?: string }> {
  if (kind === "hello") {
    const hello = new Hono();
    hello.get("/", (c) => c.text("Hello Hono!"));
    return { fetch: hello.fetch };
  }
  if (kind === "onbrand") return studioHandler();
  throw new Error(`usage: node bench/api-server.ts onbrand|hello (got ${String(kind)})`);
}

const handler = await fetchHandler();
const server = serve({ fetch: handler.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.send?.({ port: info.port, token: handler.token });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));

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
