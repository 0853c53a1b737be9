import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Store } from "../store/open-store.ts";
import type { Person } from "../store/schema.ts";
import { csrfTokenMatches, findSession } from "../store/sessions.ts";
import type { Actor, StudioEnv } from "./access.ts";
import { ApiError } from "./api-error.ts";
import { tokenCacheOf } from "./token-cache.ts";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The browser session's cookie: httpOnly, so page scripts never see the secret. */
export const SESSION_COOKIE = "onbrand_session";
/** The header a session's requests that change something carry, with the token sign-in gave. */
export const CSRF_HEADER = "x-csrf-token";

/** Methods that change nothing, so a forged cross-site request gains nothing: no CSRF token needed. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The actor of a person row. */
export function actorOf(person: Person, via: Actor["via"]): Actor {
  return { personId: person.id, workspaceId: person.workspaceId, role: person.role, email: person.email, name: person.name, via };
}

/**
 * Resolves the caller of every studio route into `c.get("actor")`: an API token
 * (`Authorization: Bearer obt_…`) first, else the session cookie, else a 401 that says how to sign
 * in. A session's request with a method other than GET, HEAD and OPTIONS must carry its CSRF token
 * in `X-CSRF-Token` (403 `csrf_failed` otherwise); a token's requests need none, since no browser
 * sends a token on its own.
 *
 * @example api.use("*", authenticate(store));
 */
export function authenticate(store: Store): MiddlewareHandler<StudioEnv> {
  // Verified tokens are kept a few seconds; a request that may change people or tokens clears them.
  const tokens = tokenCacheOf(store);
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      const found = token === undefined ? undefined : await tokens.personOf(token);
      if (!found) throw new ApiError(401, "unauthorized", "the API token is not valid (unknown, revoked, or not in the form `Authorization: Bearer obt_…`): create a new one in the studio or with `onbrand token create`");
      c.set("actor", actorOf(found.person, "token"));
      return tokens.fence(c, next);
    }
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret !== undefined) {
      const found = await findSession(store.db, secret);
      if (!found) {
        clearSessionCookie(c);
        throw new ApiError(401, "unauthorized", "your session has ended (it expired, or you signed out): sign in again with POST /api/auth/login");
      }
      if (!SAFE_METHODS.has(c.req.method) && !csrfTokenMatches(found.session, c.req.header(CSRF_HEADER))) {
        throw new ApiError(403, "csrf_failed", "this request needs the header X-CSRF-Token with the token sign-in returned (GET /api/auth/csrf gives it again); it protects you from other sites acting in your name");
      }
      c.set("actor", actorOf(found.person, "session"));
      return tokens.fence(c, next);
    }
    throw new ApiError(401, "unauthorized", "sign in first (POST /api/auth/login), or send an API token as `Authorization: Bearer obt_…`");
  };
}

/**
 * Removes the session cookie from the browser (same path as it was set with).
 *
 * @example clearSessionCookie(c); // on sign-out
 */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
