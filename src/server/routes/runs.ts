import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { PROVIDERS } from "../../core/kit/provider-schema.ts";
import { ENDED_RUN_STATUSES, getRun, listRuns } from "../../store/runs.ts";
import { RUN_STATUSES, type GenerationRun } from "../../store/schema.ts";
import { StoreError } from "../../store/store-error.ts";
import { cancelRun, RunRequestError, startRun } from "../../studio/generation-run.ts";
import { requirePermission, type StudioEnv } from "../access.ts";
import { ApiError, ErrorBodySchema, validationError } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";
import { PAGE_QUERY, pageSchema } from "./page-query.ts";

const TargetIds = (example: string[]) =>
  z
    .array(z.string().trim().min(1, { message: "must not be empty" }))
    .min(1, { message: "must list at least one; leave it out for the use case's own" })
    .max(100)
    .optional()
    .openapi({ example });

export const NewRunSchema = z
  .strictObject({
    useCase: z.string().min(1).openapi({ description: "The use case's library id", example: "push" }),
    brief: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "The brief's values, checked against the use case's inputs; or send briefId", example: { news: "Fizzwell Zero is in shops today." } }),
    briefId: z.string().optional().openapi({ description: "A stored brief of the same use case, instead of `brief`" }),
    channels: TargetIds(["push"]).openapi({ description: "Channels to write for (default: the use case's)" }),
    audiences: TargetIds(["students", "office-workers"]).openapi({ description: "Audiences (default: the use case's)" }),
    regions: TargetIds(["uk"]).openapi({ description: "Regions (default: the use case's)" }),
    count: z.number().int().min(1).max(1000).optional().openapi({ description: "Variants per target (default 1)", example: 1 }),
    masterAssetId: z.string().optional().openapi({ description: "An asset every variant adapts and names as its parent" }),
    provider: z.enum(PROVIDERS).optional().openapi({ description: "Over onbrand.yaml's generate.provider; the endpoint and the key name stay the kit's" }),
    model: z.string().trim().min(1).max(200).optional().openapi({ example: "gpt-4.1-mini" }),
    maxRepairs: z.number().int().min(0).max(10).optional().openapi({ description: "Re-asks of an off-brand answer" }),
  })
  .superRefine((body, ctx) => {
    if (body.brief !== undefined && body.briefId !== undefined) ctx.addIssue({ code: "custom", path: ["briefId"], message: 'send "brief" or "briefId", not both' });
  })
  .openapi("NewRun");

export const RunSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(RUN_STATUSES).openapi({ description: "queued -> running -> finished, or cancelled, or failed (docs/studio.md)" }),
    useCase: z.string().openapi({ description: "The use case's library id" }),
    useCaseId: z.uuid().nullable(),
    kitVersionId: z.uuid().nullable(),
    useCaseVersionId: z.uuid().nullable(),
    briefId: z.uuid().nullable(),
    brief: z.record(z.string(), z.unknown()).openapi({ description: "The brief as validated (defaults filled in)" }),
    channels: z.array(z.string()).nullable(),
    audiences: z.array(z.string()).nullable(),
    regions: z.array(z.string()).nullable(),
    count: z.number().int(),
    masterAssetId: z.uuid().nullable(),
    provider: z.string().nullable().openapi({ description: "The run's choice over the kit's; null: the kit's" }),
    model: z.string().nullable(),
    planHash: z.string(),
    planned: z.number().int().openapi({ description: "Variants the run plans" }),
    succeeded: z.number().int().openapi({ description: "Stored as checked: passed, or repaired after re-asks" }),
    needsReview: z.number().int().openapi({ description: "Stored as draft: error-level findings remain after the last re-ask" }),
    failed: z.number().int().openapi({ description: "No usable answer from the model (not stored)" }),
    summary: z.record(z.string(), z.unknown()).nullable().openapi({ description: "Once ended: counts, tokens, cost estimate, latency (docs/generate.md)" }),
    error: z.string().nullable().openapi({ description: "Why a failed run failed" }),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Run");

const RunListQuery = z.strictObject({
  status: z.enum(RUN_STATUSES).optional().openapi({ param: { name: "status", in: "query" } }),
  ...PAGE_QUERY,
});

const IdParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "0b7e5a52-3c1f-4c55-9d0e-8f7a2c6d1b3e" }) });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
const common = { 401: errorResponse("unauthorized: not signed in"), 500: errorResponse("internal") };
const notFound = errorResponse("not_found: no such run in your workspace");

const startRoute = createRoute({
  method: "post",
  path: "/runs",
  summary: "Start a generation run",
  description:
    "Needs asset.write. Plans the variants now (brief and targets are checked against the current kit and library) and queues the run; a worker generates them in the background. Answers 202 with the queued run and its Location. API keys are never sent: they live in the workers' environment.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: NewRunSchema } } } },
  responses: {
    202: { ...json(RunSchema, "The queued run"), headers: z.object({ Location: z.string().openapi({ description: "/api/runs/{id}" }) }) },
    400: errorResponse("validation_failed: each bad brief field, target or model in details"),
    403: errorResponse("forbidden: your role cannot start runs"),
    404: errorResponse("not_found: the use case, brief or master asset is not of your workspace, or the workspace has no kit"),
    ...common,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/runs",
  summary: "Your workspace's generation runs, newest first",
  description: "Paged: pass `nextCursor` back as `cursor`. A run's variants: GET /api/assets?generationRunId={id}.",
  security,
  request: { query: RunListQuery },
  responses: { 200: json(pageSchema(RunSchema, "RunPage"), "A page of runs"), 400: errorResponse("validation_failed"), ...common },
});

const getRoute = createRoute({
  method: "get",
  path: "/runs/{id}",
  summary: "One run: status, counters, summary, error",
  security,
  request: { params: IdParams },
  responses: { 200: json(RunSchema, "The run"), 404: notFound, ...common },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/runs/{id}/cancel",
  summary: "Cancel a queued or running run",
  description: "Needs asset.write. The run is cancelled at once; a worker running it stops between variants and keeps the variants it stored.",
  security,
  request: { params: IdParams },
  responses: {
    200: json(RunSchema, "The cancelled run"),
    403: errorResponse("forbidden: your role cannot cancel runs"),
    404: notFound,
    409: errorResponse("invalid_transition: the run has ended (finished, cancelled or failed)"),
    ...common,
  },
});

/**
 * The generation run routes: start (202, queued), list, read, cancel. Starting and cancelling need
 * asset.write; the work itself happens in a worker (src/studio/generation-run.ts).
 *
 * @example
 * registerRunRoutes(api, deps);
 * // POST /runs {"useCase": "push", "brief": {"news": "Zero is here"}} -> 202 {status: "queued", planned: 2, ...}
 */
export function registerRunRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;

  app.openapi(
    startRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "asset.write");
      let run: GenerationRun;
      try {
        run = await startRun(deps.store, deps.kits, actor, c.req.valid("json"));
      } catch (error) {
        if (error instanceof RunRequestError) throw validationError(error.details);
        throw error;
      }
      c.header("Location", `/api/runs/${run.id}`);
      return c.json(runJson(run), 202);
    },
    validationHook(NewRunSchema),
  );

  app.openapi(
    listRoute,
    async (c) => {
      const page = await listRuns(db, c.get("actor").workspaceId, c.req.valid("query"));
      return c.json({ items: page.items.map(runJson), nextCursor: page.nextCursor }, 200);
    },
    validationHook(RunListQuery),
  );

  app.openapi(getRoute, async (c) => {
    const id = c.req.valid("param").id;
    const run = await getRun(db, c.get("actor").workspaceId, id);
    if (!run) throw new StoreError("not_found", `there is no run ${id} in your workspace`);
    return c.json(runJson(run), 200);
  });

  app.openapi(cancelRoute, async (c) => {
    const actor = c.get("actor");
    requirePermission(actor, "asset.write");
    const id = c.req.valid("param").id;
    const before = await getRun(db, actor.workspaceId, id);
    if (!before) throw new StoreError("not_found", `there is no run ${id} in your workspace`);
    const ended = (status: string) => new ApiError(409, "invalid_transition", `run ${id} is ${status}: only a queued or running run can be cancelled`);
    if (ENDED_RUN_STATUSES.includes(before.status)) throw ended(before.status);
    try {
      return c.json(runJson(await cancelRun(db, actor.workspaceId, id, actor.personId)), 200);
    } catch (error) {
      // It ended between the read and the cancel.
      if (error instanceof StoreError && error.code === "conflict") throw ended((await getRun(db, actor.workspaceId, id))?.status ?? "ended");
      throw error;
    }
  });
}

/**
 * A run for a response: exactly the fields of RunSchema (its settings spread out, the master's
 * copied fields left out).
 *
 * @example c.json(runJson(run), 200)
 */
export function runJson(run: GenerationRun): z.infer<typeof RunSchema> {
  const settings = run.settings as {
    useCase?: string;
    brief?: Record<string, unknown>;
    channels?: string[];
    audiences?: string[];
    regions?: string[];
    count?: number;
    masterAssetId?: string;
    provider?: string;
    model?: string;
  };
  return {
    id: run.id,
    status: run.status,
    useCase: settings.useCase ?? "",
    useCaseId: run.useCaseId,
    kitVersionId: run.kitVersionId,
    useCaseVersionId: run.useCaseVersionId,
    briefId: run.briefId,
    brief: settings.brief ?? {},
    channels: settings.channels ?? null,
    audiences: settings.audiences ?? null,
    regions: settings.regions ?? null,
    count: settings.count ?? 1,
    masterAssetId: settings.masterAssetId ?? null,
    provider: settings.provider ?? null,
    model: settings.model ?? null,
    planHash: run.planHash,
    planned: run.planned,
    succeeded: run.succeeded,
    needsReview: run.needsReview,
    failed: run.failed,
    summary: run.summary ?? null,
    error: run.error,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
  };
}
