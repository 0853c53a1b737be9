/**
 * One server for bench/api-throughput.ts, run in its own process: `onbrand` (the real API on the demo
 * kit) or `hello` (a bare Hono hello-world, the ceiling). Listens on a free loopback port and sends
 * `{port}` to the parent over IPC; stops on SIGTERM.
 *
 *   node bench/api-server.ts onbrand|hello
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createApp } from "../src/server/app.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const kind = process.argv[2];

function fetchHandler(): (request: Request) => Response | Promise<Response> {
  if (kind === "hello") {
    const hello = new Hono();
    hello.get("/", (c) => c.text("Hello Hono!"));
    return hello.fetch;
  }
  if (kind === "onbrand") return createApp({ workspace: path.join(root, "examples/demo"), version: "bench" }).fetch;
  throw new Error(`usage: node bench/api-server.ts onbrand|hello (got ${String(kind)})`);
}

const server = serve({ fetch: fetchHandler(), hostname: "127.0.0.1", port: 0 }, (info) => {
  process.send?.({ port: info.port });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
