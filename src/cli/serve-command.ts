import { dirname, join } from "node:path";
import type { AddressInfo } from "node:net";
import { formatDiagnostic, KitError, UsageError } from "../core/errors.ts";
import { displayPath } from "../node/collect-inputs.ts";
import { findConfig } from "../node/find-config.ts";
import { fileURLToPath } from "node:url";
import type { Store } from "../store/open-store.ts";
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_WORKSPACE_NAME } from "../studio/demo-constants.ts";
import type { KitCache } from "../studio/workspace-kit.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { openLocalStore } from "./local-store.ts";
import { packageInfo } from "./package-info.ts";
import { parseCommandArgs } from "./parse-options.ts";
import { concurrencyOption, DEFAULT_WORKER_CONCURRENCY, startWorker, untilStopped } from "./worker-command.ts";

export const DEFAULT_PORT = 4321;
export const DEFAULT_HOST = "127.0.0.1";

export const usage = `Usage: onbrand serve [options]

Starts Onbrand Studio's server: the API under /api (docs/api.md) and, unless --no-worker, a worker
that runs the background jobs (generation runs) in the same process. The store is PostgreSQL when
DATABASE_URL is set, else the embedded database in .onbrand/data next to the nearest onbrand.yaml
(or in this folder); migrations apply on start. A store without a workspace imports the workspace
folder it is started in; a workspace without an admin who has a password gets a one-time setup
link, printed here. See docs/studio.md.

Options
  --port N          the port to listen on (default ${DEFAULT_PORT}; 0: any free port)
  --host HOST       the address to listen on (default ${DEFAULT_HOST}, this machine only;
                    0.0.0.0 for every interface)
  --no-worker       run no jobs here: \`onbrand worker\` processes do (PostgreSQL only)
  --concurrency N   runs the in-process worker works on at once (default ${DEFAULT_WORKER_CONCURRENCY})
  --demo            serve the demo workspace (Fizzwell: kit, library, 12 people, 4 weeks of
                    made-up activity), loaded once into .onbrand/demo-data in this folder (or
                    into DATABASE_URL's database, named "${DEMO_WORKSPACE_NAME}"); prints the sign-in
  -h, --help        show this help

Ctrl-C or SIGTERM stops it: no new request or run starts, runs in progress go back to the queue
(their stored variants are kept) and the store is closed.
`;

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "no-worker": { type: "boolean" },
  concurrency: { type: "string" },
  demo: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `onbrand serve`: see `usage` and docs/studio.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("serve", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments (got ${positionals.join(" ")}); run \`onbrand serve --help\``);
  const port = portOption(values.port);
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === "") throw new UsageError("--host needs an address, such as 127.0.0.1 or 0.0.0.0");
  const concurrency = concurrencyOption(values.concurrency);
  const embedded = !io.env.DATABASE_URL;
  if (embedded && values["no-worker"]) {
    throw new UsageError(
      "--no-worker needs PostgreSQL (DATABASE_URL): the embedded database is open in one process only, so `onbrand worker` cannot reach it and this server must run the jobs",
    );
  }

  let store: Store | undefined;
  try {
    store = await openLocalStore(io, values.demo ? { dataDir: join(io.cwd, DEMO_DATA_DIR) } : {});
    const [{ serve }, { createApp }, { KitCache }] = await Promise.all([import("@hono/node-server"), import("../server/app.ts"), import("../studio/workspace-kit.ts")]);
    const kits = new KitCache();
    if (values.demo) await loadDemo(store, kits, io);
    const setup = await prepareWorkspaces(store, io);
    if (setup === null) return EXIT_USAGE;
    // After an import or the demo: the embedded database plans with statistics from the start.
    const { refreshStatistics } = await import("../store/open-store.ts");
    await refreshStatistics(store);
    const app = createApp({ store, kits, version: packageInfo().version });
    const server = serve({ fetch: app.fetch, hostname: host, port });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new UsageError(`port ${port} on ${host} is in use: stop what uses it, or pick another with --port`) : error),
      );
    });
    const address = server.address() as AddressInfo;
    const queue = values["no-worker"] ? null : await startWorker(store, kits, io, concurrency);
    const url = urlOf(host, address.port);
    io.stdout.write(`Onbrand Studio on ${url}\n`);
    if (values.demo) {
      io.stdout.write(
        `Demo workspace "${DEMO_WORKSPACE_NAME}" (made-up sample data). Sign in as ${DEMO_PEOPLE.map((p) => `${p.email} (${p.role})`).slice(0, 5).join(", ")} or any demo person; password: ${DEMO_PASSWORD}\n`,
      );
    }
    for (const { workspace, path, expiresAt } of setup) {
      io.stdout.write(`Workspace "${workspace}" has no admin with a password yet; set one up with this one-time link (valid until ${expiresAt.toISOString()}):\n  ${url}${path}\n`);
    }
    io.stderr.write(
      `onbrand: store: ${store.location}${embedded ? " (one process: this server runs the jobs)" : ""}\n` +
        `onbrand: ${queue ? `worker: in this process, ${concurrency} run${concurrency === 1 ? "" : "s"} at a time` : "worker: none here; start `onbrand worker` processes"}\n`,
    );
    await untilStopped(io);
    io.stderr.write("onbrand: stopping: runs in progress go back to the queue\n");
    await queue?.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive connections would hold close() open.
      if ("closeIdleConnections" in server) server.closeIdleConnections();
    });
    return EXIT_OK;
  } finally {
    if (store) {
      // Check events are written in batches; the last batch goes before the store closes.
      const { flushQueuedEvents } = await import("../store/events.ts");
      await flushQueuedEvents(store.db).catch(() => {});
      await store.close();
    }
  }
}

/** The demo's embedded database, apart from a real workspace's `.onbrand/data`. */
const DEMO_DATA_DIR = join(".onbrand", "demo-data");
/** The demo workspace shipped with onbrand (the same path from src/cli and dist/cli). */
const DEMO_FOLDER = fileURLToPath(new URL("../../examples/demo/", import.meta.url));

async function loadDemo(store: Store, kits: KitCache, io: CliIo): Promise<void> {
  const [{ loadDemoWorkspace }, { hashPassword }] = await Promise.all([import("../studio/demo-workspace.ts"), import("../studio/passwords.ts")]);
  const started = Date.now();
  const demo = await loadDemoWorkspace(store, { folder: DEMO_FOLDER, kits, hashPassword, onProgress: (line) => io.stderr.write(`onbrand: ${line}\n`) });
  if (demo.created) io.stderr.write(`onbrand: demo loaded: ${demo.assets} assets in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * Imports the workspace folder serve was started in when the store has no workspace, and makes a
 * one-time setup link for each workspace without an admin who has a password. Null when the
 * folder has errors (printed).
 */
async function prepareWorkspaces(store: Store, io: CliIo): Promise<{ workspace: string; path: string; expiresAt: Date }[] | null> {
  const { workspaces } = await import("../store/schema.ts");
  let all = await store.db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces);
  if (all.length === 0) {
    const config = findConfig(io.cwd);
    if (config === null) {
      io.stderr.write(`onbrand: ${store.location} has no workspace yet: import one (\`onbrand import DIR\`), or start serve in a workspace folder\n`);
      return [];
    }
    const dir = dirname(config);
    const { importWorkspaceFolder } = await import("../studio/workspace-folder.ts");
    try {
      const summary = await importWorkspaceFolder(store, dir, {}, null);
      io.stderr.write(`onbrand: imported ${displayPath(dir, io.cwd) || "."} as workspace "${summary.workspace.name}" (kit ${summary.kit.version}, ${summary.useCases.length} use cases)\n`);
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      for (const d of error.diagnostics) io.stderr.write(`${formatDiagnostic({ ...d, file: displayPath(join(dir, d.file), io.cwd) })}\n`);
      io.stderr.write("onbrand: the workspace folder has errors; fix them and start serve again\n");
      return null;
    }
    all = await store.db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces);
  }
  const [{ hasAdminWithPassword }, { createSetupInvite }, { setupPath }] = await Promise.all([
    import("../store/people.ts"),
    import("../store/sessions.ts"),
    import("../server/routes/people.ts"),
  ]);
  const setup: { workspace: string; path: string; expiresAt: Date }[] = [];
  for (const workspace of all) {
    if (await hasAdminWithPassword(store.db, workspace.id)) continue;
    const { token, invite } = await createSetupInvite(store.db, workspace.id);
    setup.push({ workspace: workspace.name, path: setupPath(token), expiresAt: invite.expiresAt });
  }
  return setup;
}

function portOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${value}")`);
  return n;
}

function urlOf(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
