import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { listEvents } from "../../store/events.ts";
import type { UsageEvent } from "../../store/schema.ts";
import type { StudioEnv } from "../access.ts";
import { ErrorBodySchema } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";
import { PAGE_QUERY, pageSchema } from "./page-query.ts";

const EventSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid().nullable().openapi({ description: "Who; null for the system" }),
    type: z.string().openapi({ description: "docs/workflow.md lists the types", example: "review.approve" }),
    data: z.record(z.string(), z.unknown()).openapi({ example: { assetId: "0b7e5a52-3c1f-4c55-9d0e-8f7a2c6d1b3e", override: false } }),
    at: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("UsageEvent");

const Time = (name: string, description: string) =>
  z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date and time, e.g. 2026-01-05T00:00:00Z" })
    .optional()
    .openapi({ param: { name, in: "query" }, description, example: "2026-01-05T00:00:00Z" });

const EventQuery = z.strictObject({
  type: z.string().min(1).optional().openapi({ param: { name: "type", in: "query" }, example: "asset.created" }),
  since: Time("since", "From this time on (inclusive)"),
  until: Time("until", "Before this time (exclusive)"),
  ...PAGE_QUERY,
});

const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });

const listRoute = createRoute({
  method: "get",
  path: "/events",
  summary: "Usage events, newest first: what the dashboard's metrics count",
  description: "Every role may read them. Paged: pass `nextCursor` back as `cursor`.",
  security,
  request: { query: EventQuery },
  responses: {
    200: { description: "A page of events", content: { "application/json": { schema: pageSchema(EventSchema, "UsageEventPage") } } },
    400: errorResponse("validation_failed"),
    401: errorResponse("unauthorized: not signed in"),
    500: errorResponse("internal"),
  },
});

/**
 * `GET /events`: the workspace's usage events (asset.created, review.approve, check.run, …), with
 * filters on type and time.
 *
 * @example
 * registerEventRoutes(api, deps);
 * // GET /events?type=review.approve&since=2026-01-05T00:00:00Z -> {items: [...], nextCursor}
 */
export function registerEventRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  app.openapi(
    listRoute,
    async (c) => {
      const { since, until, ...query } = c.req.valid("query");
      const page = await listEvents(deps.store.db, c.get("actor").workspaceId, {
        ...query,
        since: since === undefined ? undefined : new Date(since),
        until: until === undefined ? undefined : new Date(until),
      });
      return c.json({ items: page.items.map(eventJson), nextCursor: page.nextCursor }, 200);
    },
    validationHook(EventQuery),
  );
}

function eventJson(event: UsageEvent): z.infer<typeof EventSchema> {
  return { id: event.id, personId: event.personId, type: event.type, data: event.data, at: event.at.toISOString() };
}
