import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { loadKit } from "../core/engine/load-kit.ts";
import { sqlState } from "./store-error.ts";
import {
  addPerson,
  createAsset,
  createBrand,
  createWorkspace,
  getAsset,
  kitVersionOf,
  knownMigrations,
  listAudit,
  listKitVersions,
  openStore,
  saveKitVersion,
  StoreError,
  updateAsset,
  type Store,
} from "./index.ts";
import { rows } from "./open-store.ts";
import { type DatabaseFixture, pgliteFixture, postgresFixture } from "../../test/support/databases.ts";

const TABLES = [
  "api_tokens",
  "assets",
  "audit_log",
  "brands",
  "briefs",
  "checks",
  "generation_runs",
  "invites",
  "jobs",
  "kit_versions",
  "login_attempts",
  "people",
  "reviews",
  "sessions",
  "usage_events",
  "use_case_versions",
  "use_cases",
  "workspaces",
];

async function rejectsWith(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
    return true;
  });
}

function contractSuite(name: string, makeFixture: () => Promise<DatabaseFixture>, skip: string | false = false): void {
  describe(`store contract: ${name}`, { skip }, () => {
    let fixture: DatabaseFixture;
    let store: Store;
    let open = false;

    before(async () => {
      fixture = await makeFixture();
      store = await openStore(fixture.options);
      open = true;
    });
    after(async () => {
      if (open) await store.close();
      await fixture?.drop();
    });

    /** A workspace with one admin and one brand, so each test starts from its own data. */
    async function seed(label: string) {
      const workspace = await createWorkspace(store.db, { name: label });
      const admin = await addPerson(store.db, workspace.id, { email: ` Admin@${label}.example `, name: "Admin", role: "admin" }, null);
      const brand = await createBrand(store.db, workspace.id, label, admin.id);
      return { workspace, admin, brand };
    }

    test("migrations from empty: every migration is recorded and every table exists", async () => {
      const applied = rows<{ created_at: string }>(await store.db.execute(sql`select created_at from drizzle.__drizzle_migrations order by id`));
      assert.deepEqual(
        applied.map((r) => Number(r.created_at)),
        knownMigrations().map((m) => m.when),
      );
      assert.deepEqual(
        knownMigrations().map((m) => m.tag),
        ["0000_init", "0001_audit-log-append-only", "0002_studio", "0003_asset-list-index", "0004_asset-list-index-order"],
      );
      const tables = rows<{ table_name: string }>(
        await store.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`),
      );
      assert.deepEqual(
        tables.map((t) => t.table_name),
        TABLES,
      );
    });

    test("kit versions: the same files are one version, named by the kit's content hash", async () => {
      const { workspace, admin, brand } = await seed("kits");
      const files = { "brand/brand.yaml": "terms:\n  avoid: [synergy]\n", "onbrand.yaml": "kit: brand\n" };
      const first = await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files }, admin.id);
      assert.equal(first.created, true);
      assert.equal(first.kitVersion.version, kitVersionOf(files));
      assert.deepEqual(first.kitVersion.files, files);
      assert.equal(first.kitVersion.createdBy, admin.id);

      const reordered = { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "terms:\n  avoid: [synergy]\n" };
      const again = await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: reordered }, admin.id);
      assert.equal(again.created, false);
      assert.equal(again.kitVersion.id, first.kitVersion.id);

      const changed = await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: { ...files, "onbrand.yaml": "kit: brand\nmin_level: warning\n" } }, admin.id);
      assert.equal(changed.created, true);
      assert.notEqual(changed.kitVersion.version, first.kitVersion.version);

      const versions = await listKitVersions(store.db, workspace.id, brand.id);
      assert.deepEqual(
        versions.map((v) => v.id),
        [changed.kitVersion.id, first.kitVersion.id],
      );
      const audit = await listAudit(store.db, workspace.id, { entityType: "kit_version" });
      assert.deepEqual(
        audit.map((a) => [a.action, a.entityId, a.after?.["version"], a.after?.["paths"]]),
        [
          ["kit_version.create", changed.kitVersion.id, changed.kitVersion.version, ["brand/brand.yaml", "onbrand.yaml"]],
          ["kit_version.create", first.kitVersion.id, first.kitVersion.version, ["brand/brand.yaml", "onbrand.yaml"]],
        ],
      );
    });

    test("workspace isolation: workspace B cannot read, change or reference workspace A's rows", async () => {
      const a = await seed("isolation-a");
      const b = await seed("isolation-b");
      const kitA = await saveKitVersion(store.db, a.workspace.id, { brandId: a.brand.id, files: { "brand/brand.yaml": "name: A\n" } }, a.admin.id);
      const asset = await createAsset(store.db, a.workspace.id, { kind: "master", fields: { body: "A's copy" }, kitVersionId: kitA.kitVersion.id }, a.admin.id);

      assert.equal((await getAsset(store.db, a.workspace.id, asset.id))?.id, asset.id);
      assert.equal(await getAsset(store.db, b.workspace.id, asset.id), undefined);
      assert.equal(await getAsset(store.db, b.workspace.id, "not-a-uuid"), undefined);
      await rejectsWith(updateAsset(store.db, b.workspace.id, asset.id, 1, { status: "approved" }, b.admin.id), "not_found", `there is no asset ${asset.id} in this workspace`);
      assert.equal((await getAsset(store.db, a.workspace.id, asset.id))?.status, "draft");

      await rejectsWith(
        createAsset(store.db, b.workspace.id, { kind: "variant", fields: { body: "B" }, parentAssetId: asset.id }, b.admin.id),
        "not_found",
        `parentAssetId: there is no asset ${asset.id} in this workspace: pick one of this workspace`,
      );
      await rejectsWith(
        createAsset(store.db, b.workspace.id, { kind: "master", fields: { body: "B" }, kitVersionId: kitA.kitVersion.id }, b.admin.id),
        "not_found",
        `kitVersionId: there is no kit version ${kitA.kitVersion.id} in this workspace: pick one of this workspace`,
      );
      await rejectsWith(
        saveKitVersion(store.db, b.workspace.id, { brandId: a.brand.id, files: { "brand/brand.yaml": "name: B\n" } }, b.admin.id),
        "not_found",
        `brandId: there is no brand ${a.brand.id} in this workspace: create the brand first, or pick one of this workspace`,
      );
      assert.deepEqual(await listKitVersions(store.db, b.workspace.id, a.brand.id), []);
      assert.deepEqual(await listAudit(store.db, b.workspace.id, { entityId: asset.id }), []);
      assert.deepEqual(
        (await listAudit(store.db, b.workspace.id)).map((e) => e.action),
        ["brand.create", "person.create", "workspace.create"],
      );
    });

    test("optimistic concurrency: an edit to a stale version is a conflict and changes nothing", async () => {
      const { workspace, admin } = await seed("concurrency");
      const asset = await createAsset(store.db, workspace.id, { kind: "master", fields: { body: "v1" } }, admin.id);
      const readByAlice = await getAsset(store.db, workspace.id, asset.id);
      const readByBob = await getAsset(store.db, workspace.id, asset.id);
      assert.equal(readByAlice?.version, 1);

      const saved = await updateAsset(store.db, workspace.id, asset.id, readByAlice?.version ?? 0, { fields: { body: "Alice's edit" } }, admin.id);
      assert.equal(saved.version, 2);
      await rejectsWith(
        updateAsset(store.db, workspace.id, asset.id, readByBob?.version ?? 0, { fields: { body: "Bob's edit" } }, admin.id),
        "conflict",
        `asset ${asset.id} was changed by someone else (it is at version 2, the edit was made to version 1): reload it and edit again`,
      );
      const current = await getAsset(store.db, workspace.id, asset.id);
      assert.deepEqual([current?.version, current?.fields], [2, { body: "Alice's edit" }]);
      assert.deepEqual(
        (await listAudit(store.db, workspace.id, { entityId: asset.id })).map((e) => e.action),
        ["asset.update", "asset.create"],
      );
    });

    test("audit: each change is recorded with who, before and after", async () => {
      const { workspace, admin } = await seed("audit");
      const reviewer = await addPerson(store.db, workspace.id, { email: "rae@audit.example", name: "Rae", role: "reviewer", passwordHash: "scrypt$secret" }, admin.id);
      assert.equal(reviewer.email, "rae@audit.example");
      const asset = await createAsset(store.db, workspace.id, { kind: "master", fields: { body: "Hi" }, channel: "email" }, admin.id);
      const updated = await updateAsset(store.db, workspace.id, asset.id, 1, { status: "in_review" }, reviewer.id);

      const [entry] = await listAudit(store.db, workspace.id, { entityType: "asset", entityId: asset.id, limit: 1 });
      assert.deepEqual(
        [entry?.action, entry?.actorId, entry?.workspaceId],
        ["asset.update", reviewer.id, workspace.id],
      );
      assert.deepEqual(
        [entry?.before?.["status"], entry?.before?.["version"], entry?.after?.["status"], entry?.after?.["version"]],
        ["draft", 1, "in_review", 2],
      );
      assert.equal(entry?.after?.["updatedAt"], updated.updatedAt.toISOString());

      const [personEntry] = await listAudit(store.db, workspace.id, { entityId: reviewer.id });
      assert.deepEqual(
        [personEntry?.action, personEntry?.actorId, personEntry?.after?.["email"], personEntry?.after?.["passwordHash"]],
        ["person.create", admin.id, "rae@audit.example", "(set)"],
      );
    });

    test("a refused insert is a StoreError naming the constraint, never echoing the values (a password hash)", async () => {
      const { workspace, admin } = await seed("secret");
      const hash = "scrypt$SECRETHASH0123456789";
      const error = await addPerson(store.db, workspace.id, { email: "x@secret.example", name: "X", role: "owner" as "admin", passwordHash: hash }, admin.id).then(
        () => assert.fail("expected a refusal"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, "invalid_value");
      assert.match(error.message, /^adding a person has a value outside the allowed ones \([\w.]+\): check the fields against docs\/store.md$/);
      assert.equal(error.cause, undefined);
      assert.ok(!JSON.stringify({ message: error.message, stack: error.stack }).includes("SECRETHASH"));
    });

    test("audit: a failed change leaves no audit entry, and a failed audit entry undoes the change", async () => {
      const { workspace, admin } = await seed("atomic");
      const countAudit = async () => (await listAudit(store.db, workspace.id, { limit: 1000 })).length;
      const before = await countAudit();

      await rejectsWith(
        addPerson(store.db, workspace.id, { email: "ADMIN@atomic.example", name: "Twin", role: "viewer" }, admin.id),
        "already_exists",
        "email: admin@atomic.example is already a person in this workspace: use another email, or change that person instead",
      );
      assert.equal(await countAudit(), before);

      const asset = await createAsset(store.db, workspace.id, { kind: "master", fields: { body: "Hi" } }, admin.id);
      // Make the audit insert itself fail: the asset's update must be rolled back with it.
      await store.db.execute(sql`alter table audit_log add constraint test_refuse_updates check (action <> 'asset.update') not valid`);
      try {
        // The audit row breaks the check constraint: the whole update fails as a StoreError saying so.
        await assert.rejects(updateAsset(store.db, workspace.id, asset.id, 1, { status: "approved" }, admin.id), (error: unknown) => sqlState(error) === "23514");
      } finally {
        await store.db.execute(sql`alter table audit_log drop constraint test_refuse_updates`);
      }
      const unchanged = await getAsset(store.db, workspace.id, asset.id);
      assert.deepEqual([unchanged?.status, unchanged?.version], ["draft", 1]);
      assert.deepEqual(
        (await listAudit(store.db, workspace.id, { entityId: asset.id })).map((e) => e.action),
        ["asset.create"],
      );
    });

    test("audit: the log is append-only in the database itself", async () => {
      const { workspace } = await seed("append-only");
      await assert.rejects(store.db.execute(sql`update audit_log set action = 'rewritten' where workspace_id = ${workspace.id}`), (error: Error) => {
        assert.match(String(error.cause ?? error), /audit_log is append-only: UPDATE is not allowed/);
        return true;
      });
      await assert.rejects(store.db.execute(sql`delete from audit_log where workspace_id = ${workspace.id}`), (error: Error) => {
        assert.match(String(error.cause ?? error), /audit_log is append-only: DELETE is not allowed/);
        return true;
      });
      assert.equal((await listAudit(store.db, workspace.id)).length, 3);
    });

    // Last: it leaves the database refused.
    test("a database newer than the code is refused on open", async () => {
      await store.close();
      open = false;
      store = await openStore(fixture.options);
      open = true;
      const count = async () => rows<{ n: number }>(await store.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]?.n;
      assert.equal(await count(), knownMigrations().length, "reopening applies nothing twice");

      const newest = Math.max(...knownMigrations().map((m) => m.when)) + 86_400_000;
      await store.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-onbrand', ${newest})`);
      const location = store.location;
      await store.close();
      open = false;
      await rejectsWith(
        openStore(fixture.options),
        "store_newer_than_code",
        `${location} was upgraded by a newer onbrand: it has 1 migration this version does not know (the newest from ${new Date(newest).toISOString()}). Upgrade onbrand to open it, or point DATABASE_URL or the data directory at another database.`,
      );
    });
  });
}

contractSuite("PGlite", async () => pgliteFixture());
const databaseUrl = process.env["DATABASE_URL"];
contractSuite("PostgreSQL", async () => postgresFixture(databaseUrl ?? ""), databaseUrl ? false : "DATABASE_URL is not set");

test("a kit version is the version loadKit reports for the same files; use-case files do not change it", () => {
  const files = { "brand/brand.yaml": "terms:\n  avoid: [synergy]\n" };
  assert.equal(kitVersionOf(files), loadKit(files).kit.version);
  const withUseCase = { ...files, "brand/usecases/email.yaml": "name: Email\nasset_type: email\noutput:\n  fields: [{name: body}]\ninstructions: Write.\n" };
  assert.equal(kitVersionOf(withUseCase), kitVersionOf(files));
});

test("an unreachable PostgreSQL is a clear error without the password", async () => {
  await rejectsWith(
    openStore({ url: "postgres://onbrand:hunter2@127.0.0.1:1/studio" }),
    "store_unreachable",
    "cannot connect to PostgreSQL at postgres://onbrand:***@127.0.0.1:1/studio (connect ECONNREFUSED 127.0.0.1:1): start the server, or fix DATABASE_URL (host, port, database, user and password)",
  );
});

test("a DATABASE_URL that is not a postgres URL is refused before connecting", async () => {
  await rejectsWith(
    openStore({ url: "mysql://root@localhost/studio" }),
    "store_unreachable",
    'DATABASE_URL must be a postgres:// or postgresql:// URL, not "mysql://root@localhost/studio": fix it, or unset it to use the embedded database',
  );
});


test("the embedded database serves one process: a second open of its folder is refused until the first closes", async () => {
  const fixture = pgliteFixture();
  const first = await openStore(fixture.options);
  try {
    await rejectsWith(
      openStore(fixture.options),
      "store_busy",
      `another onbrand process (pid ${process.pid}, this one) has the embedded database in ${fixture.options.dataDir} open: stop it first (the embedded database serves one process); to run several processes (servers, workers, commands), use PostgreSQL (DATABASE_URL)`,
    );
  } finally {
    await first.close();
  }
  const again = await openStore(fixture.options);
  await again.close();
  await fixture.drop();
});
