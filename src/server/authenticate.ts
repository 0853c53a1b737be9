import type { MiddlewareHandler } from "hono";
import { personOfApiToken } from "../store/api-tokens.ts";
import type { Store } from "../store/open-store.ts";
import type { Person } from "../store/schema.ts";
import type { Actor, StudioEnv } from "./access.ts";
import { ApiError } from "./api-error.ts";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The actor of a person row. */
export function actorOf(person: Person, via: Actor["via"]): Actor {
  return { personId: person.id, workspaceId: person.workspaceId, role: person.role, email: person.email, name: person.name, via };
}

/**
 * Resolves the caller of every studio route into `c.get("actor")`: an API token
 * (`Authorization: Bearer obt_…`), or a 401 that says how to sign in.
 *
 * @example api.use("*", authenticate(store));
 */
export function authenticate(store: Store): MiddlewareHandler<StudioEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      const found = token === undefined ? undefined : await personOfApiToken(store.db, token);
      if (!found) throw new ApiError(401, "unauthorized", "the API token is not valid (unknown, revoked, or not in the form `Authorization: Bearer obt_…`): create a new one in the studio or with `onbrand token create`");
      c.set("actor", actorOf(found.person, "token"));
      return next();
    }
    throw new ApiError(401, "unauthorized", "sign in first (POST /api/auth/login), or send an API token as `Authorization: Bearer obt_…`");
  };
}
