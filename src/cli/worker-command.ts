import { UsageError } from "../core/errors.ts";
import { JobInterrupted, type JobQueue } from "../jobs/job-queue.ts";
import type { Store } from "../store/open-store.ts";
import type { KitCache } from "../studio/workspace-kit.ts";
import { type CliIo, EXIT_OK } from "./cli-io.ts";
import { openLocalStore } from "./local-store.ts";
import { parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand worker [--concurrency N]

Runs the studio's background jobs (generation runs) from the PostgreSQL database in DATABASE_URL
until it is stopped. Start as many workers, on as many machines, as the runs need: they share one
queue, each run goes to one worker at a time, and the run of a worker that dies is picked up by
another within seconds, without generating its stored variants again. See docs/studio.md.

The embedded database (no DATABASE_URL) is open in one process only: there, \`onbrand serve\` runs
the jobs itself.

Options
  --concurrency N   runs this worker works on at once (default 2)
  -h, --help        show this help

API keys come from this process's environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, or the kit's
api_key_env), never from the database. Ctrl-C or SIGTERM stops it: no new run starts, the runs in
progress go back to the queue for another worker, and the variants they stored are kept.
`;

const OPTIONS = {
  concurrency: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs a worker works on at once unless told otherwise. */
export const DEFAULT_WORKER_CONCURRENCY = 2;

/** `onbrand worker`: see `usage` and docs/studio.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("worker", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`worker takes no arguments (got ${positionals.join(" ")}); run \`onbrand worker --help\``);
  const concurrency = concurrencyOption(values.concurrency);
  if (!io.env.DATABASE_URL) {
    throw new UsageError(
      "onbrand worker needs DATABASE_URL (a PostgreSQL database shared with `onbrand serve`): the embedded database is open in one process only, and `onbrand serve` runs the jobs itself there",
    );
  }
  const { KitCache } = await import("../studio/workspace-kit.ts");
  const store = await openLocalStore(io);
  const queue = await startWorker(store, new KitCache(), io, concurrency);
  io.stderr.write(`onbrand worker ${queue.workerId}: running generation runs from ${store.location}, ${concurrency} at a time; Ctrl-C or SIGTERM stops it\n`);
  await untilStopped(io);
  io.stderr.write("onbrand worker: stopping: the runs in progress go back to the queue\n");
  await queue.stop();
  await store.close();
  return EXIT_OK;
}

/**
 * Starts taking generation runs from the store's queue, `concurrency` at a time, with provider keys
 * from `io.env`; a line on stderr as each run starts and ends. `serve` runs one in its own process.
 *
 * @example
 * const queue = await startWorker(store, kits, io, 2);
 * await queue.stop();
 */
export async function startWorker(store: Store, kits: KitCache, io: CliIo, concurrency: number): Promise<JobQueue> {
  const { createTableQueue } = await import("../jobs/table-queue.ts");
  const { GENERATION_RUN_JOB, generationRunFailed, generationRunHandler } = await import("../studio/generation-run.ts");
  const queue = createTableQueue(store, { onError: (message, error) => io.stderr.write(`onbrand: worker: ${message}: ${errorText(error)}\n`) });
  const handler = generationRunHandler({ store, kits, env: io.env });
  queue.work(
    GENERATION_RUN_JOB,
    async (job, context) => {
      const runId = String(job.payload.runId);
      io.stderr.write(`onbrand: run ${runId}: started (attempt ${job.attempt} of ${job.maxAttempts})\n`);
      try {
        await handler(job, context);
      } catch (error) {
        io.stderr.write(`onbrand: run ${runId}: ${error instanceof JobInterrupted ? "" : "failed: "}${errorText(error)}\n`);
        throw error;
      }
      io.stderr.write(`onbrand: run ${runId}: done\n`);
    },
    { concurrency, onFailed: generationRunFailed(store) },
  );
  const stopMaintenance = startMaintenance(store, io);
  return {
    ...queue,
    async stop() {
      await stopMaintenance();
      await queue.stop();
    },
  };
}

/** How often a worker prunes rows nothing reads any more. */
export const MAINTENANCE_INTERVAL_MS = 10 * 60_000;
/** How long finished jobs are kept, for looking into a failure. */
export const FINISHED_JOBS_KEPT_MS = 7 * 24 * 3_600_000;

/**
 * Every `everyMs`, deletes expired sessions, old failed sign-ins and finished jobs older than
 * FINISHED_JOBS_KEPT_MS, and refreshes the embedded database's planner statistics. Every worker does it (deleting twice is harmless); a failure is a line on
 * stderr and the next round tries again. The returned function stops it and waits for a round in
 * progress, so the store can close after it.
 *
 * @example
 * const stop = startMaintenance(store, io);
 * await stop();
 */
export function startMaintenance(store: Pick<Store, "db"> & Partial<Pick<Store, "driver">>, io: Pick<CliIo, "stderr">, everyMs = MAINTENANCE_INTERVAL_MS): () => Promise<void> {
  let round: Promise<void> | undefined;
  const attempt = async (what: string, prune: () => Promise<number>) => {
    try {
      await prune();
    } catch (error) {
      io.stderr.write(`onbrand: worker: ${what} failed (the next round tries again): ${errorText(error)}\n`);
    }
  };
  const timer = setInterval(() => {
    // A round slower than the interval is not run twice at once.
    round ??= (async () => {
      const [{ pruneExpired }, { pruneFinishedJobs }, { refreshStatistics }] = await Promise.all([
        import("../store/sessions.ts"),
        import("../jobs/table-queue.ts"),
        import("../store/open-store.ts"),
      ]);
      await attempt("pruning expired sessions and sign-in attempts", () => pruneExpired(store.db));
      await attempt("pruning finished jobs", () => pruneFinishedJobs(store.db, new Date(Date.now() - FINISHED_JOBS_KEPT_MS)));
      await attempt("refreshing the embedded database's statistics", async () => {
        await refreshStatistics(store);
        return 0;
      });
    })().finally(() => (round = undefined));
  }, everyMs);
  // unref: maintenance alone does not keep a process alive.
  timer.unref();
  return async () => {
    clearInterval(timer);
    await round;
  };
}

/**
 * Resolves on the first Ctrl-C or SIGTERM; a second one exits at once.
 *
 * @example await untilStopped(io); await queue.stop();
 */
export function untilStopped(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    let signals = 0;
    const release = io.onInterrupt?.(() => {
      signals++;
      if (signals === 1) resolve();
      else {
        release?.();
        process.exit(130);
      }
    });
  });
}

/** --concurrency: a whole number from 1 to 64. */
export function concurrencyOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WORKER_CONCURRENCY;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${value}")`);
  return n;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
