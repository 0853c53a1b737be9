import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { taglineFile } from "../../../test/support/library.ts";
import { studioSuite } from "../../../test/support/studio.ts";
import { listAudit } from "../../store/audit.ts";
import { saveUseCaseVersion } from "../../store/use-cases.ts";

interface Brief {
  id: string;
  useCase: string;
  values: Record<string, unknown>;
  createdBy: string | null;
  createdAt: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

for (const target of databaseTargets()) {
  describe(`briefs API on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);
    let zero: Brief;
    let theirs: Brief;
    before(async () => {
      for (const [tenant, ids] of [[studio.a, ["tagline", "banner"]], [studio.b, ["tagline"]]] as const) {
        for (const useCaseId of ids) await saveUseCaseVersion(studio.store.db, tenant.workspace.id, { brandId: tenant.brand.id, useCaseId, file: taglineFile() }, null);
      }
      theirs = (await studio.call<Brief>(studio.b.tokens.creator, "POST", "/api/briefs", { useCase: "tagline", values: { product: "Other" } })).body;
    });

    test("POST /api/briefs: 201 with the brief as validated (coerced, defaults filled in), audited", async () => {
      const created = await studio.call<Brief>("creator", "POST", "/api/briefs", { useCase: "tagline", values: { product: "Fizzwell Zero", count: "5" } });
      zero = created.body;
      assert.deepEqual(created, {
        status: 201,
        body: { id: zero.id, useCase: "tagline", values: { product: "Fizzwell Zero", count: 5 }, createdBy: studio.a.people.creator.id, createdAt: zero.createdAt },
      });
      const [entry] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "brief", entityId: zero.id });
      assert.deepEqual([entry?.action, entry?.actorId], ["brief.create", studio.a.people.creator.id]);
      for (const role of ["admin", "champion"] as const) {
        assert.equal((await studio.call(role, "POST", "/api/briefs", { useCase: "banner", values: { product: `By ${role}` } })).status, 201);
      }
      assert.deepEqual(await studio.call("viewer", "GET", `/api/briefs/${zero.id}`), { status: 200, body: zero });
    });

    test("a brief that does not fit its use case: 400 naming every bad field as values.<name>", async () => {
      assert.deepEqual(await studio.call("creator", "POST", "/api/briefs", { useCase: "tagline", values: { prodcut: "x", count: "many" } }), {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "the request has 3 invalid fields: see details",
            details: [
              { path: "values.prodcut", message: 'the brief has a field "prodcut" that the use case does not define; did you mean "product"? Rename it to "product"' },
              { path: "values.product", message: 'the brief needs "product"; add product: "..."' },
              { path: "values.count", message: 'brief field "count" must be a number; found "many"; write count: 12' },
            ],
          },
        },
      });
      assert.deepEqual(await studio.call("creator", "POST", "/api/briefs", { usecase: "tagline" }), {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "the request has 3 invalid fields: see details",
            details: [
              { path: "useCase", message: "missing; send text" },
              { path: "values", message: "missing; send an object" },
              { path: "usecase", message: 'unknown key; did you mean "useCase"?' },
            ],
          },
        },
      });
    });

    test("GET /api/briefs: newest first, by use case, in pages", async () => {
      const all = await studio.call<Page<Brief>>("viewer", "GET", "/api/briefs");
      assert.deepEqual(
        all.body.items.map((b) => [b.useCase, b.values.product]),
        [
          ["banner", "By champion"],
          ["banner", "By admin"],
          ["tagline", "Fizzwell Zero"],
        ],
      );
      assert.equal(all.body.nextCursor, null);
      assert.deepEqual(await studio.call("viewer", "GET", "/api/briefs?useCase=tagline"), { status: 200, body: { items: [zero], nextCursor: null } });
      const first = await studio.call<Page<Brief>>("viewer", "GET", "/api/briefs?limit=2");
      assert.deepEqual(first.body.items, all.body.items.slice(0, 2));
      const second = await studio.call<Page<Brief>>("viewer", "GET", `/api/briefs?limit=2&cursor=${first.body.nextCursor}`);
      assert.deepEqual(second.body, { items: [zero], nextCursor: null });
      assert.equal((await studio.call("viewer", "GET", "/api/briefs?cursor=garbage")).status, 400);
    });

    test("roles without asset.write get 403 before anything is read", async () => {
      for (const role of ["viewer", "reviewer"] as const) {
        assert.deepEqual(await studio.call(role, "POST", "/api/briefs", { useCase: "nope", values: {} }), {
          status: 403,
          body: { error: { code: "forbidden", message: `your role (${role}) cannot do this; it needs one of: admin, champion, creator. Ask an admin of your workspace.`, details: [] } },
        });
      }
    });

    test("another workspace's briefs and use cases are 404, exactly like ones that do not exist", async () => {
      for (const id of [theirs.id, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
        assert.deepEqual(await studio.call("admin", "GET", `/api/briefs/${id}`), {
          status: 404,
          body: { error: { code: "not_found", message: `there is no brief ${id} in your workspace`, details: [] } },
        });
      }
      assert.deepEqual(await studio.call("creator", "POST", "/api/briefs", { useCase: "nope", values: {} }), {
        status: 404,
        body: { error: { code: "not_found", message: `useCase: there is no use case "nope" in this workspace's library; GET /api/use-cases lists them`, details: [] } },
      });
      assert.ok(!(await studio.call<Page<Brief>>("admin", "GET", "/api/briefs")).body.items.some((b) => b.id === theirs.id));
    });
  });
}
