import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenInfo } from "../../store/api-tokens.ts";
import { getPerson } from "../../store/people.ts";
import { type Actor, can, requirePermission, type StudioEnv } from "../access.ts";
import { ApiError, ErrorBodySchema } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";

const TokenInfoSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    name: z.string().openapi({ example: "CI" }),
    prefix: z.string().openapi({ description: "The token's first characters, to tell tokens apart", example: "obt_3kq9Zx" }),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
    lastUsedAt: z.string().nullable().openapi({ description: "ISO 8601, to the minute; null if never used" }),
    revokedAt: z.string().nullable().openapi({ description: "ISO 8601; null while the token works" }),
  })
  .openapi("ApiToken");

const NewTokenSchema = z
  .strictObject({
    name: z.string().trim().min(1, { message: "must not be empty; say where the token is used, e.g. \"CI\"" }).max(200, { message: "must be at most 200 characters" }),
    personId: z.string().optional().openapi({ description: "Whose token (default: yours); admins only for someone else" }),
  })
  .openapi("NewApiToken");

const CreatedTokenSchema = z
  .object({
    token: z.string().openapi({ description: "The secret, shown this once: store it now (e.g. as a CI secret)", example: "obt_3kq9Zx…" }),
    info: TokenInfoSchema,
  })
  .openapi("CreatedApiToken");

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
const common = {
  401: errorResponse("unauthorized: not signed in"),
  403: errorResponse("forbidden (another person's tokens need workspace.admin) or csrf_failed"),
  404: errorResponse("not_found: no such person or token in your workspace"),
  500: errorResponse("internal"),
};

const listRoute = createRoute({
  method: "get",
  path: "/tokens",
  summary: "Your API tokens (admins: anyone's, with ?personId=)",
  description: "Newest first. Never the secrets: only their prefixes.",
  security,
  request: { query: z.object({ personId: z.string().optional().openapi({ param: { name: "personId", in: "query" } }) }) },
  responses: { 200: json(z.object({ tokens: z.array(TokenInfoSchema) }), "The tokens"), ...common },
});

const createTokenRoute = createRoute({
  method: "post",
  path: "/tokens",
  summary: "Create an API token for the CLI or CI",
  description: "The token is in the answer once; only its hash is stored. Audited.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: NewTokenSchema } } } },
  responses: { 201: json(CreatedTokenSchema, "The token, shown once"), 400: errorResponse("validation_failed"), ...common },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/tokens/{id}",
  summary: "Revoke an API token (your own; admins: anyone's)",
  description: "It stops working at once; it stays listed, with `revokedAt`. Revoking twice is fine. Audited.",
  security,
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 200: json(TokenInfoSchema, "The token, revoked"), ...common },
});

/**
 * API tokens: list, create (shown once) and revoke. Everyone manages their own; another person's
 * need workspace.admin. A non-admin asking for someone else's token id gets the same 404 as for a
 * missing one.
 *
 * @example
 * registerTokenRoutes(api, deps);
 * // POST /tokens {"name": "CI"} -> 201 {"token": "obt_…", "info": {...}}
 */
export function registerTokenRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;

  app.openapi(listRoute, async (c) => {
    const actor = c.get("actor");
    const personId = await whoseTokens(deps, actor, c.req.valid("query").personId);
    const tokens = await listApiTokens(db, actor.workspaceId, { personId });
    return c.json({ tokens: tokens.map(tokenJson) }, 200);
  });

  app.openapi(
    createTokenRoute,
    async (c) => {
      const actor = c.get("actor");
      const body = c.req.valid("json");
      const personId = await whoseTokens(deps, actor, body.personId);
      const { token, info } = await createApiToken(db, actor.workspaceId, { personId, name: body.name }, actor.personId);
      return c.json({ token, info: tokenJson(info) }, 201);
    },
    validationHook(NewTokenSchema),
  );

  app.openapi(revokeRoute, async (c) => {
    const actor = c.get("actor");
    const { id } = c.req.valid("param");
    if (!can(actor.role, "workspace.admin")) {
      const own = await listApiTokens(db, actor.workspaceId, { personId: actor.personId });
      if (!own.some((t) => t.id === id)) throw new ApiError(404, "not_found", `you have no API token ${id}; GET /api/tokens lists yours`);
    }
    return c.json(tokenJson(await revokeApiToken(db, actor.workspaceId, id, actor.personId)), 200);
  });
}

/**
 * The person whose tokens a request is about: the caller, or (for an admin) the person named,
 * who must be in the caller's workspace. The permission is checked before the person is looked up.
 */
async function whoseTokens(deps: RouteDeps, actor: Actor, personId: string | undefined): Promise<string> {
  if (personId === undefined || personId === actor.personId) return actor.personId;
  requirePermission(actor, "workspace.admin");
  if (!(await getPerson(deps.store.db, actor.workspaceId, { id: personId }))) {
    throw new ApiError(404, "not_found", `personId: there is no person ${personId} in your workspace`);
  }
  return personId;
}

function tokenJson(info: ApiTokenInfo): z.infer<typeof TokenInfoSchema> {
  const iso = (date: Date | null) => (date === null ? null : date.toISOString());
  return { id: info.id, personId: info.personId, name: info.name, prefix: info.prefix, createdAt: info.createdAt.toISOString(), lastUsedAt: iso(info.lastUsedAt), revokedAt: iso(info.revokedAt) };
}
