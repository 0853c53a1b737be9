import { z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { KitError, withFix } from "../core/errors.ts";
import { StoreError, type StoreErrorCode } from "../store/store-error.ts";

/** One bad field of a request: where (`asset.fields.headline`, `min_level`; empty for the whole body) and what is wrong. */
export const ErrorDetailSchema = z
  .object({
    path: z.string().openapi({ example: "min_level" }),
    message: z.string().openapi({ example: 'must be one of suggestion, warning, error; found "high"' }),
  })
  .openapi("ErrorDetail");

/** The one error shape every route answers with, whatever went wrong. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({
        description:
          "Stable, machine-readable: validation_failed, invalid_json, invalid_kit, invalid_credentials, unauthorized, forbidden, csrf_failed, not_found, gone, conflict, already_exists, invalid_transition, override_required, self_review, workspace_required, rate_limited, payload_too_large, unsupported_media_type, unavailable, internal",
        example: "validation_failed",
      }),
      message: z.string().openapi({ description: "For people: what went wrong and what to do", example: "the request has 1 invalid field" }),
      details: z.array(ErrorDetailSchema).openapi({ description: "One entry per bad field; empty when the error is not about fields" }),
    }),
  })
  .openapi("Error");

export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/**
 * An error a route means to answer with: its HTTP status, code and message reach the client as they
 * are. Anything else thrown becomes a 500 `internal` with a generic message (see `toErrorResponse`).
 *
 * @example
 * throw new ApiError(404, "not_found", "no asset with id 42 in this workspace");
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly details: ErrorDetail[];
  constructor(status: ContentfulStatusCode, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * A 400 `validation_failed` listing every bad field, as the request named it.
 *
 * @example
 * validationError([{ path: "channel", message: 'unknown channel "e-mail"; did you mean "email"?' }])
 */
export function validationError(details: ErrorDetail[]): ApiError {
  const count = details.length === 1 ? "1 invalid field" : `${details.length} invalid fields`;
  return new ApiError(400, "validation_failed", `the request has ${count}: see details`, details);
}

/** Where unexpected errors go: the server's log, never the response. */
export interface ServerLogger {
  warn(message: string): void;
  error(message: string, error: unknown): void;
}

/** Status codes hono's own middleware may throw, by the code clients see. */
const HTTP_CODES: Partial<Record<number, string>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** StoreErrors whose message is meant for the caller (it names their row or field), by HTTP status. */
const STORE_STATUS: Partial<Record<StoreErrorCode, ContentfulStatusCode>> = {
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  invalid_value: 400,
  store_unreachable: 503,
};

const INTERNAL_MESSAGE = "something went wrong on the server; it has been logged, try again or report it";

/**
 * The one place an error becomes an HTTP answer. ApiErrors go out as they are; hono's
 * HTTPExceptions (415 from the media-type check, for instance) keep their status with a code from a
 * fixed table; anything else is logged with `where` and answered with a generic 500 that carries
 * nothing of the error itself.
 *
 * @example
 * app.onError((error, c) => {
 *   const { status, body } = toErrorResponse(error, logger, `${c.req.method} ${c.req.path}`);
 *   return c.json(body, status);
 * });
 */
export function toErrorResponse(error: unknown, logger: ServerLogger, where: string): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof ApiError) return { status: error.status, body: errorBody(error.code, error.message, error.details) };
  if (error instanceof StoreError) {
    const status = STORE_STATUS[error.code];
    if (status !== undefined) {
      if (status === 503) logger.error(`${where}: database unavailable`, error);
      const message = status === 503 ? "the database is not answering; try again in a moment" : error.message;
      return { status, body: errorBody(status === 503 ? "unavailable" : error.code, message, []) };
    }
  }
  if (error instanceof KitError) {
    const details = error.diagnostics.filter((d) => d.level === "error").map((d) => ({ path: `${d.file}:${d.line}:${d.column}`, message: withFix(d.message, d.fix) }));
    return { status: 400, body: errorBody("invalid_kit", `the brand kit has ${details.length} error${details.length === 1 ? "" : "s"}; each is listed with its file, line and column`, details) };
  }
  if (error instanceof HTTPException) {
    const code = HTTP_CODES[error.status];
    if (code !== undefined && error.status !== 500) {
      return { status: error.status as ContentfulStatusCode, body: errorBody(code, httpMessage(error.status), []) };
    }
  }
  logger.error(`${where}: unexpected error`, error);
  return { status: 500, body: errorBody("internal", INTERNAL_MESSAGE, []) };
}

export function errorBody(code: string, message: string, details: ErrorDetail[]): ErrorBody {
  return { error: { code, message, details } };
}

// Messages of our own: hono's ("Unsupported Media Type") say what, not what to do.
function httpMessage(status: number): string {
  switch (status) {
    case 415:
      return "send the body as JSON with the header Content-Type: application/json";
    case 405:
      return "this route does not accept that method";
    default:
      return HTTP_CODES[status]?.replaceAll("_", " ") ?? "bad request";
  }
}

