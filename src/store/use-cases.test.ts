import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { contentHash } from "../core/engine/content-hash.ts";
import { loadKit } from "../core/engine/load-kit.ts";
import { KitError } from "../core/errors.ts";
import { databaseTargets } from "../../test/support/databases.ts";
import { taglineFile } from "../../test/support/library.ts";
import { demoKitFiles } from "../../test/support/studio.ts";
import { listAudit } from "./audit.ts";
import { saveKitVersion } from "./kit-versions.ts";
import { openStore, type Store } from "./open-store.ts";
import type { Brand, Person, Workspace } from "./schema.ts";
import { StoreError } from "./store-error.ts";
import {
  defaultBrand,
  getUseCase,
  getUseCaseVersion,
  listUseCases,
  listUseCaseVersions,
  removeUseCase,
  saveUseCaseVersion,
  useCasePath,
  useCaseSpecOf,
} from "./use-cases.ts";
import { addPerson, createBrand, createWorkspace } from "./workspaces.ts";

/** A byte-order mark, CRLF and non-ASCII text: stored and read back exactly. */
const FIRST = `\uFEFF${taglineFile("# ünïcode ✓\r\n")}`;

async function rejectsWith(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.deepEqual({ code: error.code, message: error.message }, { code, message });
    return true;
  });
}

for (const target of databaseTargets()) {
  describe(`use cases on ${target.name}`, { skip: target.skip }, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let a: { workspace: Workspace; brand: Brand; maya: Person };
    let b: { workspace: Workspace; brand: Brand };

    before(async () => {
      const fixture = await target.make();
      drop = fixture.drop;
      store = await openStore(fixture.options);
      const tenant = async (name: string) => {
        const workspace = await createWorkspace(store.db, { name });
        const brand = await createBrand(store.db, workspace.id, name, null);
        await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: demoKitFiles() }, null);
        return { workspace, brand };
      };
      const first = await tenant("Fizzwell");
      a = { ...first, maya: await addPerson(store.db, first.workspace.id, { email: "maya@fizzwell.example", name: "Maya", role: "champion" }, null) };
      b = await tenant("Othercorp");
    });
    after(async () => {
      await store?.close();
      await drop?.();
    });

    const auditOf = async (workspaceId: string, since: number) =>
      (await listAudit(store.db, workspaceId, { limit: 1000 })).filter((e) => e.seq > since).map((e) => ({ action: e.action, entityType: e.entityType, before: e.before, after: e.after }));
    const lastSeq = async (workspaceId: string) => (await listAudit(store.db, workspaceId, { limit: 1 }))[0]?.seq ?? 0;

    test("a first save adds the use case to the library with the file exactly as given, its core version, and three audit entries", async () => {
      const since = await lastSeq(a.workspace.id);
      const file = FIRST;
      const saved = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file }, a.maya.id);
      assert.equal(saved.created, true);
      assert.equal(saved.useCaseVersion.file, file);
      assert.equal(saved.useCaseVersion.version, contentHash([file]));
      assert.equal(saved.useCaseVersion.createdBy, a.maya.id);
      assert.deepEqual(
        { useCaseId: saved.useCase.useCaseId, owner: saved.useCase.owner, currentVersionId: saved.useCase.currentVersionId, brandId: saved.useCase.brandId },
        { useCaseId: "tagline", owner: "Maya Chen", currentVersionId: saved.useCaseVersion.id, brandId: a.brand.id },
      );
      const entries = await auditOf(a.workspace.id, since);
      assert.deepEqual(
        entries.map((e) => e.action),
        ["use_case.set_current_version", "use_case_version.create", "use_case.create"],
      );
      assert.deepEqual(entries[0]?.after, { currentVersionId: saved.useCaseVersion.id, version: saved.useCaseVersion.version });
      assert.equal((entries[1]?.after as Record<string, unknown>).useCase, "tagline");
      assert.equal("file" in (entries[1]?.after as Record<string, unknown>), false, "the audit entry does not copy the file");
    });

    test("saving the current content again creates nothing and writes no audit entry", async () => {
      const since = await lastSeq(a.workspace.id);
      const before = await getUseCase(store.db, a.workspace.id, "tagline");
      const saved = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file: FIRST }, a.maya.id);
      assert.equal(saved.created, false);
      assert.equal(saved.useCaseVersion.id, before?.currentVersionId);
      assert.deepEqual(await auditOf(a.workspace.id, since), []);
      assert.equal((await listUseCaseVersions(store.db, a.workspace.id, saved.useCase.id)).length, 1);
    });

    test("new content is a new current version; saving the older content again rolls back to it without a new version", async () => {
      const first = await getUseCase(store.db, a.workspace.id, "tagline");
      const second = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file: taglineFile("# second\n") }, a.maya.id);
      assert.equal(second.created, true);
      assert.notEqual(second.useCaseVersion.id, first?.currentVersionId);
      const since = await lastSeq(a.workspace.id);
      const back = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file: FIRST }, a.maya.id);
      assert.equal(back.created, false);
      assert.equal(back.useCaseVersion.id, first?.currentVersionId);
      assert.equal(back.useCase.currentVersionId, first?.currentVersionId);
      assert.deepEqual(await auditOf(a.workspace.id, since), [
        {
          action: "use_case.set_current_version",
          entityType: "use_case",
          before: { currentVersionId: second.useCaseVersion.id },
          after: { currentVersionId: first?.currentVersionId, version: back.useCaseVersion.version },
        },
      ]);
      const versions = await listUseCaseVersions(store.db, a.workspace.id, back.useCase.id);
      assert.deepEqual(
        versions.map((v) => v.id),
        [second.useCaseVersion.id, first?.currentVersionId],
        "newest first",
      );
    });

    test("a broken file is a KitError with every problem at file:line:column, and nothing is saved", async () => {
      const since = await lastSeq(a.workspace.id);
      const file = taglineFile().replace("    required: true", "    required: sure").replace("    type: number", "    type: numbr");
      await assert.rejects(saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "promo", file }, a.maya.id), (error: unknown) => {
        assert.ok(error instanceof KitError);
        assert.deepEqual(
          error.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`),
          [
            "brand/usecases/promo.yaml:7:15: inputs[0].required must be true or false; found \"sure\"",
            'brand/usecases/promo.yaml:9:11: inputs[1].type must be one of text, number, boolean, list, enum; found "numbr"',
          ],
        );
        return true;
      });
      assert.equal(await getUseCase(store.db, a.workspace.id, "promo"), undefined);
      assert.deepEqual(await auditOf(a.workspace.id, since), []);
    });

    test("a channel the kit does not have is named with its place", async () => {
      const file = taglineFile().replace("channels: [email]", "channels: [emial]");
      await assert.rejects(saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "promo", file }, a.maya.id), (error: unknown) => {
        assert.ok(error instanceof KitError);
        assert.deepEqual(
          error.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`),
          ['brand/usecases/promo.yaml:4:12: channel "emial" is neither a built-in channel nor one of the kit\'s; did you mean "email"?'],
        );
        return true;
      });
    });

    test("an id: that differs from the library id is refused; an id that is not one is invalid_value", async () => {
      await assert.rejects(
        saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "promo", file: `id: other\n${taglineFile()}` }, a.maya.id),
        (error: unknown) => error instanceof KitError && error.diagnostics[0]?.message === 'id "other" differs from the file name promo',
      );
      await rejectsWith(
        saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "../etc", file: taglineFile() }, a.maya.id),
        "invalid_value",
        'useCaseId: "../etc" is not a use case id: use lower-case letters, digits, - and _, starting with a letter (such as promo-email)',
      );
    });

    test("the owner follows the file's owner:, an explicit owner wins, and a change is audited", async () => {
      const since = await lastSeq(a.workspace.id);
      const saved = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file: FIRST, owner: "Priya" }, a.maya.id);
      assert.equal(saved.useCase.owner, "Priya");
      assert.deepEqual(await auditOf(a.workspace.id, since), [{ action: "use_case.update", entityType: "use_case", before: { owner: "Maya Chen" }, after: { owner: "Priya" } }]);
      const back = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "tagline", file: FIRST }, a.maya.id);
      assert.equal(back.useCase.owner, "Maya Chen");
    });

    test("a kit handed in that is not the brand's current version is not trusted: the current one validates", async () => {
      // The demo kit has an in-store-display channel; this kit does not.
      const tiny = loadKit({ "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "name: Tiny\n" }).kit;
      const file = taglineFile().replace("channels: [email]", "channels: [in-store-display]");
      const saved = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "display", file }, a.maya.id, { kit: tiny });
      assert.equal(saved.created, true);
      await removeUseCase(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "display" }, a.maya.id);
    });

    test("listUseCases and getUseCase: the library in id order with current versions; removed ones only when asked", async () => {
      await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "banner", file: taglineFile().replace("name: Tagline", "name: Banner") }, a.maya.id);
      const listed = await listUseCases(store.db, a.workspace.id);
      assert.deepEqual(
        listed.map((u) => [u.useCaseId, u.currentVersion?.id === u.currentVersionId, useCaseSpecOf(u.currentVersion?.file ?? "")?.name]),
        [
          ["banner", true, "Banner"],
          ["tagline", true, "Tagline"],
        ],
      );
      const since = await lastSeq(a.workspace.id);
      const removed = await removeUseCase(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "banner" }, a.maya.id);
      assert.equal(removed.currentVersionId, null);
      assert.deepEqual(
        (await auditOf(a.workspace.id, since)).map((e) => [e.action, e.after]),
        [["use_case.remove", { currentVersionId: null }]],
      );
      await removeUseCase(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "banner" }, a.maya.id);
      assert.equal((await auditOf(a.workspace.id, since)).length, 1, "removing a removed use case changes nothing");
      assert.deepEqual((await listUseCases(store.db, a.workspace.id)).map((u) => u.useCaseId), ["tagline"]);
      assert.deepEqual((await listUseCases(store.db, a.workspace.id, { includeRemoved: true })).map((u) => [u.useCaseId, u.currentVersion]), [
        ["banner", null],
        ["display", null],
        ["tagline", (await getUseCase(store.db, a.workspace.id, "tagline"))?.currentVersion],
      ]);
      const banner = await getUseCase(store.db, a.workspace.id, "banner");
      assert.equal(banner?.currentVersion, null);
      assert.equal((await listUseCaseVersions(store.db, a.workspace.id, banner?.id ?? "")).length, 1, "a removed use case keeps its versions");
      const readded = await saveUseCaseVersion(store.db, a.workspace.id, { brandId: a.brand.id, useCaseId: "banner", file: taglineFile().replace("name: Tagline", "name: Banner") }, a.maya.id);
      assert.equal(readded.created, false);
      assert.equal(readded.useCase.currentVersionId, readded.useCaseVersion.id, "saving it again adds it back");
    });

    test("workspace isolation: another workspace's brand, use cases and versions are not found", async () => {
      const theirs = await saveUseCaseVersion(store.db, b.workspace.id, { brandId: b.brand.id, useCaseId: "theirs", file: taglineFile() }, null);
      await rejectsWith(
        saveUseCaseVersion(store.db, a.workspace.id, { brandId: b.brand.id, useCaseId: "tagline", file: taglineFile() }, a.maya.id),
        "not_found",
        `brandId: there is no brand ${b.brand.id} in this workspace: create the brand first, or pick one of this workspace`,
      );
      assert.equal(await getUseCase(store.db, a.workspace.id, "theirs"), undefined);
      assert.equal(await getUseCase(store.db, a.workspace.id, "theirs", { brandId: b.brand.id }), undefined);
      assert.deepEqual(await listUseCases(store.db, a.workspace.id, { brandId: b.brand.id }), []);
      assert.deepEqual(await listUseCaseVersions(store.db, a.workspace.id, theirs.useCase.id), []);
      assert.equal(await getUseCaseVersion(store.db, a.workspace.id, theirs.useCaseVersion.id), undefined);
      assert.equal((await getUseCaseVersion(store.db, b.workspace.id, theirs.useCaseVersion.id))?.file, taglineFile());
      assert.equal(await getUseCaseVersion(store.db, a.workspace.id, "not-an-id"), undefined);
      await rejectsWith(removeUseCase(store.db, a.workspace.id, { brandId: b.brand.id, useCaseId: "theirs" }, a.maya.id), "not_found", `there is no use case "theirs" in this workspace's library`);
    });

    test("a brand without a kit cannot take a use case: it is checked against the kit", async () => {
      const workspace = await createWorkspace(store.db, { name: "Empty" });
      const brand = await createBrand(store.db, workspace.id, "Empty", null);
      assert.equal((await defaultBrand(store.db, workspace.id))?.id, brand.id);
      await rejectsWith(
        saveUseCaseVersion(store.db, workspace.id, { brandId: brand.id, useCaseId: "tagline", file: taglineFile() }, null),
        "not_found",
        "the brand has no kit yet, and a use case is checked against the kit: save a kit version first (`onbrand import DIR` or POST /api/kit/versions)",
      );
    });

    test("useCasePath puts a use case where the library loader reads it", () => {
      assert.equal(useCasePath("brand", "email"), "brand/usecases/email.yaml");
      assert.equal(useCasePath("", "email"), "usecases/email.yaml");
    });
  });
}
