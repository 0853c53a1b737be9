import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { check, checkParsed } from "../../core/engine/check.ts";
import { InputError, withFix } from "../../core/errors.ts";
import { type Finding, LEVELS } from "../../core/findings.ts";
import { checkOutput } from "../../core/library/check-output.ts";
import { resolveTarget } from "../../core/library/target.ts";
import { FieldsSchema, structuredAsset, StructuredAssetSchema } from "../../core/parse/structured.ts";
import { jsonFinding } from "../../format/json.ts";
import { type CheckRun, countCheckRun } from "../../store/events.ts";
import type { StudioEnv } from "../access.ts";
import { ErrorBodySchema, validationError } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";
import { libraryUseCase } from "./library.ts";

/**
 * A structured asset, as in a `.json` asset file: copy under `fields`; other keys are metadata. The
 * engine's own schema (the rules `onbrand check` applies to asset files), with the API's wording
 * for empty `fields` and descriptions for the OpenAPI document. zod's `meta`, not `openapi`: the
 * engine's schemas may be made before @hono/zod-openapi adds `openapi` to new schemas.
 */
export const CheckAssetSchema = StructuredAssetSchema.extend({
  channel: StructuredAssetSchema.shape.channel.meta({ description: "Where it runs (a channel of the kit); its field limits apply", example: "email" }),
  locale: StructuredAssetSchema.shape.locale.meta({ example: "en-US" }),
  fields: FieldsSchema.refine((fields) => Object.keys(fields).length > 0, { message: 'must have at least one field, e.g. {"headline": "..."}' }).meta({
    example: { subject: "Meet Fizzwell Zero", body: "Zero sugar, all the sparkle." },
  }),
}).meta({ id: "CheckAsset" });

export const CheckRequestSchema = z
  .strictObject({
    text: z.string().optional().openapi({ description: "Copy to check; give this or `asset`, not both", example: "Our soda is the best in the world!" }),
    format: z.enum(["text", "markdown", "html"]).optional().openapi({ description: "How to read `text` (default text)" }),
    asset: CheckAssetSchema.optional(),
    channel: z.string().min(1).optional().openapi({ description: "Channel when the copy names none (default: onbrand.yaml channel)" }),
    min_level: z.enum(LEVELS).optional().openapi({ description: "Leave out findings below this level (default: onbrand.yaml min_level)" }),
    useCase: z.string().min(1).optional().openapi({
      description: "A use case of the library (its id, as `GET /api/use-cases` lists it): the asset's fields are also checked against its output rules (Output.*)",
      example: "email",
    }),
  })
  .superRefine((body, ctx) => {
    if (body.text === undefined && body.asset === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: 'send "text" (copy) or "asset" (a structured asset with "fields")' });
    } else if (body.text !== undefined && body.asset !== undefined) {
      ctx.addIssue({ code: "custom", path: ["asset"], message: 'send "text" or "asset", not both' });
    }
    if (body.useCase !== undefined && body.text !== undefined) {
      ctx.addIssue({ code: "custom", path: ["useCase"], message: 'applies to "asset" only: a use case defines fields, and text has none' });
    }
    if (body.format !== undefined && body.text === undefined) {
      ctx.addIssue({ code: "custom", path: ["format"], message: 'applies to "text" only; an asset is read as its fields' });
    }
  })
  .openapi("CheckRequest");

const FindingSchema = z
  .object({
    rule: z.string().openapi({ example: "Brand.Claims.superlative" }),
    level: z.enum(LEVELS),
    message: z.string(),
    line: z.number().int().openapi({ description: "1-based, within the field for a structured asset" }),
    column: z.number().int().openapi({ description: "1-based, in Unicode code points" }),
    endLine: z.number().int(),
    endColumn: z.number().int().openapi({ description: "Exclusive" }),
    match: z.string(),
    field: z.string().nullable().openapi({ description: "The field's path (`subject`, `scenes[0].on_screen_text`); null for text" }),
    suggestions: z.array(z.string()),
  })
  .openapi("Finding");

export const CheckResponseSchema = z
  .object({
    findings: z.array(FindingSchema).openapi({ description: "In reading order, the same objects as `onbrand check --format json`" }),
    score: z.number().openapi({ description: "0-100, see docs/scoring.md" }),
    counts: z.object({ error: z.number().int(), warning: z.number().int(), suggestion: z.number().int() }),
  })
  .openapi("CheckResponse");

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });

const route = createRoute({
  method: "post",
  path: "/check",
  summary: "Check copy or a structured asset against the brand kit",
  description:
    "Stateless: nothing is stored. Checks against the workspace's current kit version. Send exactly one of `text` and `asset`; with `useCase`, the asset is also checked against that use case's output rules.",
  security: [{ token: [] }],
  request: { body: { required: true, content: { "application/json": { schema: CheckRequestSchema } } } },
  responses: {
    200: { description: "The findings and the score", content: { "application/json": { schema: CheckResponseSchema } } },
    400: errorResponse("validation_failed (each bad field in details) or invalid_json"),
    401: errorResponse("unauthorized: not signed in"),
    404: errorResponse("not_found: the workspace has no kit yet, or no use case `useCase`"),
    413: errorResponse("payload_too_large"),
    415: errorResponse("unsupported_media_type"),
    500: errorResponse("internal"),
  },
});

/**
 * `POST /check`: the engine's `check` over `text` or `asset` with the caller's workspace kit. An
 * unknown channel or malformed front matter is a 400 naming the field (`channel`, `asset`, `text`).
 *
 * @example
 * registerCheckRoute(api, deps);
 * // POST /check {"text": "Our soda is the best in the world!"} -> {findings: [...], score, counts}
 */
export function registerCheckRoute(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  app.openapi(
    route,
    async (c) => {
      const body = c.req.valid("json");
      const { workspaceId, personId } = c.get("actor");
      const { kit, useCase } =
        body.useCase === undefined ? { ...(await deps.kits.current(deps.store.db, workspaceId)), useCase: undefined } : await libraryUseCase(deps, workspaceId, body.useCase, "useCase");
      const options = { channel: body.channel, minLevel: body.min_level };
      const path = body.asset === undefined ? "text" : "asset";
      let result: { findings: Finding[]; score: number };
      try {
        if (body.asset === undefined) result = check(kit, { path, content: body.text ?? "", format: body.format ?? "text" }, options);
        else if (useCase === undefined) {
          // The asset was parsed and validated with the request: the engine takes it as it is.
          result = checkParsed(kit, path, structuredAsset(body.asset), options);
        } else {
          // The asset's channel, else the request's, else the use case's default, as a run picks it.
          const { target, problems } = resolveTarget(kit, useCase, { channel: body.asset.channel ?? body.channel ?? null });
          if (!target) {
            const where = body.asset.channel != null ? "asset.channel" : "channel";
            throw validationError(problems.map((p) => ({ path: where, message: withFix(p.message, p.fix) })));
          }
          result = checkOutput(kit, useCase, target, body.asset.fields, { locale: body.asset.locale ?? null, ...(body.min_level ? { minLevel: body.min_level } : {}) });
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const assetChannel = body.asset?.channel;
        const unknown = (channel: unknown) => typeof channel === "string" && !Object.hasOwn(kit.channels, channel);
        const field =
          error.file === "--channel" || (assetChannel == null && unknown(body.channel))
            ? "channel"
            : unknown(assetChannel)
              ? "asset.channel"
              : path;
        throw validationError([{ path: field, message: withoutPrefix(error.message, `${error.file}: `) }]);
      }
      const counts = { error: 0, warning: 0, suggestion: 0 };
      for (const finding of result.findings) counts[finding.level]++;
      const run: CheckRun = { input: path, errors: counts.error, warnings: counts.warning, suggestions: counts.suggestion, score: result.score };
      countCheckRun(deps.store.db, workspaceId, personId, run, (error) => deps.logger.error("recording check.run events", error));
      return c.json({ findings: result.findings.map(jsonFinding), score: result.score, counts }, 200);
    },
    validationHook(CheckRequestSchema),
  );
}

function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}
