/**
 * Background jobs: what a queue offers the studio (enqueue, work, cancel, stop), whatever stores
 * the jobs. Delivery is at least once: a job whose worker dies is run again, so a handler must be
 * idempotent (a generation run skips the variants it already stored). See docs/studio.md.
 */

/** One job as a handler receives it. */
export interface QueuedJob {
  id: string;
  type: string;
  /** What the handler needs, e.g. `{runId}`; JSON, never a secret. */
  payload: Record<string, unknown>;
  /** Null for maintenance jobs that belong to no workspace. */
  workspaceId: string | null;
  /** 1 on the first run, 2 on the first retry or after a dead worker's lease expired... */
  attempt: number;
  maxAttempts: number;
  singletonKey: string | null;
}

export interface JobContext {
  /**
   * Aborted when the handler must stop: the worker is stopping (the job goes back to the queue),
   * the job was cancelled, or its lease was lost. `signal.reason` is a JobInterrupted saying which.
   */
  signal: AbortSignal;
  /** The worker running it, as `jobs.locked_by` records it. */
  workerId: string;
}

/** Runs one job. Resolving completes it; throwing retries it (up to its attempts) unless it is a JobFailure. */
export type JobHandler = (job: QueuedJob, context: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** The workspace the job works in (null: none). */
  workspaceId: string | null;
  /** At most one queued or running job of this type has this key; enqueueing it again returns that job. */
  singletonKey?: string;
  /** Runs of the job before it is given up (default 3); a dead worker's run counts. */
  maxAttempts?: number;
}

export interface WorkOptions {
  /** Jobs of this type this worker runs at once (default 1). */
  concurrency?: number;
  /** Told when a job of this type is given up: a JobFailure, its last attempt failed, or its last worker died. */
  onFailed?: (job: QueuedJob, error: string) => void | Promise<void>;
}

/**
 * A queue of background jobs shared by every server and worker process on one database.
 *
 * @example
 * const queue = createTableQueue(store);
 * await queue.enqueue("generation-run", { runId }, { workspaceId, singletonKey: runId });
 * queue.work("generation-run", async (job, { signal }) => { ... }, { concurrency: 2 });
 * process.once("SIGTERM", () => void queue.stop());
 */
export interface JobQueue {
  /** This process's worker id (`host:pid:random`), as `jobs.locked_by` records it. */
  readonly workerId: string;
  /** Adds a job; `created` is false when a queued or running job already has the singleton key. */
  enqueue(type: string, payload: Record<string, unknown>, options: EnqueueOptions): Promise<{ id: string; created: boolean }>;
  /** Starts taking jobs of this type, `concurrency` at a time, until `stop()`. */
  work(type: string, handler: JobHandler, options?: WorkOptions): void;
  /** Cancels a queued or running job (a running handler's signal aborts); false when it had already ended. */
  cancel(jobId: string): Promise<boolean>;
  /** Takes no new job, aborts the running handlers and puts their jobs back in the queue for another worker. */
  stop(): Promise<void>;
}

/** Why a handler's signal was aborted. */
export type InterruptReason = "stopping" | "cancelled" | "lease_lost";

/**
 * The reason on an aborted job signal.
 *
 * @example
 * if (signal.reason instanceof JobInterrupted && signal.reason.why === "stopping") ...
 */
export class JobInterrupted extends Error {
  readonly why: InterruptReason;
  constructor(why: InterruptReason) {
    super(
      why === "stopping"
        ? "the worker is stopping; the job goes back to the queue"
        : why === "cancelled"
          ? "the job was cancelled"
          : "the job's lease was lost (another worker may have it now)",
    );
    this.name = "JobInterrupted";
    this.why = why;
  }
}

/**
 * A failure no retry can fix (a run whose use case was deleted, a missing API key): the job is
 * failed at once with this message instead of being retried.
 *
 * @example throw new JobFailure("set OPENAI_API_KEY in the worker's environment");
 */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobFailure";
  }
}
