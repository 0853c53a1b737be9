import { FieldValueSchema } from "../../core/parse/structured.ts";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { jsonFinding } from "../../format/json.ts";
import { getAsset, listAssets } from "../../store/assets.ts";
import { latestCheck, listChecks } from "../../store/checks.ts";
import { listReviews } from "../../store/reviews.ts";
import { ASSET_KINDS, ASSET_STATUSES, REVIEW_DECISIONS, type Asset, type CheckRow, type Review } from "../../store/schema.ts";
import { StoreError } from "../../store/store-error.ts";
import {
  allowedActions,
  createCheckedAsset,
  editAsset,
  publishAsset,
  reviewAsset,
  submitAsset,
  WORKFLOW_ACTIONS,
  WorkflowError,
  type WorkflowContext,
  type WorkflowErrorCode,
} from "../../studio/asset-workflow.ts";
import { requirePermission, type StudioEnv } from "../access.ts";
import { ApiError, ErrorBodySchema } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";
import { CheckAssetSchema, CheckResponseSchema } from "./check.ts";
import { PAGE_QUERY, pageSchema } from "./page-query.ts";

const FindingSchema = CheckResponseSchema.shape.findings.element;
const Label = z.string().trim().min(1, { message: "must not be empty" }).max(200, { message: "must be at most 200 characters" });
const Id = z.string().openapi({ description: "An id of your workspace", example: "0b7e5a52-3c1f-4c55-9d0e-8f7a2c6d1b3e" });

/** Copy by field name: text, or lists and objects of text (an ad's headlines, a storyboard's scenes), as in a structured asset file. */
const AssetFieldsSchema = z
  .record(z.string().min(1, { message: "field names must not be empty" }), FieldValueSchema)
  .refine((fields) => Object.keys(fields).length > 0, { message: 'must have at least one field, e.g. {"headline": "..."}' })
  .openapi({ description: "Field name -> text, a list or an object of values", example: { subject: "Meet Fizzwell Zero", body: "Zero sugar, all the sparkle." } });

export const AssetSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(ASSET_KINDS),
    title: z.string().nullable(),
    fields: z.record(z.string(), FieldValueSchema),
    channel: z.string().nullable(),
    locale: z.string().nullable(),
    audience: z.string().nullable(),
    region: z.string().nullable(),
    status: z.enum(ASSET_STATUSES),
    actions: z.array(z.enum(WORKFLOW_ACTIONS)).openapi({ description: "What the workflow allows from this status (your role may allow less); docs/workflow.md" }),
    version: z.number().int().openapi({ description: "Send it back with an edit: an edit made to an older version is a 409 conflict" }),
    useCaseId: z.uuid().nullable(),
    kitVersionId: z.uuid().nullable().openapi({ description: "The kit version it was created with" }),
    useCaseVersionId: z.uuid().nullable(),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    promptPrefixHash: z.string().nullable(),
    briefHash: z.string().nullable(),
    parentAssetId: z.uuid().nullable().openapi({ description: "The master of a variant" }),
    generationRunId: z.uuid().nullable(),
    variantId: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
    updatedAt: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("Asset");

export const AssetCheckSchema = z
  .object({
    id: z.uuid(),
    assetId: z.uuid(),
    assetVersion: z.number().int().openapi({ description: "The asset version it checked" }),
    kitVersionId: z.uuid(),
    findings: z.array(FindingSchema).openapi({ description: "As POST /api/check returns them; dismiss one in a review by its index or its key `rule@field:line:column`" }),
    counts: z.object({ error: z.number().int(), warning: z.number().int(), suggestion: z.number().int() }),
    score: z.number().int(),
    createdAt: z.string(),
  })
  .openapi("AssetCheck");

const AssetWithCheckSchema = AssetSchema.extend({ latestCheck: AssetCheckSchema.nullable() }).openapi("AssetWithCheck");

export const ReviewSchema = z
  .object({
    id: z.uuid(),
    assetId: z.uuid(),
    reviewerId: z.uuid(),
    decision: z.enum(REVIEW_DECISIONS),
    reason: z.string().nullable(),
    override: z.boolean().openapi({ description: "Approved although error-level findings remained" }),
    dismissedFindings: z.array(FindingSchema).openapi({ description: "Findings of the latest check the reviewer dismissed as false positives" }),
    createdAt: z.string(),
  })
  .openapi("Review");

const NewAssetSchema = z
  .strictObject({
    kind: z.enum(ASSET_KINDS),
    title: Label.openapi({ example: "Zero launch email" }),
    fields: AssetFieldsSchema,
    channel: CheckAssetSchema.shape.channel,
    locale: CheckAssetSchema.shape.locale,
    audience: Label.optional().openapi({ example: "students" }),
    region: Label.optional().openapi({ example: "uk" }),
    useCaseId: Id.optional().openapi({ description: "The use case (row id) it answers" }),
    parentAssetId: Id.optional().openapi({ description: "For a variant: its master asset" }),
  })
  .openapi("NewAsset");

const AssetEditSchema = z
  .strictObject({
    version: z.number().int().min(1).openapi({ description: "The version the edit was made to (the asset's `version` when you read it)", example: 3 }),
    title: Label.optional(),
    fields: AssetFieldsSchema.optional(),
    channel: Label.nullable().optional(),
    locale: Label.nullable().optional(),
    audience: Label.nullable().optional(),
    region: Label.nullable().optional(),
  })
  .refine((edit) => Object.keys(edit).some((key) => key !== "version"), { message: "send at least one of title, fields, channel, locale, audience, region" })
  .openapi("AssetEdit");

const StepSchema = z
  .strictObject({ version: z.number().int().min(1).optional().openapi({ description: "The version you saw; a change since is a 409 conflict" }) })
  .openapi("AssetStep");

const NewReviewSchema = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS),
    reason: z.string().max(5000).optional().openapi({ description: "Required to reject, to request changes, and with override", example: "The claim in the subject needs legal sign-off" }),
    dismissedFindings: z
      .array(z.union([z.number().int().min(0), z.string().min(1)]))
      .max(1000)
      .optional()
      .openapi({ description: "Findings of the latest check that are false positives: indexes in its findings, or keys `rule@field:line:column`", example: [0] }),
    override: z.boolean().optional().openapi({ description: "Approve although error-level findings remain (needs a reason)" }),
    version: z.number().int().min(1).optional().openapi({ description: "The version you reviewed; a change since is a 409 conflict" }),
  })
  .openapi("NewReview");

const AssetListQuery = z.strictObject({
  status: z.enum(ASSET_STATUSES).optional().openapi({ param: { name: "status", in: "query" } }),
  kind: z.enum(ASSET_KINDS).optional().openapi({ param: { name: "kind", in: "query" } }),
  useCaseId: z.string().optional().openapi({ param: { name: "useCaseId", in: "query" } }),
  channel: z.string().optional().openapi({ param: { name: "channel", in: "query" } }),
  generationRunId: z.string().optional().openapi({ param: { name: "generationRunId", in: "query" } }),
  parentAssetId: z.string().optional().openapi({ param: { name: "parentAssetId", in: "query" }, description: "The variants of this master" }),
  createdBy: z.string().optional().openapi({ param: { name: "createdBy", in: "query" }, description: "A person's id" }),
  ...PAGE_QUERY,
});

const IdParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "0b7e5a52-3c1f-4c55-9d0e-8f7a2c6d1b3e" }) });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T, required = true) => ({ body: { required, content: { "application/json": { schema } } } });
const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
const common = { 401: errorResponse("unauthorized: not signed in"), 500: errorResponse("internal") };
const forbidden = errorResponse("forbidden: your role lacks the permission (or, for a review, you created the asset)");
const notFound = errorResponse("not_found: no such asset in your workspace");
const conflict = errorResponse("conflict: the asset changed since the version you sent; invalid_transition: not allowed from its status");

const listRoute = createRoute({
  method: "get",
  path: "/assets",
  summary: "Your workspace's assets, newest first",
  description: "Filters combine with and. Paged: pass `nextCursor` back as `cursor`.",
  security,
  request: { query: AssetListQuery },
  responses: { 200: json(pageSchema(AssetSchema, "AssetPage"), "A page of assets"), 400: errorResponse("validation_failed"), ...common },
});

const createAssetRoute = createRoute({
  method: "post",
  path: "/assets",
  summary: "Create an asset; it is checked at once",
  description: "Needs asset.write. The asset is checked with the workspace's current kit and answered `checked` with that check.",
  security,
  request: body(NewAssetSchema),
  responses: {
    201: json(AssetWithCheckSchema, "The asset, checked"),
    400: errorResponse("validation_failed (an unknown channel among them)"),
    403: forbidden,
    404: errorResponse("not_found: useCaseId or parentAssetId is not of your workspace, or the workspace has no kit"),
    ...common,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/assets/{id}",
  summary: "One asset with its latest check",
  security,
  request: { params: IdParams },
  responses: { 200: json(AssetWithCheckSchema, "The asset"), 404: notFound, ...common },
});

const editRoute = createRoute({
  method: "patch",
  path: "/assets/{id}",
  summary: "Edit an asset; it is re-checked and returns to checked",
  description: "Needs asset.write. Send the `version` you edited. A published asset cannot be edited (409 invalid_transition).",
  security,
  request: { params: IdParams, ...body(AssetEditSchema) },
  responses: { 200: json(AssetWithCheckSchema, "The edited asset and its new check"), 400: errorResponse("validation_failed"), 403: forbidden, 404: notFound, 409: conflict, ...common },
});

const stepRoute = (path: string, summary: string, description: string) =>
  createRoute({
    method: "post",
    path,
    summary,
    description,
    security,
    request: { params: IdParams, ...body(StepSchema, false) },
    responses: { 200: json(AssetSchema, "The asset in its new status"), 400: errorResponse("validation_failed"), 403: forbidden, 404: notFound, 409: conflict, ...common },
  });

const submitRoute = stepRoute("/assets/{id}/submit", "Submit a checked asset for review", "Needs asset.write. checked -> in_review.");
const publishRoute = stepRoute("/assets/{id}/publish", "Publish an approved asset", "Needs asset.review. approved -> published.");

const reviewRoute = createRoute({
  method: "post",
  path: "/assets/{id}/reviews",
  summary: "Approve, reject or request changes",
  description:
    "Needs asset.review; the asset must be in_review. Reject and request_changes need a reason. Approving while error-level findings of the latest check remain (not dismissed) needs override: true and a reason (409 override_required lists them). The asset's creator may not review it unless the workspace setting allowSelfApproval is on.",
  security,
  request: { params: IdParams, ...body(NewReviewSchema) },
  responses: {
    201: json(z.object({ asset: AssetSchema, review: ReviewSchema }).openapi("ReviewResult"), "The review and the asset in its new status"),
    400: errorResponse("validation_failed: a missing reason, an unknown dismissed finding"),
    403: forbidden,
    404: notFound,
    409: errorResponse("invalid_transition, conflict, or override_required (details: each error-level finding)"),
    ...common,
  },
});

const listReviewsRoute = createRoute({
  method: "get",
  path: "/assets/{id}/reviews",
  summary: "An asset's reviews, newest first",
  security,
  request: { params: IdParams },
  responses: { 200: json(z.object({ items: z.array(ReviewSchema) }), "Its reviews"), 404: notFound, ...common },
});

const listChecksRoute = createRoute({
  method: "get",
  path: "/assets/{id}/checks",
  summary: "An asset's checks, newest first",
  security,
  request: { params: IdParams },
  responses: { 200: json(z.object({ items: z.array(AssetCheckSchema) }), "Its checks (at most 100)"), 404: notFound, ...common },
});

/**
 * The asset routes: list, create (checked at once), read, edit (re-checked), submit, review,
 * publish, and an asset's reviews and checks. The workflow's rules live in
 * src/studio/asset-workflow.ts; these routes check the permission first, then call it.
 *
 * @example
 * registerAssetRoutes(api, deps);
 * // POST /assets {"kind":"master","title":"Zero launch","fields":{"subject":"Meet Zero"},"channel":"email"} -> 201 {status: "checked", latestCheck: {...}}
 */
export function registerAssetRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;
  const context = (c: Context<StudioEnv>): WorkflowContext => {
    const actor = c.get("actor");
    return { db, kits: deps.kits, workspaceId: actor.workspaceId, personId: actor.personId };
  };

  app.openapi(
    listRoute,
    async (c) => {
      const page = await listAssets(db, c.get("actor").workspaceId, c.req.valid("query"));
      return c.json({ items: page.items.map(assetJson), nextCursor: page.nextCursor }, 200);
    },
    validationHook(AssetListQuery),
  );

  app.openapi(
    createAssetRoute,
    async (c) => {
      requirePermission(c.get("actor"), "asset.write");
      const { asset, check } = await workflow(() => createCheckedAsset(context(c), c.req.valid("json")));
      return c.json({ ...assetJson(asset), latestCheck: checkJson(check) }, 201);
    },
    validationHook(NewAssetSchema),
  );

  app.openapi(getRoute, async (c) => {
    const { workspaceId } = c.get("actor");
    const id = c.req.valid("param").id;
    const asset = await requireAsset(deps, workspaceId, id);
    const check = await latestCheck(db, workspaceId, id);
    return c.json({ ...assetJson(asset), latestCheck: check ? checkJson(check) : null }, 200);
  });

  app.openapi(
    editRoute,
    async (c) => {
      requirePermission(c.get("actor"), "asset.write");
      const { version, ...changes } = c.req.valid("json");
      const { asset, check } = await workflow(() => editAsset(context(c), c.req.valid("param").id, version, changes));
      return c.json({ ...assetJson(asset), latestCheck: checkJson(check) }, 200);
    },
    validationHook(AssetEditSchema),
  );

  app.openapi(
    submitRoute,
    async (c) => {
      requirePermission(c.get("actor"), "asset.write");
      const asset = await workflow(() => submitAsset(context(c), c.req.valid("param").id, stepVersion(c.req.valid("json"))));
      return c.json(assetJson(asset), 200);
    },
    validationHook(StepSchema),
  );

  app.openapi(
    publishRoute,
    async (c) => {
      requirePermission(c.get("actor"), "asset.review");
      const asset = await workflow(() => publishAsset(context(c), c.req.valid("param").id, stepVersion(c.req.valid("json"))));
      return c.json(assetJson(asset), 200);
    },
    validationHook(StepSchema),
  );

  app.openapi(
    reviewRoute,
    async (c) => {
      requirePermission(c.get("actor"), "asset.review");
      const { version, ...input } = c.req.valid("json");
      const { asset, review } = await workflow(() => reviewAsset(context(c), c.req.valid("param").id, { ...input, expectedVersion: version }));
      return c.json({ asset: assetJson(asset), review: reviewJson(review) }, 201);
    },
    validationHook(NewReviewSchema),
  );

  app.openapi(listReviewsRoute, async (c) => {
    const { workspaceId } = c.get("actor");
    const { id } = await requireAsset(deps, workspaceId, c.req.valid("param").id);
    return c.json({ items: (await listReviews(db, workspaceId, id)).map(reviewJson) }, 200);
  });

  app.openapi(listChecksRoute, async (c) => {
    const { workspaceId } = c.get("actor");
    const { id } = await requireAsset(deps, workspaceId, c.req.valid("param").id);
    return c.json({ items: (await listChecks(db, workspaceId, id)).map(checkJson) }, 200);
  });
}

async function requireAsset(deps: RouteDeps, workspaceId: string, id: string): Promise<Asset> {
  const asset = await getAsset(deps.store.db, workspaceId, id);
  if (!asset) throw new StoreError("not_found", `there is no asset ${id} in this workspace`);
  return asset;
}

/** A body-less step (no Content-Type) validates as undefined. */
function stepVersion(body: z.infer<typeof StepSchema> | undefined): number | undefined {
  return body?.version;
}

/** How each workflow refusal is answered: its HTTP status and code. */
const WORKFLOW_ANSWERS: Record<WorkflowErrorCode, [ContentfulStatusCode, string]> = {
  invalid_transition: [409, "invalid_transition"],
  override_required: [409, "override_required"],
  self_review: [403, "forbidden"],
  invalid_request: [400, "validation_failed"],
};

/** A workflow step whose refusals (WorkflowErrors) become their HTTP answers; other errors pass. */
function workflow<T>(step: () => Promise<T>): Promise<T> {
  return step().catch((error: unknown) => {
    if (!(error instanceof WorkflowError)) throw error;
    const [status, code] = WORKFLOW_ANSWERS[error.code];
    throw new ApiError(status, code, error.message, error.details);
  });
}

/**
 * An asset for a response: exactly the fields of AssetSchema, with the actions its status allows.
 *
 * @example c.json(assetJson(asset), 200)
 */
export function assetJson(asset: Asset): z.infer<typeof AssetSchema> {
  return {
    id: asset.id,
    kind: asset.kind,
    title: asset.title,
    fields: asset.fields,
    channel: asset.channel,
    locale: asset.locale,
    audience: asset.audience,
    region: asset.region,
    status: asset.status,
    actions: allowedActions(asset.status),
    version: asset.version,
    useCaseId: asset.useCaseId,
    kitVersionId: asset.kitVersionId,
    useCaseVersionId: asset.useCaseVersionId,
    provider: asset.provider,
    model: asset.model,
    promptPrefixHash: asset.promptPrefixHash,
    briefHash: asset.briefHash,
    parentAssetId: asset.parentAssetId,
    generationRunId: asset.generationRunId,
    variantId: asset.variantId,
    createdBy: asset.createdBy,
    createdAt: asset.createdAt.toISOString(),
    updatedAt: asset.updatedAt.toISOString(),
  };
}

function checkJson(check: CheckRow): z.infer<typeof AssetCheckSchema> {
  return {
    id: check.id,
    assetId: check.assetId,
    assetVersion: check.assetVersion,
    kitVersionId: check.kitVersionId,
    findings: check.findings.map(jsonFinding),
    counts: { error: check.errors, warning: check.warnings, suggestion: check.suggestions },
    score: check.score,
    createdAt: check.createdAt.toISOString(),
  };
}

function reviewJson(review: Review): z.infer<typeof ReviewSchema> {
  return {
    id: review.id,
    assetId: review.assetId,
    reviewerId: review.reviewerId,
    decision: review.decision,
    reason: review.reason,
    override: review.override,
    dismissedFindings: review.dismissedFindings.map(jsonFinding),
    createdAt: review.createdAt.toISOString(),
  };
}
