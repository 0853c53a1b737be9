import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Store } from "../store/open-store.ts";
import { KitCache } from "../studio/workspace-kit.ts";
import type { StudioEnv } from "./access.ts";
import { ApiError, ErrorBodySchema, errorBody, type ServerLogger, toErrorResponse } from "./api-error.ts";
import { authenticate } from "./authenticate.ts";
import { registerAuthRoutes, registerSignInRoutes } from "./routes/auth.ts";
import { registerCheckRoute } from "./routes/check.ts";
import { registerHealthRoute } from "./routes/health.ts";
import { registerPeopleRoutes } from "./routes/people.ts";
import { registerTokenRoutes } from "./routes/tokens.ts";
import { registerKitRoutes } from "./routes/kit.ts";
import { registerLibraryRoutes } from "./routes/library.ts";
import { registerBriefRoutes } from "./routes/briefs.ts";
import { registerAssetRoutes } from "./routes/assets.ts";
import { registerEventRoutes } from "./routes/events.ts";
import { registerAuditRoutes } from "./routes/audit.ts";
import { registerRunRoutes } from "./routes/runs.ts";
import { validationHook } from "./validation-details.ts";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  /** The studio's database; every route reads and writes the caller's workspace in it. */
  store: Store;
  /** Loaded kits, shared with an in-process worker (default: a new cache). */
  kits?: KitCache;
  /** onbrand's version, reported by `/api/health` and in the OpenAPI document. */
  version: string;
  /** Request bodies above this many bytes get a 413 (default 1 MB). */
  maxBodyBytes?: number;
  /** Where kit warnings and unexpected errors go (default: the console). */
  logger?: ServerLogger;
  /** Behind a reverse proxy: trust X-Forwarded-For and X-Forwarded-Proto (default false; docs/accounts.md). */
  trustProxy?: boolean;
}

const consoleLogger: ServerLogger = {
  warn: (message) => console.warn(message),
  error: (message, error) => console.error(message, error),
};

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** What every route module gets: the database, the kit cache, the logger. */
export interface RouteDeps {
  store: Store;
  kits: KitCache;
  logger: ServerLogger;
}

/**
 * The studio's HTTP API under `/api`. Every route but health, the OpenAPI document and sign-in
 * needs a signed-in caller and works in the caller's workspace only. Every error, whichever route or
 * middleware raised it, leaves as `{error: {code, message, details}}` (see docs/api.md).
 *
 * @example
 * const app = createApp({ store, version: "0.1.0" });
 * const response = await app.request("/api/check", {
 *   method: "POST",
 *   headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
 *   body: JSON.stringify({ text: "The best in the world!" }),
 * });
 * (await response.json()).findings[0].rule // "Brand.Claims.superlative"
 */
export function createApp(options: AppOptions): OpenAPIHono {
  const logger = options.logger ?? consoleLogger;
  const deps: RouteDeps = { store: options.store, kits: options.kits ?? new KitCache(), logger };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const app = new OpenAPIHono();
  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error, logger, `${c.req.method} ${c.req.path}`);
    return c.json(body, status);
  });
  app.notFound((c) =>
    c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}; the routes are listed in /api/openapi.json`, []), 404),
  );

  // Once for every route: the body is read once, and a sub-app's own middleware would read it again.
  app.use("/api/*", limitBody(maxBodyBytes), rejectMalformedJson);

  const open = new OpenAPIHono({ defaultHook: validationHook(null) });
  open.openAPIRegistry.register("Error", ErrorBodySchema);
  registerHealthRoute(open, options.version);
  // Routes without a signed-in caller (sign-in, setup) register on `open` here.
  registerSignInRoutes(open, deps, { trustProxy: options.trustProxy ?? false });
  app.route("/api", open);

  let document: unknown;
  app.get("/api/openapi.json", (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "onbrand API",
        version: options.version,
        description: "Brand guardrails over HTTP. Every error is `{error: {code, message, details}}`; see docs/api.md.",
      },
    });
    return c.json(document);
  });
  const api = new OpenAPIHono<StudioEnv>({ defaultHook: validationHook(null) });
  api.use(authenticate(options.store));
  api.openAPIRegistry.registerComponent("securitySchemes", "token", { type: "http", scheme: "bearer", description: "An API token (`obt_…`)" });
  // One line per area; each module registers its routes with their zod schemas.
  registerCheckRoute(api, deps);
  registerAuthRoutes(api, deps);
  registerPeopleRoutes(api, deps);
  registerTokenRoutes(api, deps);
  registerKitRoutes(api, deps);
  registerLibraryRoutes(api, deps);
  registerBriefRoutes(api, deps);
  registerAssetRoutes(api, deps);
  registerEventRoutes(api, deps);
  registerAuditRoutes(api, deps);
  registerRunRoutes(api, deps);
  app.route("/api", api);

  return app;
}

const hasNoBody = (method: string): boolean => method === "GET" || method === "HEAD";

/**
 * hono's bodyLimit, without its cost on the common requests: it reads `c.req.raw.body`, which makes
 * @hono/node-server build a full web Request for every request, GETs included. A GET has no body, and
 * a declared Content-Length is checked as it stands (Node's parser holds the body to it); only a
 * chunked body is counted as it streams in.
 */
function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new ApiError(413, "payload_too_large", `the request body is over the limit of ${maxBytes} bytes; send less`);
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (hasNoBody(c.req.method)) return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number(length) > maxBytes) tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}

// The routes' validators would answer a syntax error with hono's own text; parsing here first gives
// it our code. The body is parsed once: the validators' `c.req.json()` would parse the text again
// on every call, so this request's gets the value parsed here.
const rejectMalformedJson: MiddlewareHandler = async (c, next) => {
  if (!hasNoBody(c.req.method) && JSON_MEDIA_TYPE.test((c.req.header("content-type") ?? "").split(";")[0]?.trim() ?? "")) {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch (error) {
      const reason = error instanceof SyntaxError ? `: ${error.message}` : "";
      throw new ApiError(400, "invalid_json", `the request body is not valid JSON${reason}`);
    }
    const parsed = Promise.resolve(body);
    c.req.json = <T>() => parsed as Promise<T>;
  }
  await next();
};
