import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { studioSuite } from "../../../test/support/studio.ts";
import { listAudit } from "../../store/audit.ts";
import { flushQueuedEvents } from "../../store/events.ts";
import { ROLES, type Role } from "../../store/schema.ts";
import { removeUseCase } from "../../store/use-cases.ts";
import { updateWorkspaceSettings } from "../../store/workspaces.ts";

interface Finding {
  rule: string;
  level: string;
  message: string;
  field: string | null;
  line: number;
  column: number;
}
interface Check {
  id: string;
  assetVersion: number;
  kitVersionId: string;
  findings: Finding[];
  counts: { error: number; warning: number; suggestion: number };
  score: number;
}
interface Asset {
  id: string;
  status: string;
  version: number;
  actions: string[];
  title: string | null;
  fields: Record<string, string>;
  channel: string | null;
  kitVersionId: string | null;
  createdBy: string | null;
  parentAssetId: string | null;
  latestCheck?: Check | null;
}
interface Review {
  id: string;
  decision: string;
  reason: string | null;
  override: boolean;
  reviewerId: string;
  dismissedFindings: Finding[];
}
interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface UsageEvent {
  type: string;
  personId: string | null;
  data: Record<string, unknown>;
  at: string;
}

const CLEAN = { subject: "Meet Fizzwell Zero", body: "Zero sugar, all the sparkle." };
const OFF_BRAND = { subject: "Meet Fizzwell Zero", body: "Our soda is the best in the world!" };
const SUPERLATIVE = { rule: "Brand.Claims.superlative", level: "error", field: "body", line: 1, column: 17 };

for (const target of databaseTargets()) {
  describe(`asset workflow, events and audit API on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);

    async function create(as: Role | string, fields: Record<string, string> = CLEAN, extra: Record<string, unknown> = {}): Promise<Asset> {
      const { status, body } = await studio.call<Asset>(as, "POST", "/api/assets", { kind: "master", title: "Zero launch", fields, channel: "email", ...extra });
      assert.equal(status, 201, JSON.stringify(body));
      return body;
    }
    async function step(as: Role, id: string, action: "submit" | "publish"): Promise<Asset> {
      const { status, body } = await studio.call<Asset>(as, "POST", `/api/assets/${id}/${action}`);
      assert.equal(status, 200, JSON.stringify(body));
      return body;
    }
    async function review(as: Role, id: string, input: Record<string, unknown>): Promise<{ asset: Asset; review: Review }> {
      const { status, body } = await studio.call<{ asset: Asset; review: Review }>(as, "POST", `/api/assets/${id}/reviews`, input);
      assert.equal(status, 201, JSON.stringify(body));
      return body;
    }
    /** An asset created by the creator and submitted. */
    async function inReview(fields: Record<string, string> = CLEAN): Promise<Asset> {
      return step("creator", (await create("creator", fields)).id, "submit");
    }
    /** [action, status before, status after, actor] of an asset's audit entries, oldest first. */
    async function statusTrail(id: string): Promise<[string, unknown, unknown, string | null][]> {
      const entries = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "asset", entityId: id });
      return entries.reverse().map((e) => [e.action, e.before?.["status"] ?? null, e.after?.["status"], e.actorId]);
    }
    const person = (role: Role) => studio.a.people[role].id;
    const error = (status: number, code: string, message: string, details: { path: string; message: string }[] = []) => ({ status, body: { error: { code, message, details } } });
    const pick = (f: Finding) => ({ rule: f.rule, level: f.level, field: f.field, line: f.line, column: f.column });

    test("the whole workflow: create (checked at once), submit, request changes, edit (re-checked), submit, approve, publish; every step audited", async () => {
      const created = await create("creator");
      assert.deepEqual(
        [created.status, created.version, created.actions, created.title, created.createdBy, created.kitVersionId],
        ["checked", 2, ["edit", "submit"], "Zero launch", person("creator"), studio.a.kitVersion.id],
      );
      // The stored check is what the stateless check says of the same copy.
      const stateless = await studio.call<{ findings: Finding[]; score: number; counts: Check["counts"] }>("creator", "POST", "/api/check", { asset: { channel: "email", fields: CLEAN } });
      const firstCheck = created.latestCheck as Check;
      assert.deepEqual(
        [firstCheck.findings, firstCheck.score, firstCheck.counts, firstCheck.assetVersion, firstCheck.kitVersionId],
        [stateless.body.findings, stateless.body.score, stateless.body.counts, 2, studio.a.kitVersion.id],
      );
      const id = created.id;

      assert.deepEqual(pickStatus(await step("creator", id, "submit")), ["in_review", 3, ["edit", "approve", "reject", "request_changes"]]);
      const changes = await review("reviewer", id, { decision: "request_changes", reason: "Say which drink in the subject" });
      assert.deepEqual(pickStatus(changes.asset), ["changes_requested", 4, ["edit"]]);
      assert.deepEqual(
        [changes.review.decision, changes.review.reason, changes.review.override, changes.review.reviewerId, changes.review.dismissedFindings],
        ["request_changes", "Say which drink in the subject", false, person("reviewer"), []],
      );

      const edited = await studio.call<Asset>("creator", "PATCH", `/api/assets/${id}`, { version: 4, fields: OFF_BRAND, title: "Zero launch v2" });
      assert.equal(edited.status, 200);
      assert.deepEqual([...pickStatus(edited.body), edited.body.title, edited.body.fields], ["checked", 5, ["edit", "submit"], "Zero launch v2", OFF_BRAND]);
      const recheck = edited.body.latestCheck as Check;
      assert.notEqual(recheck.id, firstCheck.id);
      assert.deepEqual([recheck.assetVersion, recheck.counts], [5, { error: 1, warning: 1, suggestion: 0 }]);

      const checks = await studio.call<{ items: Check[] }>("viewer", "GET", `/api/assets/${id}/checks`);
      assert.deepEqual(checks.body.items.map((c) => [c.id, c.assetVersion]), [[recheck.id, 5], [firstCheck.id, 2]]);

      await step("creator", id, "submit");
      const approved = await review("reviewer", id, { decision: "approve", override: true, reason: "Legal cleared the claim" });
      assert.deepEqual(pickStatus(approved.asset), ["approved", 7, ["edit", "publish"]]);
      assert.deepEqual(pickStatus(await step("reviewer", id, "publish")), ["published", 8, []]);

      const read = await studio.call<Asset>("viewer", "GET", `/api/assets/${id}`);
      assert.deepEqual([read.status, read.body.status, read.body.latestCheck?.id], [200, "published", recheck.id]);
      const reviews = await studio.call<{ items: Review[] }>("viewer", "GET", `/api/assets/${id}/reviews`);
      assert.deepEqual(reviews.body.items.map((r) => r.id), [approved.review.id, changes.review.id]);

      const creator = person("creator");
      const reviewer = person("reviewer");
      assert.deepEqual(await statusTrail(id), [
        ["asset.create", null, "draft", creator],
        ["asset.update", "draft", "checked", creator],
        ["asset.update", "checked", "in_review", creator],
        ["asset.update", "in_review", "changes_requested", reviewer],
        ["asset.update", "changes_requested", "checked", creator],
        ["asset.update", "checked", "in_review", creator],
        ["asset.update", "in_review", "approved", reviewer],
        ["asset.update", "approved", "published", reviewer],
      ]);
      // Each check and review is written right after the step that made it, in its transaction.
      const all = (await listAudit(studio.store.db, studio.a.workspace.id, { limit: 1000 })).reverse();
      const mine = all.filter((e) => e.entityId === id || e.after?.["assetId"] === id).map((e) => e.action);
      assert.deepEqual(mine, [
        "asset.create",
        "asset.update",
        "check.create",
        "asset.update",
        "asset.update",
        "review.create",
        "asset.update",
        "check.create",
        "asset.update",
        "asset.update",
        "review.create",
        "asset.update",
      ]);

      const events = await studio.call<Page<UsageEvent>>("viewer", "GET", "/api/events?limit=200");
      const trail = events.body.items.filter((e) => e.data["assetId"] === id).reverse();
      assert.deepEqual(
        trail.map((e) => [e.type, e.personId]),
        [
          ["asset.created", creator],
          ["asset.checked", creator],
          ["asset.submitted", creator],
          ["review.request_changes", reviewer],
          ["asset.checked", creator],
          ["asset.submitted", creator],
          ["review.approve", reviewer],
          ["asset.published", reviewer],
        ],
      );
      assert.deepEqual(trail[4]?.data, { assetId: id, assetVersion: 5, trigger: "edit", errors: 1, warnings: 1, suggestions: 0, score: 74 });
      assert.deepEqual(trail[6]?.data, { assetId: id, reviewId: approved.review.id, override: true, dismissed: 0, errors: 1 });
    });

    test("approving over error-level findings: 409 listing them, then override with a reason (recorded), or dismissing them", async () => {
      const asset = await inReview(OFF_BRAND);
      const key = "Brand.Claims.superlative@body:1:17";
      const refused = `asset ${asset.id} has 1 error-level finding in its latest check: fix the asset, dismiss false positives (dismissedFindings), or approve with override: true and a reason`;
      assert.deepEqual(
        await studio.call("reviewer", "POST", `/api/assets/${asset.id}/reviews`, { decision: "approve" }),
        error(409, "override_required", refused, [{ path: "findings[1]", message: `${key}: We can't prove a superlative. Describe the taste instead.` }]),
      );
      // Dismissing the warning does not help; the error remains.
      assert.equal((await studio.call("reviewer", "POST", `/api/assets/${asset.id}/reviews`, { decision: "approve", dismissedFindings: [0] })).status, 409);
      assert.deepEqual(
        await studio.call("reviewer", "POST", `/api/assets/${asset.id}/reviews`, { decision: "approve", override: true, reason: "  " }),
        error(400, "validation_failed", "approving over error-level findings needs a reason: say why they are acceptable", [
          { path: "reason", message: "required with override; say why the findings are acceptable" },
        ]),
      );
      assert.deepEqual(
        await studio.call("reviewer", "POST", `/api/assets/${asset.id}/reviews`, { decision: "approve", dismissedFindings: [2, "Brand.Terms@body:9:9", 0] }),
        error(400, "validation_failed", "some dismissed findings are not in the asset's latest check: see details", [
          { path: "dismissedFindings[0]", message: "no finding 2 in the asset's latest check (its findings are 0 to 1); use an index or a key (rule@field:line:column) of that check" },
          { path: "dismissedFindings[1]", message: 'no finding "Brand.Terms@body:9:9" in the asset\'s latest check (its findings are 0 to 1); use an index or a key (rule@field:line:column) of that check' },
        ]),
      );
      // Nothing was written by the refusals.
      assert.deepEqual((await studio.call<{ items: Review[] }>("viewer", "GET", `/api/assets/${asset.id}/reviews`)).body.items, []);

      const overridden = await review("reviewer", asset.id, { decision: "approve", override: true, reason: "Legal cleared the claim", dismissedFindings: [0] });
      assert.deepEqual(
        [overridden.asset.status, overridden.review.override, overridden.review.reason, overridden.review.dismissedFindings.map(pick)],
        ["approved", true, "Legal cleared the claim", [{ rule: "Brand.Terms", level: "warning", field: "body", line: 1, column: 5 }]],
      );
      const [row] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "review", entityId: overridden.review.id });
      assert.deepEqual([row?.after?.["override"], row?.after?.["reason"]], [true, "Legal cleared the claim"]);

      // Dismissing the error as a false positive (by key) approves without an override.
      const other = await inReview(OFF_BRAND);
      const dismissed = await review("reviewer", other.id, { decision: "approve", dismissedFindings: [key] });
      assert.deepEqual([dismissed.asset.status, dismissed.review.override, dismissed.review.dismissedFindings.map(pick)], ["approved", false, [SUPERLATIVE]]);
    });

    test("reject and request_changes need a reason; with one they move the asset", async () => {
      const asset = await inReview();
      for (const [decision, verb] of [["reject", "reject"], ["request_changes", "request changes"]]) {
        assert.deepEqual(
          await studio.call("reviewer", "POST", `/api/assets/${asset.id}/reviews`, { decision }),
          error(400, "validation_failed", `a reason is required to ${verb}: say what is wrong`, [{ path: "reason", message: "required for this decision; say what is wrong so the creator can fix it" }]),
        );
      }
      const rejected = await review("reviewer", asset.id, { decision: "reject", reason: "Not our voice" });
      assert.deepEqual(pickStatus(rejected.asset), ["rejected", 4, ["edit"]]);
      assert.deepEqual(await statusTrail(asset.id).then((t) => t.at(-1)), ["asset.update", "in_review", "rejected", person("reviewer")]);
    });

    test("a creator cannot review their own asset, unless the workspace setting allowSelfApproval is on", async () => {
      const asset = await step("champion", (await create("champion")).id, "submit");
      assert.deepEqual(
        await studio.call("champion", "POST", `/api/assets/${asset.id}/reviews`, { decision: "approve" }),
        error(
          403,
          "forbidden",
          `you created asset ${asset.id}, and this workspace does not let people review their own assets: ask another reviewer, or ask an admin to turn on the workspace setting allowSelfApproval`,
        ),
      );
      const { db } = studio.store;
      await updateWorkspaceSettings(db, studio.a.workspace.id, { allowSelfApproval: true }, person("admin"));
      try {
        const approved = await review("champion", asset.id, { decision: "approve" });
        assert.deepEqual([approved.asset.status, approved.review.reviewerId], ["approved", person("champion")]);
      } finally {
        await updateWorkspaceSettings(db, studio.a.workspace.id, { allowSelfApproval: null }, person("admin"));
      }
    });

    test("edits: a stale version is a 409 naming both versions; any reviewed status goes back to checked with a new check; published is final", async () => {
      const asset = await create("creator");
      const stale = await studio.call("creator", "PATCH", `/api/assets/${asset.id}`, { version: 1, title: "Old" });
      assert.deepEqual(
        stale,
        error(409, "conflict", `asset ${asset.id} was changed by someone else (it is at version 2, the edit was made to version 1): reload it and edit again`),
      );

      await step("creator", asset.id, "submit");
      const approved = await review("reviewer", asset.id, { decision: "approve" });
      const edited = await studio.call<Asset>("admin", "PATCH", `/api/assets/${asset.id}`, { version: approved.asset.version, fields: OFF_BRAND });
      assert.deepEqual([edited.status, ...pickStatus(edited.body), edited.body.latestCheck?.counts.error], [200, "checked", 5, ["edit", "submit"], 1]);
      assert.deepEqual((await statusTrail(asset.id)).at(-1), ["asset.update", "approved", "checked", person("admin")]);
      assert.equal((await studio.call<{ items: Check[] }>("viewer", "GET", `/api/assets/${asset.id}/checks`)).body.items.length, 2);

      // Edited while in review: back to checked, out of the reviewer's queue.
      await step("creator", asset.id, "submit");
      const recalled = await studio.call<Asset>("creator", "PATCH", `/api/assets/${asset.id}`, { version: 6, fields: CLEAN });
      assert.deepEqual([recalled.body.status, recalled.body.latestCheck?.counts.error], ["checked", 0]);

      await step("creator", asset.id, "submit");
      await review("reviewer", asset.id, { decision: "approve" });
      const published = await step("reviewer", asset.id, "publish");
      assert.deepEqual(
        await studio.call("creator", "PATCH", `/api/assets/${asset.id}`, { version: published.version, title: "Later" }),
        error(
          409,
          "invalid_transition",
          `asset ${asset.id} is published: a published asset cannot be edited; create a new asset, or a variant of it (POST /api/assets with kind "variant" and parentAssetId)`,
        ),
      );
      // The way forward: a variant of the published master.
      const variant = await create("creator", CLEAN, { kind: "variant", parentAssetId: asset.id });
      assert.deepEqual([variant.status, variant.parentAssetId], ["checked", asset.id]);
    });

    test("a step from the wrong status is a 409 invalid_transition naming the status and the allowed actions", async () => {
      const checked = await create("creator");
      assert.deepEqual(
        await studio.call("reviewer", "POST", `/api/assets/${checked.id}/publish`),
        error(409, "invalid_transition", `asset ${checked.id} is checked: it cannot be published; allowed now: edit, submit`),
      );
      assert.deepEqual(
        await studio.call("reviewer", "POST", `/api/assets/${checked.id}/reviews`, { decision: "reject", reason: "No" }),
        error(409, "invalid_transition", `asset ${checked.id} is checked: it cannot be rejected; allowed now: edit, submit`),
      );
      await step("creator", checked.id, "submit");
      assert.deepEqual(
        await studio.call("creator", "POST", `/api/assets/${checked.id}/submit`),
        error(409, "invalid_transition", `asset ${checked.id} is in_review: it cannot be submitted for review; allowed now: edit, approve, reject, request_changes`),
      );
      // A step names the version it saw: a change since is a conflict.
      assert.deepEqual(
        await studio.call("reviewer", "POST", `/api/assets/${checked.id}/reviews`, { decision: "approve", version: 2 }),
        error(409, "conflict", `asset ${checked.id} was changed by someone else (it is at version 3, the edit was made to version 2): reload it and edit again`),
      );
      assert.deepEqual((await statusTrail(checked.id)).map((t) => t[2]), ["draft", "checked", "in_review"]);
    });

    test("create and edit validate every field: kind, title, fields, an unknown channel with the closest one, unknown keys", async () => {
      assert.deepEqual(await studio.call("creator", "POST", "/api/assets", { kind: "poster", title: "", fields: {}, chanel: "email" }), {
        status: 400,
        body: {
          error: {
            code: "validation_failed",
            message: "the request has 4 invalid fields: see details",
            details: [
              { path: "kind", message: 'must be one of master, variant; found "poster"; did you mean "master"?' },
              { path: "title", message: "must not be empty" },
              { path: "fields", message: 'must have at least one field, e.g. {"headline": "..."}' },
              { path: "chanel", message: 'unknown key; did you mean "channel"?' },
            ],
          },
        },
      });
      const unknownChannel = await studio.call<ErrorBody>("creator", "POST", "/api/assets", { kind: "master", title: "T", fields: CLEAN, channel: "e-mail" });
      assert.equal(unknownChannel.status, 400);
      assert.equal(unknownChannel.body.error.code, "validation_failed");
      assert.deepEqual(unknownChannel.body.error.details.map((d) => d.path), ["channel"]);
      assert.match(unknownChannel.body.error.details[0]?.message ?? "", /^unknown channel "e-mail" \(the asset's channel\); did you mean "email"\?/);

      const asset = await create("creator");
      assert.deepEqual((await studio.call<ErrorBody>("creator", "PATCH", `/api/assets/${asset.id}`, { version: 2 })).body.error.details, [
        { path: "", message: "send at least one of title, fields, channel, locale, audience, region" },
      ]);
      assert.deepEqual((await studio.call<ErrorBody>("creator", "PATCH", `/api/assets/${asset.id}`, { title: "T", status: "approved" })).body.error.details, [
        { path: "version", message: "missing; send a number" },
        { path: "status", message: "unknown key; the keys here are version, title, fields, channel, locale, audience, region" },
      ]);
      assert.deepEqual((await studio.call<ErrorBody>("reviewer", "POST", `/api/assets/${asset.id}/reviews`, { decision: "approved" })).body.error.details, [
        { path: "decision", message: 'must be one of approve, reject, request_changes; found "approved"; did you mean "approve"?' },
      ]);
    });

    test("an asset made from a use case is checked with the use case's output rules too, on create and on edit", async () => {
      const file = ["name: Launch email", "asset_type: email", "channels: [email]", "output:", "  fields:", "    - name: subject", "    - name: body", "      max_words: 6", "    - name: cta", "instructions: Write a launch email."].join("\n");
      const saved = await studio.call("champion", "POST", "/api/use-cases/launch-email/versions", { file });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const library = await studio.call<{ items: { id: string; rowId: string }[] }>("viewer", "GET", "/api/use-cases");
      const useCaseId = library.body.items.find((u) => u.id === "launch-email")?.rowId;
      const fields = { subject: "Meet Fizzwell Zero", body: "Zero sugar and all the sparkle, in every single can.", teaser: "Soon." };
      const asset = await create("creator", fields, { useCaseId });
      const latest = asset.latestCheck as Check;
      assert.deepEqual(
        latest.findings.map((f) => ({ ...pick(f), message: f.message })),
        [
          // The first word over the limit: "in", the seventh.
          { rule: "Output.Length", level: "error", field: "body", line: 1, column: 33, message: "body is 10 words; the use case's limit is 6 words (cut 4)" },
          { rule: "Output.Missing", level: "error", field: "cta", line: 1, column: 1, message: "cta is missing; the use case requires it" },
          { rule: "Output.Unknown", level: "warning", field: "teaser", line: 1, column: 1, message: "teaser is not a field of the use case; its fields are subject, body, cta" },
        ],
      );
      assert.deepEqual(latest.counts, { error: 2, warning: 1, suggestion: 0 });
      const edited = await studio.call<Asset>("creator", "PATCH", `/api/assets/${asset.id}`, { version: asset.version, fields: { subject: fields.subject, body: "Zero sugar, all the sparkle.", cta: "Find a shop" } });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.deepEqual(edited.body.latestCheck?.findings, []);
      assert.equal(edited.body.latestCheck?.score, 100);

      // Once the use case leaves the library, the asset is checked with the kit's rules alone.
      await removeUseCase(studio.store.db, studio.a.workspace.id, { brandId: studio.a.brand.id, useCaseId: "launch-email" }, studio.a.people.champion.id);
      const orphan = await studio.call<Asset>("creator", "PATCH", `/api/assets/${asset.id}`, { version: edited.body.version, fields });
      assert.equal(orphan.status, 200, JSON.stringify(orphan.body));
      assert.deepEqual(orphan.body.latestCheck?.findings, []);
    });

    test("references of another workspace are a 404 naming the field", async () => {
      const theirs = await create(studio.b.tokens.creator);
      assert.deepEqual(
        await studio.call("creator", "POST", "/api/assets", { kind: "variant", title: "T", fields: CLEAN, parentAssetId: theirs.id }),
        error(404, "not_found", `parentAssetId: there is no asset ${theirs.id} in this workspace: pick one of this workspace`),
      );
      assert.deepEqual(
        await studio.call("creator", "POST", "/api/assets", { kind: "master", title: "T", fields: CLEAN, useCaseId: theirs.id }),
        error(404, "not_found", `useCaseId: there is no use case ${theirs.id} in this workspace: pick one of this workspace`),
      );
    });

    test("GET /api/assets: filters and cursor pages, newest first; a bad filter is a 400", async () => {
      const master = await create("admin");
      const variants: Asset[] = [];
      for (let i = 0; i < 3; i++) variants.push(await create("admin", CLEAN, { kind: "variant", parentAssetId: master.id, channel: i === 1 ? "sms" : "email" }));
      const first = await studio.call<Page<Asset>>("viewer", "GET", `/api/assets?parentAssetId=${master.id}&limit=2`);
      assert.deepEqual([first.status, first.body.items.map((x) => x.id)], [200, [variants[2]?.id, variants[1]?.id]]);
      const second = await studio.call<Page<Asset>>("viewer", "GET", `/api/assets?parentAssetId=${master.id}&limit=2&cursor=${first.body.nextCursor}`);
      assert.deepEqual([second.body.items.map((x) => x.id), second.body.nextCursor], [[variants[0]?.id], null]);
      const sms = await studio.call<Page<Asset>>("viewer", "GET", `/api/assets?parentAssetId=${master.id}&channel=sms&kind=variant&status=checked&createdBy=${person("admin")}`);
      assert.deepEqual(sms.body.items.map((x) => x.id), [variants[1]?.id]);
      assert.deepEqual((await studio.call<Page<Asset>>(studio.b.tokens.viewer, "GET", `/api/assets?parentAssetId=${master.id}`)).body.items, []);

      assert.deepEqual((await studio.call<ErrorBody>("viewer", "GET", "/api/assets?status=done&limit=500&parent=x")).body.error.details, [
        { path: "status", message: 'must be one of draft, checked, in_review, approved, rejected, changes_requested, published; found "done"' },
        { path: "limit", message: "must be from 1 to 200" },
        { path: "parent", message: 'unknown key; did you mean "parentAssetId"?' },
      ]);
      assert.deepEqual(
        await studio.call("viewer", "GET", "/api/assets?cursor=garbage"),
        error(400, "invalid_value", "cursor: not a cursor this list gave out; pass the nextCursor of the previous page as it was, or leave cursor out for the first page"),
      );
    });

    test("every write route is a 403 for the roles without its permission, before anything is read; the others pass that check", async () => {
      const asset = await inReview();
      const missing = "7b6c2f55-0e0b-4f9c-9f57-5f0f1d8a2c11";
      const routes: [method: string, path: (id: string) => string, body: unknown, forbidden: Role[]][] = [
        ["POST", () => "/api/assets", { kind: "master", title: "T", fields: CLEAN }, ["reviewer", "viewer"]],
        ["PATCH", (id) => `/api/assets/${id}`, { version: 3, title: "T" }, ["reviewer", "viewer"]],
        ["POST", (id) => `/api/assets/${id}/submit`, undefined, ["reviewer", "viewer"]],
        ["POST", (id) => `/api/assets/${id}/reviews`, { decision: "approve" }, ["creator", "viewer"]],
        ["POST", (id) => `/api/assets/${id}/publish`, undefined, ["creator", "viewer"]],
        ["GET", () => "/api/audit", undefined, ["creator", "reviewer", "viewer"]],
      ];
      for (const [method, path, body, forbidden] of routes) {
        for (const role of ROLES) {
          if (forbidden.includes(role)) {
            // The same answer for an existing and a missing id: a 403 reveals nothing.
            for (const id of [asset.id, missing]) {
              const answer = await studio.call<ErrorBody>(role, method, path(id), body);
              assert.equal(answer.status, 403, `${role} ${method} ${path(id)}`);
              assert.equal(answer.body.error.code, "forbidden");
              assert.match(answer.body.error.message, new RegExp(`^your role \\(${role}\\) cannot do this; it needs one of: `));
            }
          } else {
            const answer = await studio.call(role, method, path(missing), body);
            assert.ok([200, 201, 404].includes(answer.status), `${role} ${method} ${path(missing)}: ${JSON.stringify(answer.body)}`);
          }
        }
      }
      assert.deepEqual((await studio.call<Asset>("viewer", "GET", `/api/assets/${asset.id}`)).body.status, "in_review");
    });

    test("workspace B's asset ids are a 404 on every asset route, as a missing id is", async () => {
      const id = (await create(studio.b.tokens.creator)).id;
      const routes: [Role, string, string, unknown][] = [
        ["viewer", "GET", `/api/assets/${id}`, undefined],
        ["viewer", "GET", `/api/assets/${id}/reviews`, undefined],
        ["viewer", "GET", `/api/assets/${id}/checks`, undefined],
        ["creator", "PATCH", `/api/assets/${id}`, { version: 2, title: "Mine now" }],
        ["creator", "POST", `/api/assets/${id}/submit`, undefined],
        ["reviewer", "POST", `/api/assets/${id}/reviews`, { decision: "approve" }],
        ["reviewer", "POST", `/api/assets/${id}/publish`, undefined],
      ];
      for (const [role, method, path, body] of routes) {
        const theirsAnswer = await studio.call<ErrorBody>(role, method, path, body);
        assert.deepEqual(
          [theirsAnswer.status, theirsAnswer.body.error.code, theirsAnswer.body.error.message],
          [404, "not_found", `there is no asset ${id} in this workspace`],
          `${method} ${path}`,
        );
      }
      const still = await studio.call<Asset>(studio.b.tokens.viewer, "GET", `/api/assets/${id}`);
      assert.deepEqual([still.body.status, still.body.version, still.body.title], ["checked", 2, "Zero launch"]);
    });

    test("GET /api/events: every role reads them, by type and time, paged; POST /api/check records check.run", async () => {
      await studio.call("viewer", "POST", "/api/check", { text: "Our soda is the best in the world!" });
      await studio.call("creator", "POST", "/api/check", { text: "Fizzwell soda." });
      // check.run is counted per person and minute and written when the minute closes; write it now.
      await flushQueuedEvents(studio.store.db);
      for (const role of ROLES) assert.equal((await studio.call(role, "GET", "/api/events?limit=1")).status, 200);
      const runs = await studio.call<Page<UsageEvent>>("admin", "GET", "/api/events?type=check.run");
      // One row per person, input kind and minute, at the minute's start (the asset check is the first test's).
      const byText = (x: unknown[], y: unknown[]) => JSON.stringify(x).localeCompare(JSON.stringify(y));
      assert.deepEqual(
        runs.body.items.map((e) => [e.type, e.personId, e.data, new Date(e.at).getTime() % 60_000]).sort(byText),
        [
          ["check.run", person("viewer"), { input: "text", count: 1, errors: 1, warnings: 1, suggestions: 0, scoreTotal: 74 }, 0],
          ["check.run", person("creator"), { input: "text", count: 1, errors: 0, warnings: 1, suggestions: 0, scoreTotal: 94 }, 0],
          ["check.run", person("creator"), { input: "asset", count: 1, errors: 0, warnings: 0, suggestions: 0, scoreTotal: 100 }, 0],
        ].sort(byText),
      );
      const future = await studio.call<Page<UsageEvent>>("viewer", "GET", "/api/events?since=2999-01-01T00:00:00Z");
      assert.deepEqual(future.body, { items: [], nextCursor: null });
      const past = await studio.call<Page<UsageEvent>>("viewer", "GET", "/api/events?until=2000-01-01T00:00:00%2B02:00");
      assert.deepEqual(past.body, { items: [], nextCursor: null });
      const one = await studio.call<Page<UsageEvent>>("viewer", "GET", "/api/events?limit=1");
      const next = await studio.call<Page<UsageEvent>>("viewer", "GET", `/api/events?limit=1&cursor=${one.body.nextCursor}`);
      const two = await studio.call<Page<UsageEvent>>("viewer", "GET", "/api/events?limit=2");
      assert.deepEqual([...one.body.items, ...next.body.items], two.body.items);
      assert.deepEqual((await studio.call<Page<UsageEvent>>(studio.b.tokens.viewer, "GET", "/api/events?type=check.run")).body.items, []);
      assert.deepEqual((await studio.call<ErrorBody>("viewer", "GET", "/api/events?since=yesterday")).body.error.details, [
        { path: "since", message: "must be an ISO 8601 date and time, e.g. 2026-01-05T00:00:00Z" },
      ]);
    });

    test("GET /api/audit: admins and champions read the log newest first, by entity, paged; only their workspace's", async () => {
      const asset = await create("creator");
      const entries = await studio.call<Page<{ action: string; entityId: string; actorId: string; before: Record<string, unknown> | null; after: Record<string, unknown> }>>(
        "champion",
        "GET",
        `/api/audit?entityType=asset&entityId=${asset.id}`,
      );
      assert.deepEqual(
        entries.body.items.map((e) => [e.action, e.before?.["status"] ?? null, e.after["status"], e.actorId]),
        [
          ["asset.update", "draft", "checked", person("creator")],
          ["asset.create", null, "draft", person("creator")],
        ],
      );
      const first = await studio.call<Page<{ seq: number }>>("admin", "GET", "/api/audit?limit=3");
      const second = await studio.call<Page<{ seq: number }>>("admin", "GET", `/api/audit?limit=3&cursor=${first.body.nextCursor}`);
      const seqs = [...first.body.items, ...second.body.items].map((e) => e.seq);
      assert.deepEqual(seqs, [...seqs].sort((x, y) => y - x));
      assert.equal(new Set(seqs).size, 6);
      assert.deepEqual((await studio.call<Page<unknown>>(studio.b.tokens.admin, "GET", `/api/audit?entityId=${asset.id}`)).body, { items: [], nextCursor: null });
    });

    test("the OpenAPI document describes the asset, event and audit routes", async () => {
      const doc = (await studio.call<{ paths: Record<string, Record<string, unknown>> }>(null, "GET", "/api/openapi.json")).body;
      const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      for (const route of [
        "GET /api/assets",
        "POST /api/assets",
        "GET /api/assets/{id}",
        "PATCH /api/assets/{id}",
        "POST /api/assets/{id}/submit",
        "POST /api/assets/{id}/reviews",
        "GET /api/assets/{id}/reviews",
        "GET /api/assets/{id}/checks",
        "POST /api/assets/{id}/publish",
        "GET /api/events",
        "GET /api/audit",
      ]) {
        assert.ok(routes.includes(route), route);
      }
    });
  });
}

function pickStatus(asset: Asset): [string, number, string[]] {
  return [asset.status, asset.version, asset.actions];
}
