import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listAuditPage } from "../../store/audit.ts";
import type { AuditEntry } from "../../store/schema.ts";
import { requirePermission, type StudioEnv } from "../access.ts";
import { ErrorBodySchema } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";
import { PAGE_QUERY, pageSchema } from "./page-query.ts";

const AuditEntrySchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int().openapi({ description: "The order entries were written in" }),
    actorId: z.uuid().nullable().openapi({ description: "Who; null for the system (import, the demo loader)" }),
    action: z.string().openapi({ example: "asset.update" }),
    entityType: z.string().openapi({ example: "asset" }),
    entityId: z.string(),
    before: z.record(z.string(), z.unknown()).nullable().openapi({ description: "The entity before the change; null for a creation" }),
    after: z.record(z.string(), z.unknown()).nullable().openapi({ description: "The entity after the change" }),
    at: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("AuditEntry");

const AuditQuery = z.strictObject({
  entityType: z.string().min(1).optional().openapi({ param: { name: "entityType", in: "query" }, example: "asset" }),
  entityId: z.string().min(1).optional().openapi({ param: { name: "entityId", in: "query" } }),
  ...PAGE_QUERY,
});

const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });

const listRoute = createRoute({
  method: "get",
  path: "/audit",
  summary: "The audit log, newest first",
  description: "Needs audit.read (admins and champions). Every change of the workspace: who, when, what, before and after. Paged: pass `nextCursor` back as `cursor`.",
  security,
  request: { query: AuditQuery },
  responses: {
    200: { description: "A page of entries", content: { "application/json": { schema: pageSchema(AuditEntrySchema, "AuditPage") } } },
    400: errorResponse("validation_failed"),
    401: errorResponse("unauthorized: not signed in"),
    403: errorResponse("forbidden: your role cannot read the audit log"),
    500: errorResponse("internal"),
  },
});

/**
 * `GET /audit`: the workspace's audit log, filtered by entity.
 *
 * @example
 * registerAuditRoutes(api, deps);
 * // GET /audit?entityType=asset&entityId=0b7e… -> {items: [{action: "asset.update", before: {...}, after: {...}}], nextCursor}
 */
export function registerAuditRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  app.openapi(
    listRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "audit.read");
      const page = await listAuditPage(deps.store.db, actor.workspaceId, c.req.valid("query"));
      return c.json({ items: page.items.map(auditJson), nextCursor: page.nextCursor }, 200);
    },
    validationHook(AuditQuery),
  );
}

function auditJson(entry: AuditEntry): z.infer<typeof AuditEntrySchema> {
  const { id, seq, actorId, action, entityType, entityId, before, after, at } = entry;
  return { id, seq, actorId, action, entityType, entityId, before, after, at: at.toISOString() };
}
