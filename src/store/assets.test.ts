import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { Finding } from "../core/findings.ts";
import { databaseTargets } from "../../test/support/databases.ts";
import { createAsset, listAssets } from "./assets.ts";
import { listAudit, listAuditPage } from "./audit.ts";
import { latestCheck, listChecks, recordCheck } from "./checks.ts";
import { countCheckRun, flushQueuedEvents, listEvents, recordEvent } from "./events.ts";
import { addPerson, createBrand, createWorkspace, openStore, saveKitVersion, StoreError, type Asset, type Store } from "./index.ts";
import { createReview, listReviews, selfApprovalAllowed } from "./reviews.ts";

async function rejectsWith(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.deepEqual([error.code, error.message], [code, message]);
    return true;
  });
}

const finding = (level: Finding["level"], rule: string, column: number): Finding => ({
  rule,
  level,
  message: `${rule} says so`,
  line: 1,
  column,
  endLine: 1,
  endColumn: column + 4,
  match: "soda",
  field: "body",
  suggestions: [],
});

const KIT = { "brand/brand.yaml": "terms:\n  avoid: [synergy]\n", "onbrand.yaml": "kit: brand\n" };

for (const target of databaseTargets()) {
  describe(`assets, checks, reviews, events and audit pages on ${target.name}`, { skip: target.skip }, () => {
    let store: Store;
    let drop: () => Promise<void>;
    /** Two workspaces, each with an admin, a creator and a kit version. */
    const tenants: Record<"a" | "b", { workspaceId: string; adminId: string; creatorId: string; kitVersionId: string }> = {} as never;

    before(async () => {
      const fixture = await target.make();
      drop = fixture.drop;
      store = await openStore(fixture.options);
      for (const key of ["a", "b"] as const) {
        const workspace = await createWorkspace(store.db, { name: key });
        const admin = await addPerson(store.db, workspace.id, { email: `admin@${key}.example`, name: "Admin", role: "admin" }, null);
        const creator = await addPerson(store.db, workspace.id, { email: `creator@${key}.example`, name: "Creator", role: "creator" }, admin.id);
        const brand = await createBrand(store.db, workspace.id, key, admin.id);
        const { kitVersion } = await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: KIT }, admin.id);
        tenants[key] = { workspaceId: workspace.id, adminId: admin.id, creatorId: creator.id, kitVersionId: kitVersion.id };
      }
    });
    after(async () => {
      await store?.close();
      await drop?.();
    });

    test("createAsset: every reference and the actor must be of the workspace; the first that is not is named", async () => {
      const { a, b } = tenants;
      const master = await createAsset(store.db, a.workspaceId, { kind: "master", title: "Master", fields: { body: "Hi" }, kitVersionId: a.kitVersionId }, a.creatorId);
      assert.deepEqual([master.title, master.status, master.version, master.createdBy, master.kitVersionId], ["Master", "draft", 1, a.creatorId, a.kitVersionId]);
      const variant = await createAsset(store.db, a.workspaceId, { kind: "variant", fields: { body: "Hi" }, parentAssetId: master.id, kitVersionId: a.kitVersionId }, null);
      assert.equal(variant.parentAssetId, master.id);

      await rejectsWith(
        createAsset(store.db, b.workspaceId, { kind: "variant", fields: { body: "B" }, kitVersionId: b.kitVersionId, parentAssetId: master.id }, b.adminId),
        "not_found",
        `parentAssetId: there is no asset ${master.id} in this workspace: pick one of this workspace`,
      );
      await rejectsWith(
        createAsset(store.db, b.workspaceId, { kind: "master", fields: { body: "B" }, kitVersionId: a.kitVersionId }, b.adminId),
        "not_found",
        `kitVersionId: there is no kit version ${a.kitVersionId} in this workspace: pick one of this workspace`,
      );
      await rejectsWith(
        createAsset(store.db, b.workspaceId, { kind: "master", fields: { body: "B" }, useCaseId: "not-a-uuid" }, b.adminId),
        "not_found",
        "useCaseId: there is no use case not-a-uuid in this workspace: pick one of this workspace",
      );
      await rejectsWith(
        createAsset(store.db, b.workspaceId, { kind: "master", fields: { body: "B" } }, a.creatorId),
        "not_found",
        `createdBy: the acting person ${a.creatorId} is not a person of this workspace: act as someone of this workspace`,
      );
      // Nothing of the refused ones was written.
      assert.deepEqual((await listAssets(store.db, b.workspaceId)).items, []);
    });

    test("listAssets: newest first, filtered, paged by cursor without gaps or repeats, never another workspace's", async () => {
      const { workspaceId, creatorId, adminId } = tenants.b;
      const made: Asset[] = [];
      const master = await createAsset(store.db, workspaceId, { kind: "master", fields: { body: "m" }, channel: "email" }, creatorId);
      made.push(master);
      // Assets written in one transaction share created_at: the id orders them, and paging still sees each once.
      await store.db.transaction(async (tx) => {
        for (let i = 0; i < 4; i++) {
          made.push(await createAsset(tx, workspaceId, { kind: "variant", fields: { body: `v${i}` }, channel: i % 2 ? "sms" : "email", parentAssetId: master.id, status: i < 2 ? "checked" : "in_review" }, adminId));
        }
      });
      made.push(await createAsset(store.db, workspaceId, { kind: "master", fields: { body: "last" }, channel: "sms" }, adminId));

      const all = await listAssets(store.db, workspaceId);
      assert.equal(all.nextCursor, null);
      const newestFirst = [...made].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.createdAt.getTime() === y.createdAt.getTime() ? (y.id < x.id ? -1 : 1) : 0));
      assert.deepEqual(all.items.map((x) => x.id), newestFirst.map((x) => x.id));
      assert.equal(all.items[0]?.id, made[5]?.id);
      assert.equal(all.items[5]?.id, master.id);

      const paged: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listAssets(store.db, workspaceId, { limit: 2, cursor });
        paged.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      assert.deepEqual([paged, pages], [all.items.map((x) => x.id), 3]);

      const ids = async (filter: Parameters<typeof listAssets>[2]) => (await listAssets(store.db, workspaceId, filter)).items.map((x) => x.id).sort();
      const sorted = (list: Asset[]) => list.map((x) => x.id).sort();
      assert.deepEqual(await ids({ kind: "variant" }), sorted(made.slice(1, 5)));
      assert.deepEqual(await ids({ status: "in_review" }), sorted(made.slice(3, 5)));
      assert.deepEqual(await ids({ channel: "sms", kind: "variant" }), sorted([made[2], made[4]] as Asset[]));
      assert.deepEqual(await ids({ parentAssetId: master.id }), sorted(made.slice(1, 5)));
      assert.deepEqual(await ids({ createdBy: creatorId }), [master.id]);
      assert.deepEqual(await ids({ createdBy: "nobody" }), []);
      assert.deepEqual(await ids({ generationRunId: "7b6c2f55-0e0b-4f9c-9f57-5f0f1d8a2c11" }), []);
      // Workspace A sees none of B's.
      assert.ok((await listAssets(store.db, tenants.a.workspaceId)).items.every((x) => !made.some((m) => m.id === x.id)));
      assert.deepEqual((await listAssets(store.db, tenants.a.workspaceId, { parentAssetId: master.id })).items, []);

      const limited = await listAssets(store.db, workspaceId, { limit: 500 });
      assert.equal(limited.items.length, 6);
      const message = "cursor: not a cursor this list gave out; pass the nextCursor of the previous page as it was, or leave cursor out for the first page";
      await rejectsWith(listAssets(store.db, workspaceId, { cursor: "bm9wZQ" }), "invalid_value", message);
      await rejectsWith(listAssets(store.db, workspaceId, { cursor: Buffer.from('["yesterday","x"]').toString("base64url") }), "invalid_value", message);
    });

    test("checks: counts come from the findings; the newest is the latest; the audit entry leaves the findings out", async () => {
      const { workspaceId, creatorId, kitVersionId } = tenants.a;
      const asset = await createAsset(store.db, workspaceId, { kind: "master", fields: { body: "x" } }, creatorId);
      const findings = [finding("error", "Brand.Claims", 1), finding("warning", "Brand.Terms", 8), finding("warning", "Brand.Terms", 20), finding("suggestion", "Brand.Voice", 30)];
      const first = await recordCheck(store.db, workspaceId, { assetId: asset.id, assetVersion: 1, kitVersionId, findings, score: 71.6 }, creatorId);
      assert.deepEqual(
        [first.errors, first.warnings, first.suggestions, first.score, first.assetVersion, first.kitVersionId, first.findings],
        [1, 2, 1, 72, 1, kitVersionId, findings],
      );
      // Two checks in one transaction keep their order.
      const [, second] = await store.db.transaction(async (tx) => [
        await recordCheck(tx, workspaceId, { assetId: asset.id, assetVersion: 2, kitVersionId, findings: [], score: 100 }, creatorId),
        await recordCheck(tx, workspaceId, { assetId: asset.id, assetVersion: 3, kitVersionId, findings: [], score: 100 }, creatorId),
      ]);
      assert.equal((await latestCheck(store.db, workspaceId, asset.id))?.id, second?.id);
      assert.deepEqual((await listChecks(store.db, workspaceId, asset.id)).map((c) => c.assetVersion), [3, 2, 1]);

      const [entry] = await listAudit(store.db, workspaceId, { entityType: "check", entityId: first.id });
      assert.deepEqual([entry?.action, entry?.actorId, entry?.after?.["errors"], entry?.after?.["score"], "findings" in (entry?.after ?? {})], ["check.create", creatorId, 1, 72, false]);

      const b = tenants.b;
      assert.equal(await latestCheck(store.db, b.workspaceId, asset.id), undefined);
      assert.deepEqual(await listChecks(store.db, b.workspaceId, asset.id), []);
      await rejectsWith(
        recordCheck(store.db, b.workspaceId, { assetId: asset.id, assetVersion: 1, kitVersionId: b.kitVersionId, findings: [], score: 100 }, b.adminId),
        "not_found",
        `assetId: there is no asset ${asset.id} in this workspace`,
      );
      await rejectsWith(
        recordCheck(store.db, workspaceId, { assetId: asset.id, assetVersion: 1, kitVersionId: b.kitVersionId, findings: [], score: 100 }, creatorId),
        "not_found",
        `kitVersionId: there is no kit version ${b.kitVersionId} in this workspace`,
      );
    });

    test("reviews: stored with reason, override and dismissed findings, audited, newest first; the reviewer must be of the workspace", async () => {
      const { workspaceId, creatorId, adminId } = tenants.a;
      const asset = await createAsset(store.db, workspaceId, { kind: "master", fields: { body: "x" } }, creatorId);
      const dismissed = [finding("error", "Brand.Claims", 1)];
      const first = await createReview(store.db, workspaceId, { assetId: asset.id, reviewerId: adminId, decision: "request_changes", reason: "Tone" }, adminId);
      const second = await createReview(store.db, workspaceId, { assetId: asset.id, reviewerId: adminId, decision: "approve", reason: "Legal cleared it", override: true, dismissedFindings: dismissed }, adminId);
      assert.deepEqual(
        [first.decision, first.reason, first.override, first.dismissedFindings, second.override, second.dismissedFindings],
        ["request_changes", "Tone", false, [], true, dismissed],
      );
      assert.deepEqual((await listReviews(store.db, workspaceId, asset.id)).map((r) => r.id), [second.id, first.id]);
      const [entry] = await listAudit(store.db, workspaceId, { entityType: "review", entityId: second.id });
      assert.deepEqual([entry?.action, entry?.after?.["decision"], entry?.after?.["override"]], ["review.create", "approve", true]);

      const b = tenants.b;
      assert.deepEqual(await listReviews(store.db, b.workspaceId, asset.id), []);
      await rejectsWith(
        createReview(store.db, workspaceId, { assetId: asset.id, reviewerId: b.adminId, decision: "approve" }, b.adminId),
        "not_found",
        `reviewerId: there is no person ${b.adminId} in this workspace`,
      );
      await rejectsWith(
        createReview(store.db, b.workspaceId, { assetId: asset.id, reviewerId: b.adminId, decision: "approve" }, b.adminId),
        "not_found",
        `assetId: there is no asset ${asset.id} in this workspace`,
      );
    });

    test("selfApprovalAllowed: only when the workspace's settings say allowSelfApproval: true", async () => {
      const off = await createWorkspace(store.db, { name: "off", settings: { allowSelfApproval: "yes" } });
      const on = await createWorkspace(store.db, { name: "on", settings: { allowSelfApproval: true } });
      assert.deepEqual(
        [await selfApprovalAllowed(store.db, tenants.a.workspaceId), await selfApprovalAllowed(store.db, off.id), await selfApprovalAllowed(store.db, on.id)],
        [false, false, true],
      );
    });

    test("events: recorded in order for a person of the workspace or the system; listed newest first by type and time, paged", async () => {
      const { workspaceId, creatorId } = tenants.b;
      // A few milliseconds apart: the times come back as JavaScript dates, to the millisecond, and a
      // filter from one event's time must not reach back to an event of the same millisecond.
      const events = await store.db.transaction(async (tx) => [
        await recordEvent(tx, workspaceId, { personId: creatorId, type: "asset.created", data: { assetId: "x" } }),
        await delay(3).then(() => recordEvent(tx, workspaceId, { personId: creatorId, type: "asset.checked", data: { errors: 1 } })),
        await delay(3).then(() => recordEvent(tx, workspaceId, { personId: null, type: "asset.created" })),
      ]);
      assert.deepEqual(
        events.map((e) => [e.type, e.personId, e.data]),
        [
          ["asset.created", creatorId, { assetId: "x" }],
          ["asset.checked", creatorId, { errors: 1 }],
          ["asset.created", null, {}],
        ],
      );
      const all = await listEvents(store.db, workspaceId);
      assert.deepEqual(all.items.map((e) => e.id), events.map((e) => e.id).reverse());
      assert.deepEqual((await listEvents(store.db, workspaceId, { type: "asset.created" })).items.map((e) => e.id), [events[2]?.id, events[0]?.id]);
      const middle = events[1]?.at as Date;
      assert.deepEqual((await listEvents(store.db, workspaceId, { since: middle })).items.map((e) => e.type), ["asset.created", "asset.checked"]);
      assert.deepEqual((await listEvents(store.db, workspaceId, { until: middle })).items.map((e) => e.type), ["asset.created"]);
      const first = await listEvents(store.db, workspaceId, { limit: 2 });
      const rest = await listEvents(store.db, workspaceId, { limit: 2, cursor: first.nextCursor ?? "" });
      assert.deepEqual([...first.items, ...rest.items].map((e) => e.id), all.items.map((e) => e.id));
      assert.equal(rest.nextCursor, null);

      assert.deepEqual((await listEvents(store.db, tenants.a.workspaceId, { type: "asset.checked" })).items, []);
      await rejectsWith(
        recordEvent(store.db, workspaceId, { personId: tenants.a.creatorId, type: "asset.created" }),
        "not_found",
        `personId: there is no person ${tenants.a.creatorId} in this workspace`,
      );
    });

    test("countCheckRun: one check.run per workspace, person, input kind and minute with the sums, written when its minute closes or at flushQueuedEvents; a refused write is reported, not thrown", async () => {
      const { a, b } = tenants;
      const errors: unknown[] = [];
      const onError = (error: unknown) => errors.push(error);
      const runs = async (workspaceId: string) =>
        (await listEvents(store.db, workspaceId, { type: "check.run" })).items.map((e) => [e.personId, e.at.toISOString(), e.data]).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      // A minute that cannot close while the test runs, and one that already has.
      const open = Math.floor(Date.now() / 60_000) * 60_000 + 5 * 60_000;
      const closed = open - 10 * 60_000;
      const run = { input: "text", errors: 1, warnings: 2, suggestions: 0, score: 70, at: new Date(open) } as const;
      countCheckRun(store.db, a.workspaceId, a.creatorId, run, onError);
      countCheckRun(store.db, a.workspaceId, a.creatorId, { ...run, errors: 0, suggestions: 3, score: 90, at: new Date(open + 59_999) }, onError);
      countCheckRun(store.db, a.workspaceId, a.creatorId, { ...run, input: "asset" }, onError);
      countCheckRun(store.db, a.workspaceId, a.adminId, run, onError);
      countCheckRun(store.db, a.workspaceId, a.creatorId, { ...run, at: new Date(open + 60_000) }, onError);
      countCheckRun(store.db, b.workspaceId, b.creatorId, run, onError);
      await delay(50);
      assert.deepEqual(await runs(a.workspaceId), []);

      countCheckRun(store.db, a.workspaceId, a.creatorId, { ...run, at: new Date(closed + 30_000) }, onError);
      countCheckRun(store.db, a.workspaceId, a.creatorId, { ...run, warnings: 0, score: 100, at: new Date(closed) }, onError);
      const closedRow = [a.creatorId, new Date(closed).toISOString(), { input: "text", count: 2, errors: 2, warnings: 2, suggestions: 0, scoreTotal: 170 }];
      for (let i = 0; i < 100 && (await runs(a.workspaceId)).length === 0; i++) await delay(20);
      assert.deepEqual(await runs(a.workspaceId), [closedRow]);

      await flushQueuedEvents(store.db);
      const at = (ms: number) => new Date(ms).toISOString();
      const text = (count: number, errors: number, warnings: number, suggestions: number, scoreTotal: number) => ({ input: "text", count, errors, warnings, suggestions, scoreTotal });
      assert.deepEqual(
        await runs(a.workspaceId),
        [
          closedRow,
          [a.creatorId, at(open), text(2, 1, 4, 3, 160)],
          [a.creatorId, at(open), { ...text(1, 1, 2, 0, 70), input: "asset" }],
          [a.creatorId, at(open + 60_000), text(1, 1, 2, 0, 70)],
          [a.adminId, at(open), text(1, 1, 2, 0, 70)],
        ].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      );
      assert.deepEqual(await runs(b.workspaceId), [[b.creatorId, at(open), text(1, 1, 2, 0, 70)]]);
      assert.equal(errors.length, 0);

      countCheckRun(store.db, a.workspaceId, "7b6c2f55-0e0b-4f9c-9f57-5f0f1d8a2c11", run, onError);
      await flushQueuedEvents(store.db);
      assert.equal(errors.length, 1);
      assert.ok(errors[0] instanceof StoreError);
      assert.match(errors[0].message, /^recording 1 check.run events refers to a row that does not exist in this workspace \(usage_events_person_id_people_id_fk\)/);
      assert.equal((await runs(a.workspaceId)).length, 5);
    });

    test("listAuditPage: newest first by seq, paged by cursor, filtered by entity", async () => {
      const { workspaceId } = tenants.a;
      const everything = await listAudit(store.db, workspaceId, { limit: 1000 });
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await listAuditPage(store.db, workspaceId, { limit: 7, cursor });
        seen.push(...page.items.map((e) => e.seq));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(seen, everything.map((e) => e.seq));
      assert.deepEqual(
        seen,
        [...seen].sort((x, y) => y - x),
      );
      const reviews = await listAuditPage(store.db, workspaceId, { entityType: "review" });
      assert.deepEqual([reviews.items.length, reviews.items.every((e) => e.action === "review.create")], [2, true]);
      await rejectsWith(
        listAuditPage(store.db, workspaceId, { cursor: Buffer.from("[1.5]").toString("base64url") }),
        "invalid_value",
        "cursor: not a cursor this list gave out; pass the nextCursor of the previous page as it was, or leave cursor out for the first page",
      );
    });
  });
}
