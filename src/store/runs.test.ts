import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FIXTURE_BRAND, FIXTURE_EMAIL } from "../core/library/fixture-workspace.ts";
import { databaseTargets, type DatabaseFixture } from "../../test/support/databases.ts";
import { createAsset } from "./assets.ts";
import { listAudit } from "./audit.ts";
import { saveKitVersion } from "./kit-versions.ts";
import { openStore, type Store } from "./open-store.ts";
import { createRun, getRun, listRuns, type NewRun, setRunStatus, storedVariants, updateRunProgress } from "./runs.ts";
import { StoreError } from "./store-error.ts";
import { saveUseCaseVersion } from "./use-cases.ts";
import { addPerson, createBrand, createWorkspace } from "./workspaces.ts";

interface Tenant {
  workspaceId: string;
  personId: string;
  run: Omit<NewRun, "planHash" | "planned" | "settings">;
}

async function tenant(store: Store, name: string): Promise<Tenant> {
  const workspace = await createWorkspace(store.db, { name });
  const person = await addPerson(store.db, workspace.id, { email: `creator@${name}.example`, name: "Creator", role: "creator" }, null);
  const brand = await createBrand(store.db, workspace.id, name, null);
  const { kitVersion } = await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: { "brand/brand.yaml": FIXTURE_BRAND } }, null);
  const { useCase, useCaseVersion } = await saveUseCaseVersion(store.db, workspace.id, { brandId: brand.id, useCaseId: "email", file: FIXTURE_EMAIL }, null);
  return { workspaceId: workspace.id, personId: person.id, run: { useCaseId: useCase.id, kitVersionId: kitVersion.id, useCaseVersionId: useCaseVersion.id } };
}

async function rejectsWith(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.deepEqual([error.code, error.message], [code, message]);
    return true;
  });
}

for (const target of databaseTargets()) {
  describe(`generation runs repository on ${target.name}`, { skip: target.skip }, () => {
    let fixture: DatabaseFixture;
    let store: Store;
    let a: Tenant;
    let b: Tenant;
    const newRun = (t: Tenant, planned = 3): NewRun => ({ ...t.run, planHash: "0123456789abcdef", planned, settings: { useCase: "email", count: 1 } });

    before(async () => {
      fixture = await target.make();
      store = await openStore(fixture.options);
      a = await tenant(store, "fizzwell");
      b = await tenant(store, "othercorp");
    });
    after(async () => {
      await store?.close();
      await fixture?.drop();
    });

    test("createRun: a queued run with its audit entry; a reference of another workspace is not_found naming the field", async () => {
      const run = await createRun(store.db, a.workspaceId, newRun(a), a.personId);
      assert.deepEqual(
        [run.status, run.planned, run.succeeded, run.needsReview, run.failed, run.createdBy, run.startedAt, run.finishedAt, run.summary],
        ["queued", 3, 0, 0, 0, a.personId, null, null, null],
      );
      const audit = await listAudit(store.db, a.workspaceId, { entityType: "generation_run", entityId: run.id });
      assert.deepEqual(audit.map((e) => [e.action, e.actorId, e.before]), [["generation_run.create", a.personId, null]]);
      await rejectsWith(
        createRun(store.db, a.workspaceId, { ...newRun(a), kitVersionId: b.run.kitVersionId }, a.personId),
        "not_found",
        `kitVersionId: there is no kit version ${b.run.kitVersionId} in this workspace: pick one of this workspace`,
      );
      await rejectsWith(createRun(store.db, a.workspaceId, { ...newRun(a), briefId: "nope" }, a.personId), "not_found", "briefId: there is no brief nope in this workspace: pick one of this workspace");
    });

    test("getRun and listRuns see the workspace's runs only, newest first, by status and page", async () => {
      const first = await createRun(store.db, a.workspaceId, newRun(a), a.personId);
      const second = await createRun(store.db, a.workspaceId, newRun(a), a.personId);
      const theirs = await createRun(store.db, b.workspaceId, newRun(b), b.personId);
      assert.equal((await getRun(store.db, a.workspaceId, second.id))?.id, second.id);
      assert.equal(await getRun(store.db, a.workspaceId, theirs.id), undefined);
      assert.equal(await getRun(store.db, a.workspaceId, "not-an-id"), undefined);
      await setRunStatus(store.db, a.workspaceId, first.id, "running", {}, null);
      const page = await listRuns(store.db, a.workspaceId, { limit: 1 });
      assert.deepEqual(page.items.map((r) => r.id), [second.id]);
      const next = await listRuns(store.db, a.workspaceId, { limit: 1, cursor: page.nextCursor ?? "" });
      assert.deepEqual(next.items.map((r) => r.id), [first.id]);
      assert.deepEqual((await listRuns(store.db, a.workspaceId, { status: "running" })).items.map((r) => r.id), [first.id]);
      assert.ok(!(await listRuns(store.db, a.workspaceId, { limit: 200 })).items.some((r) => r.id === theirs.id));
    });

    test("setRunStatus: start, finish with a summary; an ended run cannot move, and each change is audited", async () => {
      const run = await createRun(store.db, a.workspaceId, newRun(a), a.personId);
      const started = await setRunStatus(store.db, a.workspaceId, run.id, "running", { counts: { succeeded: 1, needsReview: 0, failed: 0 } }, null);
      assert.ok(started.startedAt instanceof Date);
      assert.equal(started.succeeded, 1);
      const again = await setRunStatus(store.db, a.workspaceId, run.id, "running", {}, null);
      assert.deepEqual(again.startedAt, started.startedAt, "a resumed run keeps when it first started");
      const finished = await setRunStatus(store.db, a.workspaceId, run.id, "finished", { summary: { variants: 3 } }, null);
      assert.ok(finished.finishedAt instanceof Date);
      assert.deepEqual(finished.summary, { variants: 3 });
      await rejectsWith(setRunStatus(store.db, a.workspaceId, run.id, "cancelled", {}, a.personId), "conflict", `generation run ${run.id} is finished; it cannot become cancelled`);
      await rejectsWith(setRunStatus(store.db, b.workspaceId, run.id, "cancelled", {}, b.personId), "not_found", `there is no generation run ${run.id} in this workspace`);
      const audit = await listAudit(store.db, a.workspaceId, { entityType: "generation_run", entityId: run.id });
      assert.deepEqual(audit.map((e) => e.action).reverse(), ["generation_run.create", "generation_run.start", "generation_run.resume", "generation_run.finish"]);
      assert.deepEqual([audit[0]?.before?.status, audit[0]?.after?.status], ["running", "finished"]);
    });

    test("updateRunProgress adds to the counters or sets them, in the workspace only", async () => {
      const run = await createRun(store.db, a.workspaceId, newRun(a), a.personId);
      await updateRunProgress(store.db, a.workspaceId, run.id, { succeeded: 1 });
      await updateRunProgress(store.db, a.workspaceId, run.id, { succeeded: 1, needsReview: 1, failed: 1 });
      let now = await getRun(store.db, a.workspaceId, run.id);
      assert.deepEqual([now?.succeeded, now?.needsReview, now?.failed], [2, 1, 1]);
      await updateRunProgress(store.db, a.workspaceId, run.id, { failed: 0 }, "set");
      now = await getRun(store.db, a.workspaceId, run.id);
      assert.deepEqual([now?.succeeded, now?.needsReview, now?.failed], [2, 1, 0]);
      await rejectsWith(updateRunProgress(store.db, b.workspaceId, run.id, { failed: 1 }), "not_found", `there is no generation run ${run.id} in this workspace`);
    });

    test("storedVariants: the run's variant assets by variant id, with their status", async () => {
      const run = await createRun(store.db, a.workspaceId, newRun(a), a.personId);
      await createAsset(store.db, a.workspaceId, { kind: "variant", fields: { body: "one" }, status: "checked", generationRunId: run.id, variantId: `${run.id}/v1` }, a.personId);
      await createAsset(store.db, a.workspaceId, { kind: "variant", fields: { body: "two" }, status: "draft", generationRunId: run.id, variantId: `${run.id}/v2` }, a.personId);
      await createAsset(store.db, a.workspaceId, { kind: "master", fields: { body: "not a variant" }, generationRunId: run.id }, a.personId);
      assert.deepEqual(
        [...(await storedVariants(store.db, a.workspaceId, run.id))].sort(),
        [
          [`${run.id}/v1`, "checked"],
          [`${run.id}/v2`, "draft"],
        ],
      );
      assert.equal((await storedVariants(store.db, b.workspaceId, run.id)).size, 0);
    });
  });
}
