import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { inFolder, loadKit, USECASES_FOLDER } from "../../core/engine/load-kit.ts";
import { saveKitVersion } from "../../store/kit-versions.ts";
import type { KitVersion } from "../../store/schema.ts";
import { StoreError } from "../../store/store-error.ts";
import { defaultBrand } from "../../store/use-cases.ts";
import { createBrand } from "../../store/workspaces.ts";
import { isSafeRelativePath } from "../../studio/workspace-folder.ts";
import {
  activateKitVersion,
  currentKitVersion,
  getKitVersion,
  type KitVersionSummary,
  listKitVersionSummaries,
  STORED_CONFIG_FILE,
} from "../../studio/workspace-kit.ts";
import { requirePermission, type StudioEnv } from "../access.ts";
import { ErrorBodySchema, validationError } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { validationHook } from "../validation-details.ts";

export const KitVersionSummarySchema = z
  .object({
    id: z.uuid(),
    version: z.string().openapi({ description: "The kit's content hash, as `onbrand check` reports it", example: "6f0b66f7995da6a5" }),
    current: z.boolean().openapi({ description: "Whether checks and generation use it now" }),
    createdBy: z.uuid().nullable().openapi({ description: "Who saved it; null for the system (an import without a person)" }),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("KitVersionSummary");

const FilesSchema = z.record(z.string(), z.string()).openapi({
  description: "Workspace-relative path -> file text, exactly as in the workspace folder; onbrand.yaml is the config",
  example: { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "name: Fizzwell\n" },
});

export const KitVersionSchema = KitVersionSummarySchema.extend({ files: FilesSchema }).openapi("KitVersion");

const NewKitVersionSchema = z
  .strictObject({ files: FilesSchema })
  .superRefine((body, ctx) => {
    if (!Object.hasOwn(body.files, STORED_CONFIG_FILE)) {
      ctx.addIssue({ code: "custom", path: ["files"], message: `must include ${STORED_CONFIG_FILE}, the workspace config (at least "kit: brand")` });
    }
    for (const path of Object.keys(body.files)) {
      if (!isSafeRelativePath(path)) {
        ctx.addIssue({ code: "custom", path: ["files", path], message: "must be a relative path with / between folders, without . or .. parts, such as brand/rules/Hedging.yaml" });
      }
    }
  })
  .openapi("NewKitVersion");

/** One file's change between two versions, as a unified diff. */
export const FileDiffSchema = z
  .object({
    path: z.string().openapi({ example: "brand/brand.yaml" }),
    status: z.enum(["added", "removed", "changed"]),
    diff: z.string().openapi({ description: "Unified diff (`--- a/path`, `+++ b/path`, hunks with 3 lines of context)" }),
  })
  .openapi("FileDiff");

const VersionRefSchema = z.object({ id: z.uuid(), version: z.string() });

export const VersionDiffSchema = z
  .object({
    from: VersionRefSchema,
    to: VersionRefSchema,
    files: z.array(FileDiffSchema).openapi({ description: "Files that differ, by path; unchanged files are left out" }),
  })
  .openapi("VersionDiff");

export const DiffQuery = z.strictObject({
  from: z.string().min(1).openapi({ param: { name: "from", in: "query" }, description: "The older version's id" }),
  to: z.string().min(1).openapi({ param: { name: "to", in: "query" }, description: "The newer version's id" }),
});

const IdParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "0b7e5a52-3c1f-4c55-9d0e-8f7a2c6d1b3e" }) });

export const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
export const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
export const common = { 401: errorResponse("unauthorized: not signed in"), 500: errorResponse("internal") };
const forbidden = errorResponse("forbidden: your role lacks kit.write");
const noKit = errorResponse("not_found: no such kit version in your workspace, or the workspace has no kit yet");

const currentRoute = createRoute({
  method: "get",
  path: "/kit",
  summary: "The current kit version, with its files",
  security,
  responses: { 200: json(KitVersionSchema, "The kit checks and generation use"), 404: noKit, ...common },
});

const listRoute = createRoute({
  method: "get",
  path: "/kit/versions",
  summary: "Every kit version, newest first (without files)",
  security,
  responses: { 200: json(z.object({ items: z.array(KitVersionSummarySchema) }).openapi("KitVersionList"), "The versions"), ...common },
});

const getRoute = createRoute({
  method: "get",
  path: "/kit/versions/{id}",
  summary: "One kit version, with its files",
  security,
  request: { params: IdParams },
  responses: { 200: json(KitVersionSchema, "The version"), 404: noKit, ...common },
});

const createVersionRoute = createRoute({
  method: "post",
  path: "/kit/versions",
  summary: "Save the kit's files as a new version and make it current",
  description:
    "Needs kit.write. The files are validated as `onbrand check` loads them; a kit with errors is a 400 invalid_kit listing each with file:line:column. Files identical to an existing version create nothing (200) and make that version current again; use-case files are not part of a kit version (POST /api/use-cases/{id}/versions).",
  security,
  request: { body: { required: true, content: { "application/json": { schema: NewKitVersionSchema } } } },
  responses: {
    201: json(KitVersionSummarySchema, "A new version, now current"),
    200: json(KitVersionSummarySchema, "These files are an existing version, now current"),
    400: errorResponse("validation_failed (a bad path, a use-case file) or invalid_kit (details: file:line:column of each error)"),
    403: forbidden,
    ...common,
  },
});

const activateRoute = createRoute({
  method: "post",
  path: "/kit/versions/{id}/activate",
  summary: "Make an earlier (or later) kit version current: a rollback",
  description: "Needs kit.write. Nothing is copied; checks and generation use that version from now on.",
  security,
  request: { params: IdParams },
  responses: { 200: json(KitVersionSummarySchema, "The version, now current"), 403: forbidden, 404: noKit, ...common },
});

const diffRoute = createRoute({
  method: "get",
  path: "/kit/diff",
  summary: "What changed between two kit versions, file by file",
  security,
  request: { query: DiffQuery },
  responses: { 200: json(VersionDiffSchema, "The files that differ"), 400: errorResponse("validation_failed"), 404: noKit, ...common },
});

/**
 * The kit routes: the current version, the versions, one version, a new version, a rollback, and
 * the diff between two versions. Reading is every role's; writing needs kit.write.
 *
 * @example
 * registerKitRoutes(api, deps);
 * // POST /kit/versions {"files": {"onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "name: Fizzwell\n"}} -> 201 {id, version, current: true, ...}
 */
export function registerKitRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;

  app.openapi(currentRoute, async (c) => {
    const current = await currentKitVersion(db, c.get("actor").workspaceId);
    if (!current) throw new StoreError("not_found", "your workspace has no brand kit yet: import one (`onbrand import DIR`) or POST /api/kit/versions");
    return c.json(kitVersionJson(current.kitVersion, true), 200);
  });

  app.openapi(listRoute, async (c) => {
    const { workspaceId } = c.get("actor");
    const brand = await defaultBrand(db, workspaceId);
    const versions = brand ? await listKitVersionSummaries(db, workspaceId, brand.id) : [];
    return c.json({ items: versions.map((v) => summaryJson(v, v.id === brand?.currentKitVersionId)) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { workspaceId } = c.get("actor");
    const kitVersion = await requireKitVersion(deps, workspaceId, c.req.valid("param").id);
    const brand = await defaultBrand(db, workspaceId);
    return c.json(kitVersionJson(kitVersion, kitVersion.id === brand?.currentKitVersionId), 200);
  });

  app.openapi(
    createVersionRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "kit.write");
      const { files } = c.req.valid("json");
      const { kit } = loadKit(files, { configFile: STORED_CONFIG_FILE });
      const library = `${inFolder(kit.folder, USECASES_FOLDER)}/`;
      const useCaseFiles = Object.keys(files).filter((path) => path.startsWith(library));
      if (useCaseFiles.length > 0) {
        throw validationError(
          useCaseFiles.map((path) => ({ path: `files[${JSON.stringify(path)}]`, message: "a use case has versions of its own: POST it to /api/use-cases/{id}/versions instead" })),
        );
      }
      const brand = (await defaultBrand(db, actor.workspaceId)) ?? (await createBrand(db, actor.workspaceId, kit.name, actor.personId));
      const { kitVersion, created } = await saveKitVersion(db, actor.workspaceId, { brandId: brand.id, files }, actor.personId);
      deps.kits.invalidate(actor.workspaceId);
      return created ? c.json(summaryJson(kitVersion, true), 201) : c.json(summaryJson(kitVersion, true), 200);
    },
    validationHook(NewKitVersionSchema),
  );

  app.openapi(activateRoute, async (c) => {
    const actor = c.get("actor");
    requirePermission(actor, "kit.write");
    const kitVersion = await activateKitVersion(db, actor.workspaceId, c.req.valid("param").id, actor.personId);
    deps.kits.invalidate(actor.workspaceId);
    return c.json(summaryJson(kitVersion, true), 200);
  });

  app.openapi(
    diffRoute,
    async (c) => {
      const { workspaceId } = c.get("actor");
      const query = c.req.valid("query");
      const from = await requireKitVersion(deps, workspaceId, query.from, "from");
      const to = await requireKitVersion(deps, workspaceId, query.to, "to");
      return c.json({ from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, files: fileDiffs(from.files, to.files) }, 200);
    },
    validationHook(DiffQuery),
  );
}

async function requireKitVersion(deps: RouteDeps, workspaceId: string, id: string, param?: string): Promise<KitVersion> {
  const kitVersion = await getKitVersion(deps.store.db, workspaceId, id);
  if (!kitVersion) throw new StoreError("not_found", `${param ? `${param}: ` : ""}there is no kit version ${id} in your workspace; GET /api/kit/versions lists them`);
  return kitVersion;
}

function summaryJson(version: KitVersionSummary, current: boolean): z.infer<typeof KitVersionSummarySchema> {
  return { id: version.id, version: version.version, current, createdBy: version.createdBy, createdAt: version.createdAt.toISOString() };
}

function kitVersionJson(version: KitVersion, current: boolean): z.infer<typeof KitVersionSchema> {
  return { ...summaryJson(version, current), files: version.files };
}

/**
 * The files that differ between two versions' files, by path, each with a unified diff
 * (`a/path` -> `b/path`, 3 lines of context; an added file diffs from /dev/null).
 *
 * @example fileDiffs({ "a.yaml": "x: 1\n" }, { "a.yaml": "x: 2\n" })[0].status // "changed"
 */
export function fileDiffs(from: Readonly<Record<string, string>>, to: Readonly<Record<string, string>>): z.infer<typeof FileDiffSchema>[] {
  const paths = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return paths.flatMap((path) => {
    const before = Object.hasOwn(from, path) ? from[path] : undefined;
    const after = Object.hasOwn(to, path) ? to[path] : undefined;
    if (before === after) return [];
    const status = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    const diff = createTwoFilesPatch(
      before === undefined ? "/dev/null" : `a/${path}`,
      after === undefined ? "/dev/null" : `b/${path}`,
      before ?? "",
      after ?? "",
      undefined,
      undefined,
      { context: 3, headerOptions: FILE_HEADERS_ONLY },
    );
    return [{ path, status, diff }];
  });
}
