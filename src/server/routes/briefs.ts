import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { withFix } from "../../core/errors.ts";
import { formatPath } from "../../core/kit/schema-diagnostics.ts";
import { BriefError, createBrief, getBrief, listBriefs, type StoredBrief } from "../../store/briefs.ts";
import { StoreError } from "../../store/store-error.ts";
import { requirePermission, type StudioEnv } from "../access.ts";
import { validationError } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";
import { common, errorResponse, json, security } from "./kit.ts";
import { PAGE_QUERY, pageSchema } from "./page-query.ts";

const BriefValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const BriefSchema = z
  .object({
    id: z.uuid(),
    useCase: z.string().openapi({ description: "The use case's library id", example: "email" }),
    values: z.record(z.string(), BriefValueSchema).openapi({ description: "As validated: coerced to each input's type, defaults filled in", example: { product: "Fizzwell Zero" } }),
    createdBy: z.uuid().nullable(),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("Brief");

const NewBriefSchema = z
  .strictObject({
    useCase: z.string().min(1).openapi({ description: "The use case's library id (GET /api/use-cases)", example: "email" }),
    values: z.record(z.string(), z.unknown()).openapi({ description: "Brief field -> value, as in a brief file", example: { product: "Fizzwell Zero", offer: "20% off" } }),
  })
  .openapi("NewBrief");

const BriefListQuery = z.strictObject({
  useCase: z.string().min(1).optional().openapi({ param: { name: "useCase", in: "query" }, description: "Only briefs of this use case (library id)" }),
  ...PAGE_QUERY,
});

const IdParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "0b7e5a52-3c1f-4c55-9d0e-8f7a2c6d1b3e" }) });

const createBriefRoute = createRoute({
  method: "post",
  path: "/briefs",
  summary: "Save a filled brief for a use case",
  description: "Needs asset.write. The values are validated against the use case's current version: every bad field is listed as values.<name>.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: NewBriefSchema } } } },
  responses: {
    201: json(BriefSchema, "The brief as stored"),
    400: errorResponse("validation_failed: each bad field as values.<name>"),
    403: errorResponse("forbidden: your role lacks asset.write"),
    404: errorResponse("not_found: no such use case in your workspace's library"),
    ...common,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/briefs",
  summary: "Your workspace's briefs, newest first",
  security,
  request: { query: BriefListQuery },
  responses: { 200: json(pageSchema(BriefSchema, "BriefPage"), "A page of briefs"), 400: errorResponse("validation_failed"), ...common },
});

const getRoute = createRoute({
  method: "get",
  path: "/briefs/{id}",
  summary: "One brief",
  security,
  request: { params: IdParams },
  responses: { 200: json(BriefSchema, "The brief"), 404: errorResponse("not_found: no such brief in your workspace"), ...common },
});

/**
 * The brief routes: save a brief (validated against its use case), list and read them.
 *
 * @example
 * registerBriefRoutes(api, deps);
 * // POST /briefs {"useCase": "email", "values": {"product": "Fizzwell Zero"}} -> 201 {id, useCase: "email", values: {...}}
 */
export function registerBriefRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;

  app.openapi(
    createBriefRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "asset.write");
      const body = c.req.valid("json");
      try {
        const brief = await createBrief(db, actor.workspaceId, { useCaseId: body.useCase, values: body.values }, actor.personId);
        return c.json(briefJson(brief), 201);
      } catch (error) {
        if (!(error instanceof BriefError)) throw error;
        throw validationError(error.problems.map((p) => ({ path: formatPath(["values", ...p.path]), message: withFix(p.message, p.fix) })));
      }
    },
    validationHook(NewBriefSchema),
  );

  app.openapi(
    listRoute,
    async (c) => {
      const query = c.req.valid("query");
      const page = await listBriefs(db, c.get("actor").workspaceId, { useCaseId: query.useCase, limit: query.limit, cursor: query.cursor });
      return c.json({ items: page.items.map(briefJson), nextCursor: page.nextCursor }, 200);
    },
    validationHook(BriefListQuery),
  );

  app.openapi(getRoute, async (c) => {
    const id = c.req.valid("param").id;
    const brief = await getBrief(db, c.get("actor").workspaceId, id);
    if (!brief) throw new StoreError("not_found", `there is no brief ${id} in your workspace`);
    return c.json(briefJson(brief), 200);
  });
}

function briefJson(brief: StoredBrief): z.infer<typeof BriefSchema> {
  return {
    id: brief.id,
    useCase: brief.useCase,
    values: brief.values as z.infer<typeof BriefSchema>["values"],
    createdBy: brief.createdBy,
    createdAt: brief.createdAt.toISOString(),
  };
}
