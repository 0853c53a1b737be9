import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { getPerson, normalEmail, passwordHashOf, personInfo, setPasswordHash, signInCandidates, type SignInCandidate } from "../../store/people.ts";
import type { Person } from "../../store/schema.ts";
import {
  clearLoginFailures,
  createSession,
  csrfTokenOf,
  deleteSession,
  deleteSessionsOf,
  loginRetryAfter,
  type NewSession,
  recordLoginFailure,
  redeemInvite,
  SESSION_TTL_MS,
} from "../../store/sessions.ts";
import type { StudioEnv } from "../access.ts";
import { ApiError, ErrorBodySchema, validationError } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { clearSessionCookie, SESSION_COOKIE } from "../authenticate.ts";
import { hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyDummyPassword, verifyPassword } from "../../studio/passwords.ts";
import { validationHook } from "../validation-details.ts";
import { NewPasswordSchema, PersonSchema, personJson } from "./people.ts";

/** Failed sign-ins allowed per email, and per client address, in 15 minutes before sign-in pauses. */
export const LOGIN_LIMITS = { email: 5, address: 20 } as const;

export interface SignInOptions {
  /**
   * Behind a reverse proxy: take the client's address from the last `X-Forwarded-For` entry (the
   * one the proxy added) and https from `X-Forwarded-Proto`. Off, a client could forge them.
   */
  trustProxy: boolean;
}

const LoginSchema = z
  .strictObject({
    email: z.string().max(320, { message: "must be at most 320 characters" }).openapi({ example: "maya@fizzwell.example" }),
    password: z.string().max(MAX_PASSWORD_LENGTH * 4, { message: `must be at most ${MAX_PASSWORD_LENGTH} characters` }),
    workspaceId: z.string().optional().openapi({ description: "Only when the email and password open more than one workspace (the 409 lists them)" }),
  })
  .openapi("Login");

const SetupSchema = z
  .strictObject({
    token: z.string().min(1).max(200).openapi({ description: "The token of the one-time link (`/setup?token=…`)" }),
    email: z.string().trim().max(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "must be an email address like maya@fizzwell.example" }).optional().openapi({
      description: "The email you will sign in with; leave out when the link was made for your email",
    }),
    name: z.string().trim().min(1, { message: "must not be empty" }).max(200),
    password: NewPasswordSchema,
  })
  .openapi("Setup");

const PasswordChangeSchema = z
  .strictObject({
    current: z.string().max(MAX_PASSWORD_LENGTH * 4),
    new: NewPasswordSchema,
  })
  .openapi("PasswordChange");

const SignedInSchema = z
  .object({
    person: PersonSchema,
    csrfToken: z.string().openapi({ description: "Send it as X-CSRF-Token with every request but GET, HEAD and OPTIONS" }),
  })
  .openapi("SignedIn");

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
const cookieHeader = { "Set-Cookie": { description: `${SESSION_COOKIE}=…; HttpOnly; SameSite=Lax; Path=/; Max-Age=1209600 (and Secure over https)`, schema: { type: "string" as const } } };

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  summary: "Sign in with email and password",
  description:
    "Sets the session cookie and returns the CSRF token. After 5 failed tries for an email, or 20 from one address, within 15 minutes, sign-in is refused with 429 and Retry-After, even with the right password.",
  request: { body: { required: true, content: { "application/json": { schema: LoginSchema } } } },
  responses: {
    200: { ...json(SignedInSchema, "Signed in"), headers: cookieHeader },
    400: errorResponse("validation_failed"),
    401: errorResponse("invalid_credentials: the email or the password is wrong (the answer does not say which)"),
    409: errorResponse("workspace_required: the email and password open several workspaces; details list them"),
    429: errorResponse("rate_limited: too many failed sign-ins; the Retry-After header says how many seconds to wait"),
    500: errorResponse("internal"),
  },
});

const setupRoute = createRoute({
  method: "post",
  path: "/auth/setup",
  summary: "Redeem a one-time link: create your account (or set your password) and sign in",
  description: "For the first admin's setup link and for invites. A link works once.",
  request: { body: { required: true, content: { "application/json": { schema: SetupSchema } } } },
  responses: {
    201: { ...json(SignedInSchema, "Account ready, signed in"), headers: cookieHeader },
    400: errorResponse("validation_failed"),
    404: errorResponse("not_found: no link has this token"),
    409: errorResponse("already_exists: the email is taken in the workspace"),
    410: errorResponse("gone: the link was already used, or has expired"),
    500: errorResponse("internal"),
  },
});

const meRoute = createRoute({
  method: "get",
  path: "/auth/me",
  summary: "Who you are signed in as",
  security,
  responses: { 200: json(z.object({ person: PersonSchema }), "You"), 401: errorResponse("unauthorized: not signed in"), 500: errorResponse("internal") },
});

const csrfRoute = createRoute({
  method: "get",
  path: "/auth/csrf",
  summary: "Your session's CSRF token again (after a page reload)",
  description: "null when you call with an API token: token requests need none.",
  security,
  responses: { 200: json(z.object({ csrfToken: z.string().nullable() }), "The token"), 401: errorResponse("unauthorized: not signed in"), 500: errorResponse("internal") },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  summary: "Sign out: ends the session and clears its cookie",
  security,
  responses: {
    204: { description: "Signed out" },
    401: errorResponse("unauthorized: not signed in"),
    403: errorResponse("csrf_failed"),
    500: errorResponse("internal"),
  },
});

const passwordRoute = createRoute({
  method: "post",
  path: "/auth/password",
  summary: "Change your own password",
  description: "Needs the current one. Your other sessions end (this one stays); API tokens keep working. Audited, without the hash.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: PasswordChangeSchema } } } },
  responses: {
    200: json(z.object({ person: PersonSchema }), "Changed"),
    400: errorResponse("validation_failed: `current` is wrong, or `new` is too short or too long"),
    401: errorResponse("unauthorized: not signed in"),
    403: errorResponse("csrf_failed"),
    429: errorResponse("rate_limited: too many wrong current passwords; see Retry-After"),
    500: errorResponse("internal"),
  },
});

const INVALID_CREDENTIALS = `the email or the password is not right; check both and try again (after ${LOGIN_LIMITS.email} failed tries in 15 minutes, sign-in pauses for a while)`;

/**
 * The routes that work without a caller: `POST /auth/login` and `POST /auth/setup`. Register them
 * on the app's `open` sub-app.
 *
 * @example
 * registerSignInRoutes(open, deps, { trustProxy: false });
 * // POST /auth/login {"email": "maya@fizzwell.example", "password": "…"} -> cookie + {person, csrfToken}
 */
export function registerSignInRoutes(app: OpenAPIHono, deps: RouteDeps, options: SignInOptions): void {
  const { db } = deps.store;
  app.openAPIRegistry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "The session cookie sign-in sets" });

  app.openapi(
    loginRoute,
    async (c) => {
      const body = c.req.valid("json");
      const email = normalEmail(body.email);
      const emailKey = `email:${email}`;
      const addressKey = `address:${clientAddress(c, options.trustProxy)}`;
      await refuseWhileLimited(c, deps, [
        [emailKey, LOGIN_LIMITS.email],
        [addressKey, LOGIN_LIMITS.address],
      ]);

      const candidates = (await signInCandidates(db, email)).filter((x) => body.workspaceId === undefined || x.person.workspaceId === body.workspaceId);
      const matches: SignInCandidate[] = [];
      for (const candidate of candidates) {
        if (candidate.person.passwordHash !== null && (await verifyPassword(body.password, candidate.person.passwordHash))) matches.push(candidate);
      }
      if (candidates.length === 0) await verifyDummyPassword(body.password);
      const [match] = matches;
      if (!match) {
        await recordLoginFailure(db, [emailKey, addressKey]);
        throw new ApiError(401, "invalid_credentials", INVALID_CREDENTIALS);
      }
      if (matches.length > 1) {
        throw new ApiError(
          409,
          "workspace_required",
          `this email and password open ${matches.length} workspaces: send workspaceId with one of the ids in details`,
          matches.map((m) => ({ path: "workspaceId", message: `${m.person.workspaceId} (${m.workspaceName})` })),
        );
      }
      await clearLoginFailures(db, emailKey);
      const person = match.person;
      if (person.passwordHash !== null && needsRehash(person.passwordHash)) {
        await setPasswordHash(db, person.workspaceId, person.id, await hashPassword(body.password), person.id);
      }
      const session = await createSession(db, person, "password");
      return c.json(signedIn(c, options, person, session), 200);
    },
    validationHook(LoginSchema),
  );

  app.openapi(
    setupRoute,
    async (c) => {
      const body = c.req.valid("json");
      const result = await redeemInvite(db, body.token, { email: body.email, name: body.name, passwordHash: () => hashPassword(body.password) });
      switch (result.status) {
        case "redeemed": {
          const session = await createSession(db, result.person, "invite");
          return c.json(signedIn(c, options, result.person, session), 201);
        }
        case "unknown":
          throw new ApiError(404, "not_found", "this link is not valid: check that the whole link was copied, or ask an admin of the workspace for a new one");
        case "used":
          throw new ApiError(410, "gone", `this link was already used (${result.usedAt.toISOString()}): sign in with the email and password chosen then, or ask an admin for a new link`);
        case "expired":
          throw new ApiError(410, "gone", `this link expired at ${result.expiresAt.toISOString()}: ask an admin of the workspace for a new one`);
        case "email_required":
          throw validationError([{ path: "email", message: "missing; this link is not for a particular person, so send the email you will sign in with" }]);
        case "email_mismatch":
          throw validationError([{ path: "email", message: `this link is for ${result.email}; leave email out, or send that one` }]);
        default:
          return assertNever(result);
      }
    },
    validationHook(SetupSchema),
  );
}

/**
 * The routes of a signed-in caller: `GET /auth/me`, `GET /auth/csrf`, `POST /auth/logout`,
 * `POST /auth/password`.
 *
 * @example registerAuthRoutes(api, deps);
 */
export function registerAuthRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;

  app.openapi(meRoute, async (c) => {
    const actor = c.get("actor");
    const person = await getPerson(db, actor.workspaceId, { id: actor.personId });
    if (!person) throw new ApiError(401, "unauthorized", "your account no longer exists: ask an admin of the workspace");
    return c.json({ person: personJson(person) }, 200);
  });

  app.openapi(csrfRoute, (c) => {
    const secret = c.get("actor").via === "session" ? getCookie(c, SESSION_COOKIE) : undefined;
    return c.json({ csrfToken: secret === undefined ? null : csrfTokenOf(secret) }, 200);
  });

  app.openapi(logoutRoute, async (c) => {
    const secret = c.get("actor").via === "session" ? getCookie(c, SESSION_COOKIE) : undefined;
    if (secret !== undefined) await deleteSession(db, secret);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  app.openapi(
    passwordRoute,
    async (c) => {
      const actor = c.get("actor");
      const body = c.req.valid("json");
      const key = `email:${actor.email}`;
      await refuseWhileLimited(c, deps, [[key, LOGIN_LIMITS.email]]);
      const stored = await passwordHashOf(db, actor.workspaceId, actor.personId);
      if (stored === null) {
        throw validationError([{ path: "current", message: "you have no password yet: ask an admin of the workspace for a setup link (POST /api/invites with your email)" }]);
      }
      if (!(await verifyPassword(body.current, stored))) {
        await recordLoginFailure(db, [key]);
        throw validationError([{ path: "current", message: "is not your current password" }]);
      }
      const person = await setPasswordHash(db, actor.workspaceId, actor.personId, await hashPassword(body.new), actor.personId);
      const secret = actor.via === "session" ? getCookie(c, SESSION_COOKIE) : undefined;
      await deleteSessionsOf(db, actor.workspaceId, actor.personId, secret === undefined ? {} : { exceptSecret: secret });
      return c.json({ person: personJson(person) }, 200);
    },
    validationHook(PasswordChangeSchema),
  );
}

/** A 429 with Retry-After while any key has reached its limit of failures; checked before any password work. */
async function refuseWhileLimited(c: Context, deps: RouteDeps, limits: [key: string, limit: number][]): Promise<void> {
  let wait = 0;
  for (const [key, limit] of limits) wait = Math.max(wait, await loginRetryAfter(deps.store.db, key, limit));
  if (wait === 0) return;
  c.header("Retry-After", String(wait));
  const minutes = Math.ceil(wait / 60);
  throw new ApiError(429, "rate_limited", `too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? "" : "s"} (Retry-After: ${wait} seconds)`);
}

/** Sets the session cookie and builds the sign-in answer. */
function signedIn(c: Context, options: SignInOptions, person: Person, session: NewSession) {
  setCookie(c, SESSION_COOKIE, session.secret, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: isHttps(c, options.trustProxy),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return { person: personJson(personInfo(person)), csrfToken: session.csrfToken };
}

/**
 * The client's address for the rate limit: the socket's peer, or behind a trusted proxy the last
 * `X-Forwarded-For` entry. "unknown" when there is no socket (requests made in process).
 */
function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").map((part) => part.trim()).filter((part) => part !== "");
    const last = forwarded?.[forwarded.length - 1];
    if (last !== undefined) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

function assertNever(value: never): never {
  throw new Error(`unexpected redemption ${JSON.stringify(value)}`);
}
