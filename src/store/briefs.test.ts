import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { databaseTargets } from "../../test/support/databases.ts";
import { taglineFile } from "../../test/support/library.ts";
import { demoKitFiles } from "../../test/support/studio.ts";
import { listAudit } from "./audit.ts";
import { BriefError, createBrief, getBrief, listBriefs } from "./briefs.ts";
import { saveKitVersion } from "./kit-versions.ts";
import { openStore, type Store } from "./open-store.ts";
import type { Person, Workspace } from "./schema.ts";
import { StoreError } from "./store-error.ts";
import { removeUseCase, saveUseCaseVersion } from "./use-cases.ts";
import { addPerson, createBrand, createWorkspace } from "./workspaces.ts";

for (const target of databaseTargets()) {
  describe(`briefs on ${target.name}`, { skip: target.skip }, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let a: Workspace;
    let b: Workspace;
    let maya: Person;

    before(async () => {
      const fixture = await target.make();
      drop = fixture.drop;
      store = await openStore(fixture.options);
      const tenant = async (name: string, useCases: string[]) => {
        const workspace = await createWorkspace(store.db, { name });
        const brand = await createBrand(store.db, workspace.id, name, null);
        await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: demoKitFiles() }, null);
        for (const useCaseId of useCases) await saveUseCaseVersion(store.db, workspace.id, { brandId: brand.id, useCaseId, file: taglineFile() }, null);
        return { workspace, brand };
      };
      const first = await tenant("Fizzwell", ["tagline", "banner", "retired"]);
      a = first.workspace;
      await removeUseCase(store.db, a.id, { brandId: first.brand.id, useCaseId: "retired" }, null);
      maya = await addPerson(store.db, a.id, { email: "maya@fizzwell.example", name: "Maya", role: "creator" }, null);
      b = (await tenant("Othercorp", ["tagline"])).workspace;
    });
    after(async () => {
      await store?.close();
      await drop?.();
    });

    test("a brief is stored as validated: coerced to each input's type, defaults filled in, audited", async () => {
      const brief = await createBrief(store.db, a.id, { useCaseId: "tagline", values: { product: "Fizzwell Zero", count: "5" } }, maya.id);
      assert.deepEqual({ useCase: brief.useCase, values: brief.values, createdBy: brief.createdBy }, { useCase: "tagline", values: { product: "Fizzwell Zero", count: 5 }, createdBy: maya.id });
      const defaulted = await createBrief(store.db, a.id, { useCaseId: "tagline", values: { product: "Fizzwell Original" } }, maya.id);
      assert.deepEqual(defaulted.values, { product: "Fizzwell Original", count: 3 });
      const [entry] = await listAudit(store.db, a.id, { entityType: "brief", entityId: brief.id });
      assert.deepEqual(
        { action: entry?.action, actorId: entry?.actorId, values: entry?.after?.values, useCase: entry?.after?.useCase },
        { action: "brief.create", actorId: maya.id, values: { product: "Fizzwell Zero", count: 5 }, useCase: "tagline" },
      );
      assert.deepEqual(await getBrief(store.db, a.id, brief.id), brief);
    });

    test("a brief that does not fit is a BriefError naming every bad field, and nothing is stored", async () => {
      const before = (await listBriefs(store.db, a.id)).items.length;
      await assert.rejects(createBrief(store.db, a.id, { useCaseId: "tagline", values: { prodcut: "x", count: "many" } }, maya.id), (error: unknown) => {
        assert.ok(error instanceof BriefError);
        assert.equal(error.code, "invalid_value");
        assert.deepEqual(error.problems, [
          { path: ["prodcut"], message: 'the brief has a field "prodcut" that the use case does not define; did you mean "product"?', fix: 'rename it to "product"' },
          { path: ["product"], message: 'the brief needs "product"', fix: 'add product: "..."' },
          { path: ["count"], message: 'brief field "count" must be a number; found "many"', fix: "write count: 12" },
        ]);
        assert.equal(
          error.message,
          'the brief does not fit use case "tagline": prodcut: the brief has a field "prodcut" that the use case does not define; did you mean "product"? (rename it to "product"); product: the brief needs "product" (add product: "..."); count: brief field "count" must be a number; found "many" (write count: 12)',
        );
        return true;
      });
      assert.equal((await listBriefs(store.db, a.id)).items.length, before);
    });

    test("a use case the library does not have, or no longer has, is not_found", async () => {
      for (const useCaseId of ["nope", "retired"]) {
        await assert.rejects(
          createBrief(store.db, a.id, { useCaseId, values: {} }, maya.id),
          (error: unknown) =>
            error instanceof StoreError &&
            error.code === "not_found" &&
            error.message === `useCase: there is no use case "${useCaseId}" in this workspace's library; GET /api/use-cases lists them`,
        );
      }
    });

    test("listBriefs: newest first, by use case, in pages; another workspace's briefs never appear", async () => {
      const theirs = await createBrief(store.db, b.id, { useCaseId: "tagline", values: { product: "Other" } }, null);
      const banner = await createBrief(store.db, a.id, { useCaseId: "banner", values: { product: "Banner" } }, maya.id);
      const all = await listBriefs(store.db, a.id);
      assert.deepEqual(
        all.items.map((brief) => [brief.useCase, brief.values.product]),
        [
          ["banner", "Banner"],
          ["tagline", "Fizzwell Original"],
          ["tagline", "Fizzwell Zero"],
        ],
      );
      assert.equal(all.nextCursor, null);
      assert.deepEqual((await listBriefs(store.db, a.id, { useCaseId: "banner" })).items, [banner]);
      assert.deepEqual((await listBriefs(store.db, a.id, { useCaseId: "nope" })).items, []);
      const first = await listBriefs(store.db, a.id, { limit: 2 });
      assert.deepEqual(first.items.map((x) => x.id), all.items.slice(0, 2).map((x) => x.id));
      assert.ok(first.nextCursor);
      const second = await listBriefs(store.db, a.id, { limit: 2, cursor: first.nextCursor });
      assert.deepEqual({ ids: second.items.map((x) => x.id), next: second.nextCursor }, { ids: all.items.slice(2).map((x) => x.id), next: null });
      assert.equal(await getBrief(store.db, a.id, theirs.id), undefined);
      assert.equal(await getBrief(store.db, a.id, "not-an-id"), undefined);
      assert.deepEqual((await listBriefs(store.db, b.id)).items.map((x) => x.id), [theirs.id]);
    });
  });
}
