import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { demoKitFiles, studioSuite } from "../../../test/support/studio.ts";
import { listAudit } from "../../store/audit.ts";
import type { Role } from "../../store/schema.ts";

interface KitVersion {
  id: string;
  version: string;
  current: boolean;
  createdBy: string | null;
  createdAt: string;
  files?: Record<string, string>;
}
interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

const POP = "    soda: sparkling drink\n    pop: sparkling drink\n";
const EXTRA_RULE = "extends: existence\nmessage: \"Say '%s' less.\"\nlevel: suggestion\ntokens:\n  - amazing\n";

const forbidden = (role: Role): ErrorBody => ({
  error: { code: "forbidden", message: `your role (${role}) cannot do this; it needs one of: admin, champion. Ask an admin of your workspace.`, details: [] },
});

for (const target of databaseTargets()) {
  describe(`kit API on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);
    let popFiles: Record<string, string>;
    let first: KitVersion;
    let second: KitVersion;
    before(async () => {
      const demo = demoKitFiles();
      popFiles = { ...demo, "brand/brand.yaml": (demo["brand/brand.yaml"] ?? "").replace("    soda: sparkling drink\n", POP) };
    });

    const summary = (v: KitVersion, current: boolean): KitVersion => ({ id: v.id, version: v.version, current, createdBy: v.createdBy, createdAt: v.createdAt });
    const flagsPop = async () => (await studio.call<{ findings: { match: string }[] }>("viewer", "POST", "/api/check", { text: "Try our pop." })).body.findings.some((f) => f.match === "pop");

    test("GET /api/kit: the current version with its files, for every role", async () => {
      const { kitVersion } = studio.a;
      const expected = {
        id: kitVersion.id,
        version: kitVersion.version,
        current: true,
        createdBy: studio.a.people.admin.id,
        createdAt: kitVersion.createdAt.toISOString(),
        files: demoKitFiles(),
      };
      for (const role of ["viewer", "creator", "admin"] as const) assert.deepEqual(await studio.call(role, "GET", "/api/kit"), { status: 200, body: expected });
      first = expected;
      assert.deepEqual(await studio.call("viewer", "GET", "/api/kit/versions"), { status: 200, body: { items: [summary(first, true)] } });
      assert.deepEqual(await studio.call("viewer", "GET", `/api/kit/versions/${kitVersion.id}`), { status: 200, body: expected });
    });

    test("POST /api/kit/versions: 201 and current at once (checks use it); the same files again: 200, nothing new", async () => {
      assert.equal(await flagsPop(), false);
      const created = await studio.call<KitVersion>("champion", "POST", "/api/kit/versions", { files: popFiles });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      second = created.body;
      assert.deepEqual(second, { id: second.id, version: second.version, current: true, createdBy: studio.a.people.champion.id, createdAt: second.createdAt });
      assert.notEqual(second.version, first.version);
      assert.equal(await flagsPop(), true, "the check route uses the new version");
      const audit = await listAudit(studio.store.db, studio.a.workspace.id, { limit: 1000 });
      assert.deepEqual(await studio.call("admin", "POST", "/api/kit/versions", { files: popFiles }), { status: 200, body: second });
      assert.equal((await listAudit(studio.store.db, studio.a.workspace.id, { limit: 1000 })).length, audit.length, "no audit entry");
      assert.deepEqual(await studio.call("viewer", "GET", "/api/kit/versions"), { status: 200, body: { items: [summary(second, true), summary(first, false)] } });
      assert.deepEqual((await studio.call<KitVersion>("viewer", "GET", "/api/kit")).body.files, popFiles);
    });

    test("POST /api/kit/versions/{id}/activate rolls back, audited once", async () => {
      const before = await listAudit(studio.store.db, studio.a.workspace.id, { limit: 1000 });
      assert.deepEqual(await studio.call("champion", "POST", `/api/kit/versions/${first.id}/activate`), { status: 200, body: summary(first, true) });
      assert.equal(await flagsPop(), false, "checks are back on the first version");
      assert.deepEqual((await studio.call<KitVersion>("viewer", "GET", "/api/kit")).body.id, first.id);
      assert.deepEqual(await studio.call("admin", "POST", `/api/kit/versions/${first.id}/activate`), { status: 200, body: summary(first, true) });
      const entries = (await listAudit(studio.store.db, studio.a.workspace.id, { limit: 1000 })).slice(0, -before.length || undefined);
      assert.deepEqual(
        entries.map((e) => ({ action: e.action, actorId: e.actorId, entityId: e.entityId, before: e.before, after: e.after })),
        [
          {
            action: "brand.set_current_kit_version",
            actorId: studio.a.people.champion.id,
            entityId: studio.a.brand.id,
            before: { currentKitVersionId: second.id },
            after: { currentKitVersionId: first.id, version: first.version },
          },
        ],
      );
    });

    test("GET /api/kit/diff: each changed, added and removed file with its unified diff", async () => {
      assert.deepEqual(await studio.call("viewer", "GET", `/api/kit/diff?from=${first.id}&to=${second.id}`), {
        status: 200,
        body: {
          from: { id: first.id, version: first.version },
          to: { id: second.id, version: second.version },
          files: [
            {
              path: "brand/brand.yaml",
              status: "changed",
              diff: [
                "--- a/brand/brand.yaml",
                "+++ b/brand/brand.yaml",
                "@@ -91,6 +91,7 @@",
                "   # wrong: right",
                "   prefer:",
                "     soda: sparkling drink",
                "+    pop: sparkling drink",
                "     sodas: sparkling drinks",
                "     beverage: drink",
                "     beverages: drinks",
                "",
              ].join("\n"),
            },
          ],
        },
      });
      const { body: third } = await studio.call<KitVersion>("champion", "POST", "/api/kit/versions", { files: { ...demoKitFiles(), "brand/rules/Amazing.yaml": EXTRA_RULE } });
      const added = ["--- /dev/null", "+++ b/brand/rules/Amazing.yaml", "@@ -0,0 +1,5 @@", ...EXTRA_RULE.trimEnd().split("\n").map((l) => `+${l}`), ""].join("\n");
      assert.deepEqual((await studio.call("viewer", "GET", `/api/kit/diff?from=${first.id}&to=${third.id}`)).body, {
        from: { id: first.id, version: first.version },
        to: { id: third.id, version: third.version },
        files: [{ path: "brand/rules/Amazing.yaml", status: "added", diff: added }],
      });
      const removed = (await studio.call<{ files: { path: string; status: string; diff: string }[] }>("viewer", "GET", `/api/kit/diff?from=${third.id}&to=${first.id}`)).body.files;
      assert.deepEqual(
        removed.map((f) => [f.path, f.status, f.diff.split("\n").slice(0, 3)]),
        [["brand/rules/Amazing.yaml", "removed", ["--- a/brand/rules/Amazing.yaml", "+++ /dev/null", "@@ -1,5 +0,0 @@"]]],
      );
      assert.deepEqual((await studio.call("viewer", "GET", `/api/kit/diff?from=${first.id}&to=${first.id}`)).body, {
        from: { id: first.id, version: first.version },
        to: { id: first.id, version: first.version },
        files: [],
      });
      await studio.call("champion", "POST", `/api/kit/versions/${first.id}/activate`);
    });

    test("a kit with errors is 400 invalid_kit listing each error at file:line:column; nothing is saved", async () => {
      const files = { ...demoKitFiles(), "brand/rules/Broken.yaml": "extends: existence\nlevel: loud\ntokens: [x]\n" };
      const { status, body } = await studio.call<ErrorBody>("champion", "POST", "/api/kit/versions", { files });
      assert.deepEqual(
        { status, code: body.error.code, message: body.error.message, paths: body.error.details.map((d) => d.path) },
        { status: 400, code: "invalid_kit", message: "the brand kit has 2 errors; each is listed with its file, line and column", paths: ["brand/rules/Broken.yaml:1:1", "brand/rules/Broken.yaml:2:8"] },
      );
      assert.equal((await studio.call<{ items: unknown[] }>("viewer", "GET", "/api/kit/versions")).body.items.length, 3);
    });

    test("bad paths, a missing onbrand.yaml and use-case files are validation errors naming each path", async () => {
      assert.deepEqual(await studio.call("champion", "POST", "/api/kit/versions", { files: { "brand/brand.yaml": "name: X\n", "../escape.yaml": "x: 1\n", "/abs.yaml": "" } }), {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "the request has 3 invalid fields: see details",
            details: [
              { path: "files", message: 'must include onbrand.yaml, the workspace config (at least "kit: brand")' },
              { path: 'files["../escape.yaml"]', message: "must be a relative path with / between folders, without . or .. parts, such as brand/rules/Hedging.yaml" },
              { path: 'files["/abs.yaml"]', message: "must be a relative path with / between folders, without . or .. parts, such as brand/rules/Hedging.yaml" },
            ],
          },
        },
      });
      assert.deepEqual(await studio.call("champion", "POST", "/api/kit/versions", { files: { ...demoKitFiles(), "brand/usecases/email.yaml": "name: Email\n" } }), {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "the request has 1 invalid field: see details",
            details: [{ path: 'files["brand/usecases/email.yaml"]', message: "a use case has versions of its own: POST it to /api/use-cases/{id}/versions instead" }],
          },
        },
      });
      const unknownKey = await studio.call<ErrorBody>("champion", "POST", "/api/kit/versions", { fils: {} });
      assert.deepEqual(unknownKey.body.error.details, [
        { path: "files", message: "missing; send an object" },
        { path: "fils", message: 'unknown key; did you mean "files"?' },
      ]);
    });

    test("roles without kit.write get 403 before anything is read, even for another workspace's id", async () => {
      for (const role of ["viewer", "creator", "reviewer"] as const) {
        assert.deepEqual(await studio.call(role, "POST", "/api/kit/versions", { files: popFiles }), { status: 403, body: forbidden(role) });
        assert.deepEqual(await studio.call(role, "POST", `/api/kit/versions/${second.id}/activate`), { status: 403, body: forbidden(role) });
        assert.deepEqual(await studio.call(role, "POST", `/api/kit/versions/${studio.b.kitVersion.id}/activate`), { status: 403, body: forbidden(role) });
      }
      assert.equal((await studio.call<KitVersion>("viewer", "GET", "/api/kit")).body.id, first.id);
    });

    test("the OpenAPI document describes the kit, library, brief and prompt routes", async () => {
      const { status, body } = await studio.call<{ paths: Record<string, Record<string, unknown>> }>(null, "GET", "/api/openapi.json");
      assert.equal(status, 200);
      assert.deepEqual(
        Object.entries(body.paths)
          .filter(([path]) => /^\/api\/(kit|use-cases|briefs|prompt)/.test(path))
          .map(([path, methods]) => `${Object.keys(methods).join(",")} ${path}`),
        [
          "get /api/kit",
          "get,post /api/kit/versions",
          "get /api/kit/versions/{id}",
          "post /api/kit/versions/{id}/activate",
          "get /api/kit/diff",
          "get /api/use-cases",
          "get /api/use-cases/{id}",
          "get,post /api/use-cases/{id}/versions",
          "get /api/use-cases/{id}/diff",
          "post /api/prompt",
          "post,get /api/briefs",
          "get /api/briefs/{id}",
        ],
      );
    });

    test("another workspace's kit versions are 404, exactly like ids that do not exist", async () => {
      const theirs = studio.b.kitVersion.id;
      const notFound = (id: string, param = "") => ({
        status: 404,
        body: { error: { code: "not_found", message: `${param}there is no kit version ${id} in your workspace; GET /api/kit/versions lists them`, details: [] } },
      });
      assert.deepEqual(await studio.call("admin", "GET", `/api/kit/versions/${theirs}`), notFound(theirs));
      assert.deepEqual(await studio.call("admin", "GET", "/api/kit/versions/not-an-id"), notFound("not-an-id"));
      assert.deepEqual(await studio.call("admin", "POST", `/api/kit/versions/${theirs}/activate`), {
        status: 404,
        body: { error: { code: "not_found", message: `there is no kit version ${theirs} in this workspace`, details: [] } },
      });
      assert.deepEqual(await studio.call("admin", "GET", `/api/kit/diff?from=${first.id}&to=${theirs}`), notFound(theirs, "to: "));
      assert.deepEqual(await studio.call("admin", "GET", `/api/kit/diff?from=${theirs}&to=${first.id}`), notFound(theirs, "from: "));
      assert.equal((await studio.call<KitVersion>(studio.b.tokens.viewer, "GET", "/api/kit")).body.id, theirs, "B still has its own kit");
      assert.deepEqual(
        (await studio.call<ErrorBody>("viewer", "GET", `/api/kit/diff?from=${first.id}`)).body.error.details,
        [{ path: "to", message: "missing; send text" }],
      );
    });
  });
}
