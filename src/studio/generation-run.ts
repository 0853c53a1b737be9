import { KitError } from "../core/errors.ts";
import { summarizeRun, type VariantOutcome } from "../core/generate/run-summary.ts";
import { planVariants, targetKey, type VariantPlan } from "../core/generate/variant-plan.ts";
import type { ProviderName } from "../core/kit/provider-schema.ts";
import { validateBrief } from "../core/library/brief.ts";
import type { Brief, UseCase } from "../core/library/library.ts";
import type { Output } from "../core/library/usecase-schema.ts";
import type { FieldValue } from "../core/parse/structured.ts";
import { generateVariants, type VariantResult } from "../generate/generate-variants.ts";
import { createWriter, resolveRunSettings, runLimits } from "../generate/run-settings.ts";
import { JobFailure, type JobHandler, JobInterrupted, type QueuedJob } from "../jobs/job-queue.ts";
import { cancelJobs, enqueueJob } from "../jobs/table-queue.ts";
import { ProviderError } from "../providers/provider-error.ts";
import { createAsset, getAsset } from "../store/assets.ts";
import { getBrief } from "../store/briefs.ts";
import { recordCheck } from "../store/checks.ts";
import { recordEvent } from "../store/events.ts";
import type { Database, Store } from "../store/open-store.ts";
import { createRun, getRun, type RunCounts, setRunStatus, storedVariants, updateRunProgress } from "../store/runs.ts";
import type { GenerationRun } from "../store/schema.ts";
import { StoreError } from "../store/store-error.ts";
import { getUseCaseVersion, validateUseCase } from "../store/use-cases.ts";
import type { KitCache } from "./workspace-kit.ts";

/** The job type of a generation run; its payload is `{runId}` and its singleton key the run id. */
export const GENERATION_RUN_JOB = "generation-run";
/** Attempts of a run's job: a killed worker's attempt counts, so a few spare ones. */
export const RUN_MAX_ATTEMPTS = 5;
/** How often a running run reads its row to notice a cancel. */
export const DEFAULT_CANCEL_POLL_MS = 1000;
/** Failed variants a run's summary lists (with their errors); the counters count them all. */
const MAX_LISTED_FAILURES = 50;

/** What a person asks for when starting a run (POST /api/runs). Keys never: the worker's environment has them. */
export interface RunRequest {
  /** The use case's library id (`email`). */
  useCase: string;
  /** The brief's values; or `briefId`, a stored brief of the same use case. */
  brief?: Record<string, unknown> | undefined;
  briefId?: string | undefined;
  channels?: string[] | undefined;
  audiences?: string[] | undefined;
  regions?: string[] | undefined;
  /** Variants per target (default 1). */
  count?: number | undefined;
  /** An asset every variant adapts; it becomes their parent. */
  masterAssetId?: string | undefined;
  provider?: ProviderName | undefined;
  model?: string | undefined;
  /** Re-asks of an off-brand answer (default: the use case's, then onbrand.yaml's, then 2). */
  maxRepairs?: number | undefined;
}

/** What a run keeps in `settings`: everything needed to plan the same variants again. */
interface StoredRunSettings {
  useCase: string;
  brief: Brief;
  channels?: string[];
  audiences?: string[];
  regions?: string[];
  count: number;
  masterAssetId?: string;
  /** The master's fields when the run started: an edit of the master later does not change the plan. */
  master?: Output;
  provider?: ProviderName;
  model?: string;
  maxRepairs?: number;
}

/**
 * A run request that does not fit: every bad field, as the request named it (`brief.product`,
 * `channels`), with what is wrong and the fix. The server answers 400 validation_failed with them.
 */
export class RunRequestError extends Error {
  readonly details: { path: string; message: string }[];
  constructor(details: { path: string; message: string }[]) {
    super(`the run request has ${details.length} problem${details.length === 1 ? "" : "s"}: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`);
    this.name = "RunRequestError";
    this.details = details;
  }
}

const TARGET_FIELDS: Readonly<Record<string, string>> = { channel: "channels", audience: "audiences", region: "regions" };

/**
 * Validates a run request against the workspace's current kit and library, plans its variants and
 * stores the run (queued) with its job, in one transaction: a run never exists without the job that
 * runs it. A use case, brief or master of no one in this workspace is `not_found`; a brief, target or
 * model that does not fit is a RunRequestError listing each.
 *
 * @example
 * const run = await startRun(store, kits, { workspaceId, personId }, { useCase: "push", brief: { news: "Zero is here" } });
 * run.status // "queued"
 */
export async function startRun(store: Pick<Store, "db">, kits: KitCache, actor: { workspaceId: string; personId: string | null }, request: RunRequest): Promise<GenerationRun> {
  const { db } = store;
  const { workspaceId } = actor;
  const { kit, kitVersion, library, versionIds, broken } = await kits.library(db, workspaceId);
  const problems = broken.get(request.useCase);
  if (problems) {
    const errors = problems.filter((d) => d.level === "error").map((d) => (d.fix ? `${d.message} (${d.fix})` : d.message));
    throw new RunRequestError([{ path: "useCase", message: `use case "${request.useCase}" does not load against the current kit: ${errors.join("; ")}; save a version that fits the kit` }]);
  }
  const useCase = library.get(request.useCase);
  const useCaseVersionId = versionIds[request.useCase];
  if (!useCase || useCaseVersionId === undefined) {
    throw new StoreError("not_found", `useCase: there is no use case "${request.useCase}" in this workspace's library; GET /api/use-cases lists them`);
  }
  const ucv = await getUseCaseVersion(db, workspaceId, useCaseVersionId);
  if (!ucv) throw new StoreError("not_found", `useCase: there is no use case "${request.useCase}" in this workspace's library; GET /api/use-cases lists them`);

  const details: { path: string; message: string }[] = [];
  let values: unknown = request.brief;
  if (request.briefId !== undefined) {
    const stored = await getBrief(db, workspaceId, request.briefId);
    if (!stored) throw new StoreError("not_found", `briefId: there is no brief ${request.briefId} in this workspace`);
    if (stored.useCase !== useCase.id) details.push({ path: "briefId", message: `brief ${request.briefId} is a brief of use case "${stored.useCase}", not "${useCase.id}": pick a brief of ${useCase.id}` });
    values = stored.values;
  }
  const validated = validateBrief(useCase, values);
  for (const p of validated.problems) details.push({ path: ["brief", ...p.path].join("."), message: `${p.message} (${p.fix})` });

  let master: { id: string; fields: Output } | null = null;
  if (request.masterAssetId !== undefined) {
    const asset = await getAsset(db, workspaceId, request.masterAssetId);
    if (!asset) throw new StoreError("not_found", `masterAssetId: there is no asset ${request.masterAssetId} in this workspace`);
    master = { id: asset.id, fields: asset.fields };
  }

  const targets = { channels: request.channels, audiences: request.audiences, regions: request.regions, count: request.count ?? 1 };
  // Planned even for a bad brief (with no brief), so target problems are reported with the brief's.
  const plan = planVariants(kit, useCase, validated.brief ? [validated.brief] : [], targets, master?.fields ?? null);
  for (const p of plan.problems) details.push({ path: TARGET_FIELDS[String(p.path[0])] ?? "", message: `${p.message} (${p.fix})` });
  try {
    resolveRunSettings(kit, useCase, { provider: request.provider, model: request.model, max_repairs: request.maxRepairs }, "the run request");
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    for (const d of error.diagnostics) details.push({ path: request.model === undefined ? "provider" : "model", message: d.fix ? `${d.message} (${d.fix})` : d.message });
  }
  if (details.length > 0 || !validated.brief) throw new RunRequestError(details);

  const settings: StoredRunSettings = {
    useCase: useCase.id,
    brief: validated.brief,
    ...(request.channels ? { channels: request.channels } : {}),
    ...(request.audiences ? { audiences: request.audiences } : {}),
    ...(request.regions ? { regions: request.regions } : {}),
    count: targets.count,
    ...(master ? { masterAssetId: master.id, master: master.fields } : {}),
    ...(request.provider ? { provider: request.provider } : {}),
    ...(request.model ? { model: request.model } : {}),
    ...(request.maxRepairs !== undefined ? { maxRepairs: request.maxRepairs } : {}),
  };
  return db.transaction(async (tx) => {
    const run = await createRun(
      tx,
      workspaceId,
      {
        useCaseId: ucv.useCaseId,
        kitVersionId: kitVersion.id,
        useCaseVersionId: ucv.id,
        briefId: request.briefId ?? null,
        planHash: plan.planHash,
        planned: plan.variants.length,
        settings: { ...settings },
      },
      actor.personId,
    );
    await enqueueJob(tx, GENERATION_RUN_JOB, { runId: run.id }, { workspaceId, singletonKey: run.id, maxAttempts: RUN_MAX_ATTEMPTS });
    await recordEvent(tx, workspaceId, { personId: actor.personId, type: "run.started", data: { runId: run.id, useCase: useCase.id, planned: run.planned } });
    return run;
  });
}

/**
 * Cancels a queued or running run: its status becomes `cancelled` at once and a queued job is taken
 * off the queue; a running worker notices within a second and stops between variants, keeping the
 * ones it stored. A run that has ended is a `conflict` StoreError.
 *
 * @example await cancelRun(store.db, workspaceId, run.id, actor.personId)
 */
export async function cancelRun(db: Database, workspaceId: string, runId: string, actorId: string | null): Promise<GenerationRun> {
  return db.transaction(async (tx) => {
    const run = await setRunStatus(tx, workspaceId, runId, "cancelled", {}, actorId);
    await cancelJobs(tx, { type: GENERATION_RUN_JOB, singletonKey: run.id });
    return run;
  });
}

/** What the run handler needs from its worker. */
export interface GenerationRunDeps {
  store: Pick<Store, "db">;
  kits: KitCache;
  /** Where provider keys come from: the worker's own environment, never the database. */
  env: Readonly<Record<string, string | undefined>>;
  cancelPollMs?: number;
}

/**
 * The variant id a run stores: the core's deterministic id within the run, so a resumed run finds
 * what it stored, and the same brief run twice gives two sets of variants.
 *
 * @example runVariantId("8c1f…", "3f2a9c0d1e4b5a67") // "8c1f…/3f2a9c0d1e4b5a67"
 */
export function runVariantId(runId: string, variantId: string): string {
  return `${runId}/${variantId}`;
}

/**
 * The job handler that executes a generation run: plans its variants again (the same plan, or the
 * run fails), skips those it already stored, generates the rest through the check-and-repair
 * pipeline and stores each as a checked variant asset with its check, counting as it goes. At least
 * once and idempotent: after a killed worker, the next attempt stores only what is missing, and a
 * variant stored twice (the unique variant id) counts once. A cancel stops it between variants.
 *
 * @example queue.work(GENERATION_RUN_JOB, generationRunHandler({ store, kits, env: process.env }), { concurrency: 2, onFailed: generationRunFailed(store) });
 */
export function generationRunHandler(deps: GenerationRunDeps): JobHandler {
  return async (job, { signal }) => {
    const workspaceId = job.workspaceId ?? "";
    const runId = typeof job.payload.runId === "string" ? job.payload.runId : "";
    const run = await getRun(deps.store.db, workspaceId, runId);
    if (!run) throw new JobFailure(`there is no generation run ${runId} in workspace ${workspaceId}`);
    if (run.status !== "queued" && run.status !== "running") return;
    await executeRun(deps, run, signal);
  };
}

/**
 * What a worker does when a run's job is given up (its last attempt failed, or its last worker
 * died): the run fails with the reason, unless it has ended already.
 *
 * @example queue.work(GENERATION_RUN_JOB, handler, { onFailed: generationRunFailed(store) });
 */
export function generationRunFailed(store: Pick<Store, "db">): (job: QueuedJob, error: string) => Promise<void> {
  return async (job, error) => {
    const runId = typeof job.payload.runId === "string" ? job.payload.runId : "";
    try {
      await setRunStatus(store.db, job.workspaceId ?? "", runId, "failed", { from: ["queued", "running"], error }, null);
    } catch (failure) {
      if (!(failure instanceof StoreError && (failure.code === "conflict" || failure.code === "not_found"))) throw failure;
    }
  };
}

async function executeRun(deps: GenerationRunDeps, run: GenerationRun, jobSignal: AbortSignal): Promise<void> {
  const { db } = deps.store;
  const workspaceId = run.workspaceId;
  const started = performance.now();
  const fail = async (message: string): Promise<never> => {
    await setRunStatus(db, workspaceId, run.id, "failed", { from: ["queued", "running"], error: message }, null).catch(ignoreEnded);
    throw new JobFailure(message);
  };

  const inputs = await loadInputs(deps, run).catch((error: unknown) => {
    if (error instanceof KitError || error instanceof StoreError) return fail(`the run's inputs cannot be loaded: ${error.message}`);
    throw error;
  });
  const { kit, useCase, settings, plan } = inputs;
  if (plan.planHash !== run.planHash) return fail("the run's kit version, use-case version and brief no longer plan the same variants; start a new run");

  let writerSetup;
  try {
    const runSettings = resolveRunSettings(kit, useCase, { provider: settings.provider, model: settings.model, max_repairs: settings.maxRepairs }, "the run's settings");
    writerSetup = { runSettings, writer: await createWriter(runSettings.provider, deps.env), ...(await runLimits(runSettings)) };
  } catch (error) {
    if (error instanceof KitError || error instanceof ProviderError) {
      return fail(error instanceof ProviderError ? `${error.message} in the worker's environment` : error.message);
    }
    throw error;
  }
  const { runSettings, writer, limiter, estimateTokens } = writerSetup;

  // What earlier attempts stored is kept and counted; the rest is generated now.
  const stored = await storedVariants(db, workspaceId, run.id);
  const counts: RunCounts = { succeeded: 0, needsReview: 0, failed: 0 };
  const kept: VariantOutcome[] = [];
  for (const variant of plan.variants) {
    const status = stored.get(runVariantId(run.id, variant.id));
    if (status === undefined) continue;
    const needsReview = status === "draft";
    counts[needsReview ? "needsReview" : "succeeded"]++;
    kept.push({ status: needsReview ? "needs_review" : "passed", model: "", tokens: { input: 0, output: 0, cachedInput: 0 }, latenciesMs: [], requests: 0 });
  }
  try {
    await setRunStatus(db, workspaceId, run.id, "running", { from: ["queued", "running"], counts, error: null }, null);
  } catch (error) {
    // Cancelled between the claim and now: nothing to do.
    ignoreEnded(error);
    return;
  }
  const todo = plan.variants.filter((v) => !stored.has(runVariantId(run.id, v.id)));

  const cancelled = new AbortController();
  const poll = pollForCancel(db, workspaceId, run.id, cancelled, deps.cancelPollMs ?? DEFAULT_CANCEL_POLL_MS);
  const outcome = { variants: [] as VariantResult[] };
  let result;
  try {
    result = await generateVariants({
      kit,
      useCase,
      variants: todo,
      writer,
      master: settings.master ?? null,
      maxRepairs: runSettings.maxRepairs,
      concurrency: runSettings.concurrency,
      limiter,
      ...(estimateTokens ? { estimateTokens } : {}),
      signal: AbortSignal.any([jobSignal, cancelled.signal]),
      onVariant: async (variant) => {
        outcome.variants.push(variant);
        await storeVariant(db, run, inputs, variant);
      },
    });
  } finally {
    poll.stop();
  }

  const results = outcome.variants;
  const summary = {
    ...summarizeRun([...kept, ...results.map(outcomeOf)], { planned: plan.variants.length, durationMs: performance.now() - started, prices: runSettings.prices }),
    model: writer.kind === "model" ? writer.client.id : "template",
    kept_from_earlier_attempts: kept.length,
    failures: results
      .filter((r) => r.status === "failed")
      .slice(0, MAX_LISTED_FAILURES)
      .map((r) => ({ variant: r.variant.id, target: targetKey(r.variant.target), error: r.error })),
  };
  if (result.fatal) {
    await setRunStatus(db, workspaceId, run.id, "failed", { from: ["running"], error: `${result.fatal.message} in the worker's environment`, summary }, null).catch(ignoreEnded);
    throw new JobFailure(result.fatal.message);
  }
  const interrupted = jobSignal.reason instanceof JobInterrupted ? jobSignal.reason : null;
  if (cancelled.signal.aborted || interrupted?.why === "cancelled") {
    await setRunStatus(db, workspaceId, run.id, "cancelled", { from: ["queued", "running", "cancelled"], summary }, null).catch(ignoreEnded);
    return;
  }
  if (interrupted) {
    // The worker is stopping: the run waits in the queue for the next one (a lost lease: someone else has it).
    if (interrupted.why === "stopping") await setRunStatus(db, workspaceId, run.id, "queued", { from: ["running"] }, null).catch(ignoreEnded);
    throw interrupted;
  }
  try {
    await setRunStatus(db, workspaceId, run.id, "finished", { from: ["running"], summary }, null);
  } catch (error) {
    ignoreEnded(error);
    // Cancelled as the last variant finished: keep the cancel, with the summary.
    await setRunStatus(db, workspaceId, run.id, "cancelled", { from: ["cancelled"], summary }, null).catch(ignoreEnded);
  }
}

interface RunInputs {
  kit: Awaited<ReturnType<KitCache["byVersionId"]>>["kit"];
  kitVersionId: string;
  useCase: UseCase;
  settings: StoredRunSettings;
  plan: VariantPlan;
}

/** The run's kit version, use-case version and settings, and its plan made again from them. */
async function loadInputs(deps: GenerationRunDeps, run: GenerationRun): Promise<RunInputs> {
  const settings = run.settings as unknown as StoredRunSettings;
  if (run.kitVersionId === null || run.useCaseVersionId === null) throw new StoreError("not_found", "the run names no kit version or use-case version");
  const { kit } = await deps.kits.byVersionId(deps.store.db, run.workspaceId, run.kitVersionId);
  const ucv = await getUseCaseVersion(deps.store.db, run.workspaceId, run.useCaseVersionId);
  if (!ucv) throw new StoreError("not_found", `there is no use-case version ${run.useCaseVersionId} in this workspace`);
  const useCase = validateUseCase(kit, settings.useCase, ucv.file);
  const plan = planVariants(
    kit,
    useCase,
    [settings.brief],
    { channels: settings.channels, audiences: settings.audiences, regions: settings.regions, count: settings.count },
    settings.master ?? null,
  );
  return { kit, kitVersionId: run.kitVersionId, useCase, settings, plan };
}

/**
 * Stores a finished variant: a failed one is counted; any other becomes a variant asset with its
 * lineage and the check of its fields, all in one transaction: `checked` when it passed (or was
 * repaired), `draft` when it still has error-level findings and needs a person's edit. A variant
 * the run stored already (a resumed attempt racing an old one) is left alone and not counted twice.
 */
async function storeVariant(db: Database, run: GenerationRun, inputs: RunInputs, result: VariantResult): Promise<void> {
  const workspaceId = run.workspaceId;
  if (result.status === "failed" || result.asset === null || result.score === null) {
    await updateRunProgress(db, workspaceId, run.id, { failed: 1 });
    return;
  }
  const checked = JSON.parse(result.asset) as { channel: string | null; locale: string | null; fields: Record<string, FieldValue> };
  // The stored check is the run's own judgement of the model's answer (the kit's rules and the use
  // case's output rules), not a re-check of the stored fields: those leave out values that are not
  // copy (true, null), whose Output.Type findings are the reason the variant needs review.
  const review = { findings: result.findings, score: result.score };
  const [provider, ...model] = result.model.split(":");
  const target = result.variant.target;
  try {
    await db.transaction(async (tx) => {
      const asset = await createAsset(
        tx,
        workspaceId,
        {
          kind: "variant",
          title: `${inputs.useCase.name ?? inputs.useCase.id}: ${targetKey(target)}${inputs.settings.count > 1 ? ` #${result.variant.n + 1}` : ""}`,
          fields: checked.fields,
          status: result.status === "needs_review" ? "draft" : "checked",
          channel: checked.channel,
          locale: checked.locale,
          audience: target.audience?.id ?? null,
          region: target.region?.id ?? null,
          useCaseId: run.useCaseId,
          kitVersionId: inputs.kitVersionId,
          useCaseVersionId: run.useCaseVersionId,
          provider: provider ?? null,
          model: model.join(":") || null,
          promptPrefixHash: result.prefixHash,
          briefHash: result.variant.briefHash,
          parentAssetId: inputs.settings.masterAssetId ?? null,
          generationRunId: run.id,
          variantId: runVariantId(run.id, result.variant.id),
        },
        run.createdBy,
      );
      await recordCheck(tx, workspaceId, { assetId: asset.id, assetVersion: asset.version, kitVersionId: inputs.kitVersionId, findings: review.findings, score: review.score }, run.createdBy);
      await updateRunProgress(tx, workspaceId, run.id, result.status === "needs_review" ? { needsReview: 1 } : { succeeded: 1 });
    });
  } catch (error) {
    if (error instanceof StoreError && error.code === "already_exists") return;
    throw error;
  }
}

function outcomeOf(result: VariantResult): VariantOutcome {
  return { status: result.status, model: result.model, tokens: result.tokens, latenciesMs: result.latenciesMs, requests: result.requests };
}

/** Reads the run's status every `everyMs` and aborts `cancelled` once it is `cancelled`. */
function pollForCancel(db: Database, workspaceId: string, runId: string, cancelled: AbortController, everyMs: number): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const run = await getRun(db, workspaceId, runId);
      if (run?.status === "cancelled") cancelled.abort(new Error("the run was cancelled"));
    } catch {
      // A missed poll is retried on the next tick.
    }
    if (!stopped && !cancelled.signal.aborted) timer = setTimeout(() => void tick(), everyMs);
  };
  timer = setTimeout(() => void tick(), everyMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Swallows the `conflict` of a status change on a run that has ended (cancelled meanwhile); rethrows anything else. */
function ignoreEnded(error: unknown): undefined {
  if (error instanceof StoreError && error.code === "conflict") return undefined;
  throw error;
}
