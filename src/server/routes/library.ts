import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kit } from "../../core/engine/load-kit.ts";
import { KitError, withFix } from "../../core/errors.ts";
import { didYouMean } from "../../core/kit/did-you-mean.ts";
import { formatPath } from "../../core/kit/schema-diagnostics.ts";
import { type FieldProblem, validateBrief } from "../../core/library/brief.ts";
import type { UseCase } from "../../core/library/library.ts";
import { resolveTarget } from "../../core/library/target.ts";
import { inputType, type OutputFieldSpec, type OutputValue, type UseCaseSpec } from "../../core/library/usecase-schema.ts";
import { compilePrompt } from "../../core/prompt/compile-prompt.ts";
import { getBrief } from "../../store/briefs.ts";
import type { UseCaseVersion } from "../../store/schema.ts";
import { StoreError } from "../../store/store-error.ts";
import {
  getUseCase,
  getUseCaseVersion,
  listUseCases,
  listUseCaseVersions,
  saveUseCaseVersion,
  USE_CASE_ID,
  useCasePath,
  useCaseSpecOf,
  type UseCaseWithVersion,
} from "../../store/use-cases.ts";
import { requirePermission, type StudioEnv } from "../access.ts";
import { type ErrorDetail, validationError } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";
import { common, DiffQuery, errorResponse, fileDiffs, json, security, VersionDiffSchema } from "./kit.ts";

export const UseCaseVersionSchema = z
  .object({
    id: z.uuid(),
    useCase: z.string().openapi({ description: "The use case's library id", example: "email" }),
    version: z.string().openapi({ description: "The file's content hash, as `onbrand prompt` reports it", example: "ea9da0049463fa2c" }),
    current: z.boolean(),
    createdBy: z.uuid().nullable(),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("UseCaseVersion");

const UseCaseSummarySchema = z
  .object({
    id: z.string().openapi({ description: "The library id: the file name without .yaml", example: "email" }),
    rowId: z.uuid().openapi({ description: "The use case's row id, as assets and generation runs name it (`useCaseId`)" }),
    name: z.string().nullable().openapi({ example: "Promotional email" }),
    owner: z.string().nullable(),
    currentVersion: UseCaseVersionSchema,
  })
  .openapi("UseCaseSummary");

const InputSchema = z
  .object({
    name: z.string(),
    type: z.enum(["text", "number", "boolean", "list", "enum"]),
    required: z.boolean(),
    description: z.string().nullable(),
    enum: z.array(z.string()).nullable(),
    default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).nullable(),
  })
  .openapi("UseCaseInput");

interface OutputFieldJson {
  name: string;
  type: "text" | "number" | "group";
  required: boolean;
  description: string | null;
  count: number | { min: number; max: number } | null;
  fields: OutputFieldJson[];
}

const OutputFieldSchema: z.ZodType<OutputFieldJson> = z
  .lazy(() =>
    z.object({
      name: z.string(),
      type: z.enum(["text", "number", "group"]),
      required: z.boolean(),
      description: z.string().nullable(),
      count: z.union([z.number().int(), z.object({ min: z.number().int(), max: z.number().int() })]).nullable().openapi({ description: "null: one value; a number or a range: a list" }),
      fields: z.array(OutputFieldSchema).openapi({ description: "The sub-fields of a group; empty otherwise" }),
    }),
  )
  .openapi("UseCaseOutputField");

const UseCaseDetailSchema = UseCaseSummarySchema.extend({
  description: z.string().nullable(),
  assetType: z.string().nullable(),
  channels: z.array(z.string()),
  inputs: z.array(InputSchema).openapi({ description: "The brief's fields" }),
  outputFields: z.array(OutputFieldSchema),
  file: z.string().openapi({ description: "The current version's YAML, exactly as saved" }),
}).openapi("UseCase");

const NewUseCaseVersionSchema = z
  .strictObject({ file: z.string().min(1, "must not be empty: send the use case's YAML").openapi({ description: "The use case's YAML, as in brand/usecases/<id>.yaml", example: "name: Promotional email\nasset_type: email\n..." }) })
  .openapi("NewUseCaseVersion");

const MasterSchema: z.ZodType<OutputValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.array(MasterSchema), z.record(z.string(), MasterSchema)]))
  .openapi("OutputValue", { description: "A field's value in an output: text, a number, a list or a group" });

const PromptRequestSchema = z
  .strictObject({
    useCase: z.string().min(1).openapi({ description: "The use case's library id", example: "email" }),
    brief: z.record(z.string(), z.unknown()).optional().openapi({ description: "Brief field -> value; or send briefId", example: { product: "Fizzwell Zero" } }),
    briefId: z.string().min(1).optional().openapi({ description: "A saved brief's id (POST /api/briefs); or send brief" }),
    channel: z.string().min(1).optional().openapi({ description: "Default: the use case's first channel" }),
    audience: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    master: z.record(z.string(), MasterSchema).optional().openapi({ description: "A master asset's fields, for a variant prompt" }),
  })
  .superRefine((body, ctx) => {
    if (body.brief !== undefined && body.briefId !== undefined) ctx.addIssue({ code: "custom", path: ["briefId"], message: 'send "brief" or "briefId", not both' });
  })
  .openapi("PromptRequest");

const TargetSchema = z.object({
  channel: z.object({ id: z.string(), name: z.string() }).nullable(),
  audience: z.object({ id: z.string(), name: z.string(), description: z.string().nullable() }).nullable(),
  region: z.object({ id: z.string(), name: z.string(), locale: z.string().nullable(), notes: z.string().nullable() }).nullable(),
});

const PromptSchema = z
  .object({
    useCase: z.string(),
    kitVersion: z.string(),
    useCaseVersion: z.string(),
    prefixHash: z.string().openapi({ description: "Equal hashes: a provider can reuse its cache of the system message" }),
    target: TargetSchema,
    brief: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).openapi({ description: "The brief as validated, defaults filled in" }),
    messages: z.array(z.object({ role: z.enum(["system", "user"]), content: z.string() })),
  })
  .openapi("Prompt");

const UseCaseParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "email" }) });
const forbidden = errorResponse("forbidden: your role lacks kit.write");
const noUseCase = errorResponse("not_found: no such use case (or version) in your workspace's library");

const listRoute = createRoute({
  method: "get",
  path: "/use-cases",
  summary: "The library: every use case with its current version, by id",
  security,
  responses: { 200: json(z.object({ items: z.array(UseCaseSummarySchema) }).openapi("UseCaseList"), "The use cases"), ...common },
});

const getRoute = createRoute({
  method: "get",
  path: "/use-cases/{id}",
  summary: "One use case: its current version, the file and what it takes and returns",
  security,
  request: { params: UseCaseParams },
  responses: { 200: json(UseCaseDetailSchema, "The use case"), 404: noUseCase, ...common },
});

const versionsRoute = createRoute({
  method: "get",
  path: "/use-cases/{id}/versions",
  summary: "A use case's versions, newest first",
  security,
  request: { params: UseCaseParams },
  responses: { 200: json(z.object({ items: z.array(UseCaseVersionSchema) }).openapi("UseCaseVersionList"), "The versions"), 404: noUseCase, ...common },
});

const saveRoute = createRoute({
  method: "post",
  path: "/use-cases/{id}/versions",
  summary: "Save a use case's file as a new version and make it current",
  description:
    "Needs kit.write. The file is validated against the current kit as `onbrand test` loads brand/usecases/{id}.yaml: a file with errors is a 400 invalid_kit listing each with file:line:column. The same content as an existing version creates nothing (200) and makes that version current again. A new id adds the use case to the library.",
  security,
  request: { params: UseCaseParams, body: { required: true, content: { "application/json": { schema: NewUseCaseVersionSchema } } } },
  responses: {
    201: json(UseCaseVersionSchema, "A new version, now current"),
    200: json(UseCaseVersionSchema, "This content is an existing version, now current"),
    400: errorResponse("validation_failed (the id) or invalid_kit (details: file:line:column of each error)"),
    403: forbidden,
    404: errorResponse("not_found: the workspace has no kit yet"),
    ...common,
  },
});

const diffRoute = createRoute({
  method: "get",
  path: "/use-cases/{id}/diff",
  summary: "What changed between two versions of a use case",
  security,
  request: { params: UseCaseParams, query: DiffQuery },
  responses: { 200: json(VersionDiffSchema, "The file's diff (files is empty when they are the same)"), 400: errorResponse("validation_failed"), 404: noUseCase, ...common },
});

const promptRoute = createRoute({
  method: "post",
  path: "/prompt",
  summary: "Compile a use case, a brief and a target into chat messages",
  description:
    "What `onbrand prompt --format json` prints, from the workspace's current kit and the use case's current version (token counts aside). Send the brief's values, or the id of a saved brief. Nothing is stored.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: PromptRequestSchema } } } },
  responses: {
    200: json(PromptSchema, "The compiled prompt"),
    400: errorResponse("validation_failed (each bad brief field as brief.<name>, an unknown channel, audience or region) or invalid_kit (the use case no longer loads against the kit)"),
    404: errorResponse("not_found: no such use case or brief in your workspace"),
    ...common,
  },
});

/**
 * The library routes: use cases (list, one, versions, a new version, diff) and `POST /prompt`,
 * which compiles a prompt as `onbrand prompt` does, so the CLI can work through a server. Use
 * cases are named by their library id (`email`). Reading is every role's; writing needs kit.write.
 *
 * @example
 * registerLibraryRoutes(api, deps);
 * // POST /prompt {"useCase": "email", "brief": {"product": "Fizzwell Zero"}} -> {messages: [{role: "system", ...}, {role: "user", ...}], ...}
 */
export function registerLibraryRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;

  app.openapi(listRoute, async (c) => {
    const useCases = await listUseCases(db, c.get("actor").workspaceId);
    return c.json({ items: useCases.flatMap((u) => (u.currentVersion ? [summaryJson(u, u.currentVersion)] : [])) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const useCase = await requireUseCase(deps, c.get("actor").workspaceId, c.req.valid("param").id);
    const version = useCase.currentVersion;
    if (!version) throw removed(useCase.useCaseId);
    const spec = useCaseSpecOf(version.file);
    return c.json(
      {
        ...summaryJson(useCase, version),
        description: spec?.description ?? null,
        assetType: spec?.asset_type ?? null,
        channels: spec?.channels ?? [],
        inputs: (spec?.inputs ?? []).map(inputJson),
        outputFields: (spec?.output.fields ?? []).map(outputFieldJson),
        file: version.file,
      },
      200,
    );
  });

  app.openapi(versionsRoute, async (c) => {
    const { workspaceId } = c.get("actor");
    const useCase = await requireUseCase(deps, workspaceId, c.req.valid("param").id);
    const versions = await listUseCaseVersions(db, workspaceId, useCase.id);
    return c.json({ items: versions.map((v) => versionJson(useCase.useCaseId, v, v.id === useCase.currentVersionId)) }, 200);
  });

  app.openapi(
    saveRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "kit.write");
      const id = c.req.valid("param").id;
      if (!USE_CASE_ID.test(id)) {
        throw validationError([{ path: "id", message: "a use case id is lower-case letters, digits, - and _, starting with a letter (such as promo-email)" }]);
      }
      const { kit, kitVersion } = await deps.kits.current(db, actor.workspaceId);
      const saved = await saveUseCaseVersion(db, actor.workspaceId, { brandId: kitVersion.brandId, useCaseId: id, file: c.req.valid("json").file }, actor.personId, { kit });
      return c.json(versionJson(id, saved.useCaseVersion, true), saved.created ? 201 : 200);
    },
    validationHook(NewUseCaseVersionSchema),
  );

  app.openapi(
    diffRoute,
    async (c) => {
      const { workspaceId } = c.get("actor");
      const useCase = await requireUseCase(deps, workspaceId, c.req.valid("param").id);
      const query = c.req.valid("query");
      const from = await requireVersion(deps, workspaceId, useCase, query.from, "from");
      const to = await requireVersion(deps, workspaceId, useCase, query.to, "to");
      const { kit } = await deps.kits.current(db, workspaceId);
      const path = useCasePath(kit.folder, useCase.useCaseId);
      return c.json({ from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, files: fileDiffs({ [path]: from.file }, { [path]: to.file }) }, 200);
    },
    validationHook(DiffQuery),
  );

  app.openapi(
    promptRoute,
    async (c) => {
      const { workspaceId } = c.get("actor");
      const body = c.req.valid("json");
      const { kit, useCase } = await libraryUseCase(deps, workspaceId, body.useCase, "useCase");
      let values: Record<string, unknown> = body.brief ?? {};
      let briefPath = "brief";
      if (body.briefId !== undefined) {
        const saved = await getBrief(db, workspaceId, body.briefId);
        if (!saved) throw new StoreError("not_found", `briefId: there is no brief ${body.briefId} in your workspace`);
        if (saved.useCase !== useCase.id) throw validationError([{ path: "briefId", message: `the brief is for use case "${saved.useCase}", not "${useCase.id}"` }]);
        values = saved.values;
        briefPath = "briefId";
      }
      const brief = validateBrief(useCase, values);
      const target = resolveTarget(kit, useCase, { channel: body.channel, audience: body.audience, region: body.region });
      const details = [...problemDetails(briefPath, brief.problems), ...problemDetails("", target.problems)];
      if (details.length > 0 || !brief.brief || !target.target) throw validationError(details);
      const prompt = compilePrompt(kit, useCase, brief.brief, target.target, body.master ?? null);
      return c.json(
        {
          useCase: prompt.useCase,
          kitVersion: prompt.kitVersion,
          useCaseVersion: prompt.useCaseVersion,
          prefixHash: prompt.prefixHash,
          target: prompt.target,
          brief: prompt.brief,
          messages: prompt.messages,
        },
        200,
      );
    },
    validationHook(PromptRequestSchema),
  );
}

/**
 * A use case of the workspace's library, loaded against its current kit, and that kit. An id the
 * library does not have is a 404 naming `path`; a use case whose current version no longer loads
 * against the kit is the kit error listing why.
 *
 * @example
 * const { kit, useCase } = await libraryUseCase(deps, actor.workspaceId, body.useCase, "useCase");
 */
export async function libraryUseCase(deps: RouteDeps, workspaceId: string, id: string, path: string): Promise<{ kit: Kit; useCase: UseCase }> {
  const { kit, library, broken } = await deps.kits.library(deps.store.db, workspaceId);
  const useCase = library.get(id);
  if (useCase) return { kit, useCase };
  const problems = broken.get(id);
  if (problems) throw new KitError(problems);
  const suggestion = didYouMean(id, library.useCases.map((u) => u.id));
  const closest = suggestion === undefined ? ";" : `; did you mean "${suggestion}"?`;
  throw new StoreError("not_found", `${path}: there is no use case "${id}" in your workspace's library${closest} GET /api/use-cases lists them`);
}

async function requireUseCase(deps: RouteDeps, workspaceId: string, id: string): Promise<UseCaseWithVersion> {
  const useCase = await getUseCase(deps.store.db, workspaceId, id);
  if (!useCase) throw new StoreError("not_found", `there is no use case "${id}" in your workspace's library; GET /api/use-cases lists them`);
  return useCase;
}

async function requireVersion(deps: RouteDeps, workspaceId: string, useCase: UseCaseWithVersion, id: string, param: string): Promise<UseCaseVersion> {
  const version = await getUseCaseVersion(deps.store.db, workspaceId, id);
  if (!version || version.useCaseId !== useCase.id) {
    throw new StoreError("not_found", `${param}: use case "${useCase.useCaseId}" has no version ${id}; GET /api/use-cases/${useCase.useCaseId}/versions lists them`);
  }
  return version;
}

function removed(id: string): StoreError {
  return new StoreError("not_found", `use case "${id}" was removed from the library; its versions are at /api/use-cases/${id}/versions, and saving a version adds it back`);
}

function summaryJson(useCase: UseCaseWithVersion, version: UseCaseVersion): z.infer<typeof UseCaseSummarySchema> {
  return {
    id: useCase.useCaseId,
    rowId: useCase.id,
    name: useCaseSpecOf(version.file)?.name ?? null,
    owner: useCase.owner,
    currentVersion: versionJson(useCase.useCaseId, version, true),
  };
}

function versionJson(useCase: string, version: UseCaseVersion, current: boolean): z.infer<typeof UseCaseVersionSchema> {
  return { id: version.id, useCase, version: version.version, current, createdBy: version.createdBy, createdAt: version.createdAt.toISOString() };
}

function inputJson(input: UseCaseSpec["inputs"][number]): z.infer<typeof InputSchema> {
  return {
    name: input.name,
    type: inputType(input),
    required: input.required,
    description: input.description ?? null,
    enum: input.enum ?? null,
    default: input.default ?? null,
  };
}

function outputFieldJson(field: OutputFieldSpec): OutputFieldJson {
  return {
    name: field.name,
    type: field.fields ? "group" : (field.type ?? "text"),
    required: field.required,
    description: field.description ?? null,
    count: field.count ?? null,
    fields: (field.fields ?? []).map(outputFieldJson),
  };
}

/** The core's field problems as request details: `brief.product`, `channel`. */
function problemDetails(base: string, problems: readonly FieldProblem[]): ErrorDetail[] {
  return problems.map((p) => ({
    path: base === "briefId" ? base : formatPath(base === "" ? p.path : [base, ...p.path]),
    message: withFix(p.message, p.fix),
  }));
}
