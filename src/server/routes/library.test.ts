import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { contentHash } from "../../core/engine/content-hash.ts";
import { loadKit } from "../../core/engine/load-kit.ts";
import { loadLibrary } from "../../core/library/load-library.ts";
import { compilePrompt } from "../../core/prompt/compile-prompt.ts";
import { resolveTarget } from "../../core/library/target.ts";
import { databaseTargets } from "../../../test/support/databases.ts";
import { taglineFile } from "../../../test/support/library.ts";
import { demoKitFiles, studioSuite } from "../../../test/support/studio.ts";
import { listAudit } from "../../store/audit.ts";
import { removeUseCase, saveUseCaseVersion } from "../../store/use-cases.ts";
import { KitCache } from "../../studio/workspace-kit.ts";

interface Version {
  id: string;
  useCase: string;
  version: string;
  current: boolean;
  createdBy: string | null;
  createdAt: string;
}
interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

const TAGLINE = taglineFile();
const TAGLINE_2 = taglineFile("# second version\n");
const DISPLAY = taglineFile().replace("name: Tagline", "name: Display").replace("channels: [email]", "channels: [in-store-display]");

for (const target of databaseTargets()) {
  describe(`library and prompt API on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);
    let v1: Version;
    let v2: Version;
    let theirs: { useCaseVersionId: string };
    before(async () => {
      const { a, b } = studio;
      await saveUseCaseVersion(studio.store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "display", file: DISPLAY }, a.people.admin.id);
      const saved = await saveUseCaseVersion(studio.store.db, b.workspace.id, { brandId: b.brand.id, useCaseId: "theirs", file: TAGLINE }, null);
      theirs = { useCaseVersionId: saved.useCaseVersion.id };
    });

    test("POST /api/use-cases/{id}/versions: 201 for new content, 200 for the current or an earlier one (a rollback)", async () => {
      const created = await studio.call<Version>("champion", "POST", "/api/use-cases/tagline/versions", { file: TAGLINE });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      v1 = created.body;
      assert.deepEqual(v1, { id: v1.id, useCase: "tagline", version: contentHash([TAGLINE]), current: true, createdBy: studio.a.people.champion.id, createdAt: v1.createdAt });
      const audit = (await listAudit(studio.store.db, studio.a.workspace.id, { limit: 1000 })).length;
      assert.deepEqual(await studio.call("admin", "POST", "/api/use-cases/tagline/versions", { file: TAGLINE }), { status: 200, body: v1 });
      assert.equal((await listAudit(studio.store.db, studio.a.workspace.id, { limit: 1000 })).length, audit, "no audit entry");
      const second = await studio.call<Version>("champion", "POST", "/api/use-cases/tagline/versions", { file: TAGLINE_2 });
      assert.equal(second.status, 201);
      v2 = second.body;
      assert.deepEqual(await studio.call("champion", "POST", "/api/use-cases/tagline/versions", { file: TAGLINE }), { status: 200, body: v1 });
      assert.deepEqual(await studio.call("viewer", "GET", "/api/use-cases/tagline/versions"), {
        status: 200,
        body: { items: [{ ...v2, current: false }, v1] },
      });
      assert.deepEqual(await studio.call("champion", "POST", "/api/use-cases/tagline/versions", { file: TAGLINE_2 }), { status: 200, body: v2 });
    });

    test("GET /api/use-cases and /api/use-cases/{id}: the library with current versions, and what a use case takes and returns", async () => {
      const listed = await studio.call<{ items: { id: string; rowId: string; currentVersion: Version }[] }>("viewer", "GET", "/api/use-cases");
      const display = listed.body.items[0];
      assert.deepEqual(listed, {
        status: 200,
        body: {
          items: [
            { id: "display", rowId: display?.rowId, name: "Display", owner: "Maya Chen", currentVersion: display?.currentVersion },
            { id: "tagline", rowId: listed.body.items[1]?.rowId, name: "Tagline", owner: "Maya Chen", currentVersion: v2 },
          ],
        },
      });
      assert.deepEqual(await studio.call("viewer", "GET", "/api/use-cases/tagline"), {
        status: 200,
        body: {
          id: "tagline",
          rowId: listed.body.items[1]?.rowId,
          name: "Tagline",
          owner: "Maya Chen",
          currentVersion: v2,
          description: null,
          assetType: "tagline",
          channels: ["email"],
          inputs: [
            { name: "product", type: "text", required: true, description: null, enum: null, default: null },
            { name: "count", type: "number", required: false, description: null, enum: null, default: 3 },
          ],
          outputFields: [{ name: "line", type: "text", required: true, description: null, count: null, fields: [] }],
          file: TAGLINE_2,
        },
      });
    });

    test("GET /api/use-cases/{id}/diff: the file's unified diff between two versions", async () => {
      assert.deepEqual(await studio.call("viewer", "GET", `/api/use-cases/tagline/diff?from=${v1.id}&to=${v2.id}`), {
        status: 200,
        body: {
          from: { id: v1.id, version: v1.version },
          to: { id: v2.id, version: v2.version },
          files: [
            {
              path: "brand/usecases/tagline.yaml",
              status: "changed",
              diff: [
                "--- a/brand/usecases/tagline.yaml",
                "+++ b/brand/usecases/tagline.yaml",
                "@@ -12,3 +12,4 @@",
                "   fields:",
                "     - name: line",
                " instructions: Write a tagline for {{product}}.",
                "+# second version",
                "",
              ].join("\n"),
            },
          ],
        },
      });
    });

    test("a use case with errors is 400 invalid_kit with file:line:column; a bad id is a validation error", async () => {
      const broken = TAGLINE.replace("channels: [email]", "channels: [emial]");
      assert.deepEqual(await studio.call("champion", "POST", "/api/use-cases/promo/versions", { file: broken }), {
        status: 400,
        body: {
          error: {
            code: "invalid_kit",
            message: "the brand kit has 1 error; each is listed with its file, line and column",
            details: [{ path: "brand/usecases/promo.yaml:4:12", message: 'channel "emial" is neither a built-in channel nor one of the kit\'s; did you mean "email"? Write "email"' }],
          },
        },
      });
      assert.equal((await studio.call("viewer", "GET", "/api/use-cases/promo")).status, 404, "nothing was saved");
      assert.deepEqual(await studio.call("champion", "POST", "/api/use-cases/Promo_Email/versions", { file: TAGLINE }), {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "the request has 1 invalid field: see details",
            details: [{ path: "id", message: "a use case id is lower-case letters, digits, - and _, starting with a letter (such as promo-email)" }],
          },
        },
      });
      assert.deepEqual((await studio.call<ErrorBody>("champion", "POST", "/api/use-cases/promo/versions", { file: "" })).body.error.details, [
        { path: "file", message: "must not be empty: send the use case's YAML" },
      ]);
    });

    test("POST /api/prompt: the messages `onbrand prompt` compiles, from a brief or a saved brief", async () => {
      const { kit } = loadKit(demoKitFiles());
      const useCase = loadLibrary(kit, { "brand/usecases/tagline.yaml": TAGLINE_2 }).library.get("tagline");
      assert.ok(useCase);
      const target = resolveTarget(kit, useCase, { audience: "students" }).target;
      assert.ok(target);
      const prompt = compilePrompt(kit, useCase, { product: "Fizzwell Zero", count: 3 }, target);
      const expected = {
        useCase: "tagline",
        kitVersion: studio.a.kitVersion.version,
        useCaseVersion: v2.version,
        prefixHash: prompt.prefixHash,
        target: prompt.target,
        brief: { product: "Fizzwell Zero", count: 3 },
        messages: prompt.messages,
      };
      assert.equal(prompt.kitVersion, studio.a.kitVersion.version);
      assert.match(prompt.messages[1]?.content ?? "", /Fizzwell Zero/);
      assert.deepEqual(await studio.call("viewer", "POST", "/api/prompt", { useCase: "tagline", brief: { product: "Fizzwell Zero" }, audience: "students" }), { status: 200, body: expected });
      const brief = await studio.call<{ id: string }>("creator", "POST", "/api/briefs", { useCase: "tagline", values: { product: "Fizzwell Zero" } });
      assert.deepEqual(await studio.call("viewer", "POST", "/api/prompt", { useCase: "tagline", briefId: brief.body.id, audience: "students" }), { status: 200, body: expected });
    });

    test("POST /api/prompt: every bad brief field and target part is named", async () => {
      assert.deepEqual(await studio.call("viewer", "POST", "/api/prompt", { useCase: "tagline", brief: { prodcut: "x" }, channel: "sms", audience: "studnets" }), {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "the request has 4 invalid fields: see details",
            details: [
              { path: "brief.prodcut", message: 'the brief has a field "prodcut" that the use case does not define; did you mean "product"? Rename it to "product"' },
              { path: "brief.product", message: 'the brief needs "product"; add product: "..."' },
              { path: "channel", message: 'channel "sms" is not one of the use case\'s channels; use one of email' },
              { path: "audience", message: 'audience "studnets" is not one of the kit\'s audiences; did you mean "students"? Write "students"' },
            ],
          },
        },
      });
      const other = await studio.call<{ id: string }>("creator", "POST", "/api/briefs", { useCase: "display", values: { product: "x" } });
      assert.deepEqual((await studio.call<ErrorBody>("viewer", "POST", "/api/prompt", { useCase: "tagline", briefId: other.body.id })).body.error.details, [
        { path: "briefId", message: 'the brief is for use case "display", not "tagline"' },
      ]);
      assert.deepEqual((await studio.call<ErrorBody>("viewer", "POST", "/api/prompt", { useCase: "tagline", brief: {}, briefId: other.body.id })).body.error.details, [
        { path: "briefId", message: 'send "brief" or "briefId", not both' },
      ]);
    });

    test("a use case the current kit no longer fits is 400 invalid_kit for its prompt; the others still compile", async () => {
      const demo = demoKitFiles();
      const withoutDisplay = (demo["brand/brand.yaml"] ?? "").replace(/ {2}# The 60 x 90 cm[^\n]*\n {2}in-store-display:\n(?: {4}[^\n]*\n)+/, "");
      assert.notEqual(withoutDisplay, demo["brand/brand.yaml"]);
      const kit = await studio.call<{ id: string }>("champion", "POST", "/api/kit/versions", { files: { ...demo, "brand/brand.yaml": withoutDisplay } });
      assert.equal(kit.status, 201, JSON.stringify(kit.body));
      const { status, body } = await studio.call<ErrorBody>("viewer", "POST", "/api/prompt", { useCase: "display", brief: { product: "x" } });
      assert.deepEqual(
        { status, code: body.error.code, paths: body.error.details.map((d) => d.path) },
        { status: 400, code: "invalid_kit", paths: ["brand/usecases/display.yaml:4:12"] },
      );
      assert.equal((await studio.call("viewer", "POST", "/api/prompt", { useCase: "tagline", brief: { product: "x" } })).status, 200);
      await studio.call("champion", "POST", `/api/kit/versions/${studio.a.kitVersion.id}/activate`);
      assert.equal((await studio.call("viewer", "POST", "/api/prompt", { useCase: "display", brief: { product: "x" } })).status, 200);
    });

    test("KitCache.library loads once per kit version and set of use-case versions, and sees a saved version at once", async () => {
      const kits = new KitCache();
      const { db } = studio.store;
      const { a } = studio;
      const first = await kits.library(db, a.workspace.id);
      assert.deepEqual(first.library.useCases.map((u) => [u.id, u.version]), [["display", contentHash([DISPLAY])], ["tagline", v2.version]]);
      assert.equal(first.versionIds.tagline, v2.id);
      assert.equal(await kits.library(db, a.workspace.id), first, "nothing changed: the loaded library is reused");
      await saveUseCaseVersion(db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file: TAGLINE }, null);
      const next = await kits.library(db, a.workspace.id);
      assert.notEqual(next, first);
      assert.equal(next.library.get("tagline")?.version, v1.version);
      await saveUseCaseVersion(db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file: TAGLINE_2 }, null);
    });

    test("a removed use case is 404 with what to do; its versions stay readable", async () => {
      await removeUseCase(studio.store.db, studio.a.workspace.id, { brandId: studio.a.brand.id, useCaseId: "display" }, null);
      assert.deepEqual(await studio.call("viewer", "GET", "/api/use-cases/display"), {
        status: 404,
        body: { error: { code: "not_found", message: 'use case "display" was removed from the library; its versions are at /api/use-cases/display/versions, and saving a version adds it back', details: [] } },
      });
      assert.equal((await studio.call<{ items: unknown[] }>("viewer", "GET", "/api/use-cases/display/versions")).body.items.length, 1);
      assert.deepEqual((await studio.call<{ items: { id: string }[] }>("viewer", "GET", "/api/use-cases")).body.items.map((u) => u.id), ["tagline"]);
      assert.equal((await studio.call("viewer", "POST", "/api/prompt", { useCase: "display" })).status, 404);
    });

    test("roles without kit.write get 403 saving a use case, before anything is read", async () => {
      for (const role of ["viewer", "creator", "reviewer"] as const) {
        assert.deepEqual(await studio.call(role, "POST", "/api/use-cases/theirs/versions", { file: TAGLINE }), {
          status: 403,
          body: { error: { code: "forbidden", message: `your role (${role}) cannot do this; it needs one of: admin, champion. Ask an admin of your workspace.`, details: [] } },
        });
      }
    });

    test("another workspace's use cases, versions and briefs are 404, exactly like ones that do not exist", async () => {
      const missing = (id: string) => ({
        status: 404,
        body: { error: { code: "not_found", message: `there is no use case "${id}" in your workspace's library; GET /api/use-cases lists them`, details: [] } },
      });
      for (const id of ["theirs", "nope"]) {
        assert.deepEqual(await studio.call("admin", "GET", `/api/use-cases/${id}`), missing(id));
        assert.deepEqual(await studio.call("admin", "GET", `/api/use-cases/${id}/versions`), missing(id));
        assert.deepEqual(await studio.call("admin", "GET", `/api/use-cases/${id}/diff?from=${v1.id}&to=${v2.id}`), missing(id));
        assert.deepEqual(await studio.call("admin", "POST", "/api/prompt", { useCase: id }), {
          status: 404,
          body: { error: { code: "not_found", message: `useCase: there is no use case "${id}" in your workspace's library; GET /api/use-cases lists them`, details: [] } },
        });
      }
      assert.deepEqual(await studio.call("admin", "GET", `/api/use-cases/tagline/diff?from=${v1.id}&to=${theirs.useCaseVersionId}`), {
        status: 404,
        body: { error: { code: "not_found", message: `to: use case "tagline" has no version ${theirs.useCaseVersionId}; GET /api/use-cases/tagline/versions lists them`, details: [] } },
      });
      const theirBrief = await studio.call<{ id: string }>(studio.b.tokens.creator, "POST", "/api/briefs", { useCase: "theirs", values: { product: "x" } });
      assert.equal(theirBrief.status, 201);
      assert.deepEqual(await studio.call("admin", "POST", "/api/prompt", { useCase: "tagline", briefId: theirBrief.body.id }), {
        status: 404,
        body: { error: { code: "not_found", message: `briefId: there is no brief ${theirBrief.body.id} in your workspace`, details: [] } },
      });
    });
  });
}
