import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { count } from "drizzle-orm";
import { KitError, UsageError } from "../core/errors.ts";
import { readWorkspace } from "../node/workspace.ts";
import { databaseTargets } from "../../test/support/databases.ts";
import { taglineFile } from "../../test/support/library.ts";
import { DEMO_FOLDER } from "../../test/support/studio.ts";
import { saveKitVersion } from "../store/kit-versions.ts";
import { openStore, type Store } from "../store/open-store.ts";
import { auditLog, kitVersions, useCaseVersions, workspaces } from "../store/schema.ts";
import { createWorkspace } from "../store/workspaces.ts";
import { exportWorkspaceFolder, findWorkspace, importWorkspaceFolder, isSafeRelativePath, MAX_WORKSPACE_FILE_BYTES, readWorkspaceFolder } from "./workspace-folder.ts";

/** Every file under `dir` (folder-relative, `/`-separated) with its bytes, skipping `skip` folders. */
function filesUnder(dir: string, skip: string[] = []): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/");
    if (skip.some((s) => rel.startsWith(`${s}/`))) continue;
    out.set(rel, readFileSync(join(entry.parentPath, entry.name)));
  }
  return new Map([...out].sort(([x], [y]) => (x < y ? -1 : 1)));
}

function writeFolder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "onbrand-folder-"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

const BOM = "\uFEFF";

/** A workspace folder with a byte-order mark, CRLF line ends, non-ASCII text and a nested style folder. */
function unusualFolder(): Record<string, string | Uint8Array> {
  return {
    "onbrand.yaml": `${BOM}# Café Fizz\r\nkit: marque\r\nstyles:\r\n  - styles/acme/House\r\n`,
    "marque/brand.yaml": "name: Café Fizz\r\nterms:\r\n  brand_names: [Café Fizz]\r\n  prefer:\r\n    trés bon: très bon\r\n",
    "marque/rules/Ümlaut.yaml": `${BOM}extends: existence\nmessage: "Avoid '%s' — say it plainly."\nlevel: warning\ntokens:\n  - naïve\n`,
    "styles/acme/House/Shouting.yml": "extends: existence\r\nmessage: \"No shouting: '%s'.\"\r\nlevel: suggestion\r\ntokens:\r\n  - WOW\r\n",
    "styles/acme/House/drafts/Later.yml": "# kept, though only the folder's own files are rules\nextends: existence\n",
    "marque/usecases/tagline.yaml": `${BOM}${taglineFile("# 日本語のコメント\r\n")}`,
    "marque/usecases/banner.yaml": taglineFile().replace("name: Tagline", "name: Bannière"),
    "README.md": "not part of the kit: neither imported nor exported\n",
  };
}

for (const target of databaseTargets()) {
  describe(`workspace folders on ${target.name}`, { skip: target.skip }, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const temp: string[] = [];
    const tempDir = () => {
      const dir = mkdtempSync(join(tmpdir(), "onbrand-export-"));
      temp.push(dir);
      return dir;
    };

    before(async () => {
      const fixture = await target.make();
      drop = fixture.drop;
      store = await openStore(fixture.options);
    });
    after(async () => {
      for (const dir of temp) rmSync(dir, { recursive: true, force: true });
      await store?.close();
      await drop?.();
    });

    const counts = async () => ({
      workspaces: (await store.db.select({ n: count() }).from(workspaces))[0]?.n,
      kitVersions: (await store.db.select({ n: count() }).from(kitVersions))[0]?.n,
      useCaseVersions: (await store.db.select({ n: count() }).from(useCaseVersions))[0]?.n,
      audit: (await store.db.select({ n: count() }).from(auditLog))[0]?.n,
    });

    test("the demo: import, export byte for byte, and import again changes nothing", async () => {
      const first = await importWorkspaceFolder(store, DEMO_FOLDER, {}, null);
      assert.deepEqual(
        { workspace: [first.workspace.name, first.workspace.created], brand: [first.brand.name, first.brand.created], kit: first.kit.status, changed: first.changed },
        { workspace: ["Fizzwell", true], brand: ["Fizzwell", true], kit: "created", changed: true },
      );
      assert.deepEqual(
        first.useCases.map((u) => `${u.id}:${u.status}`),
        [
          "blog-hook:added",
          "email:added",
          "google-rsa:added",
          "landing-page-variant:added",
          "meta-ad:added",
          "personalized-variant:added",
          "push:added",
          "regional-campaign:added",
          "sms:added",
          "social-cutdown:added",
          "social-post:added",
          "video-storyboard:added",
        ],
      );

      const out = tempDir();
      const exported = await exportWorkspaceFolder(store, first.workspace.id, out);
      const demo = filesUnder(DEMO_FOLDER, ["corpus"]);
      const written = filesUnder(out);
      assert.deepEqual([...written.keys()], [...demo.keys()], "every file of the workspace folder, and nothing else");
      assert.deepEqual(exported.files, [...demo.keys()]);
      for (const [path, bytes] of demo) assert.ok(written.get(path)?.equals(bytes), `${path} is byte-identical`);
      // What import reads is what `onbrand check` reads.
      assert.deepEqual([...written.keys()], Object.keys(readWorkspace(join(DEMO_FOLDER, "onbrand.yaml")).files).sort());

      const before = await counts();
      for (const dir of [DEMO_FOLDER, out]) {
        const again = await importWorkspaceFolder(store, dir, {}, null);
        assert.deepEqual(
          { workspace: again.workspace.id, created: again.workspace.created, kit: again.kit, changed: again.changed },
          { workspace: first.workspace.id, created: false, kit: { ...first.kit, status: "unchanged" }, changed: false },
        );
        assert.ok(again.useCases.every((u) => u.status === "unchanged"));
        assert.deepEqual(await counts(), before, "no new version and no audit entry");
      }
    });

    test("CRLF line ends, byte-order marks, non-ASCII text and nested style folders round-trip byte for byte", async () => {
      const source = writeFolder(unusualFolder());
      temp.push(source);
      const imported = await importWorkspaceFolder(store, source, { workspaceName: "Café" }, null);
      assert.deepEqual([imported.workspace.name, imported.brand.name, imported.kit.status], ["Café", "Café Fizz", "created"]);
      assert.deepEqual(imported.useCases.map((u) => `${u.id}:${u.status}`), ["banner:added", "tagline:added"]);
      const out = tempDir();
      await exportWorkspaceFolder(store, imported.workspace.id, out);
      const original = filesUnder(source);
      original.delete("README.md");
      const written = filesUnder(out);
      assert.deepEqual([...written.keys()], [...original.keys()]);
      for (const [path, bytes] of original) assert.ok(written.get(path)?.equals(bytes), `${path} is byte-identical`);
      assert.equal(written.get("onbrand.yaml")?.subarray(0, 3).toString("hex"), "efbbbf", "the byte-order mark is kept");
    });

    test("a changed, a removed and a restored use case, and a kit rolled back, are each reported", async () => {
      const files = unusualFolder();
      const source = writeFolder(files);
      temp.push(source);
      const workspace = await findWorkspace(store.db, { workspaceName: "Café" });
      assert.ok(workspace);
      const kitBefore = (await importWorkspaceFolder(store, source, { workspaceId: workspace.id }, null)).kit;

      writeFileSync(join(source, "marque/usecases/tagline.yaml"), taglineFile("# edited\n"));
      rmSync(join(source, "marque/usecases/banner.yaml"));
      writeFileSync(join(source, "marque/brand.yaml"), `${String(files["marque/brand.yaml"])}    bof: bien\r\n`);
      const changed = await importWorkspaceFolder(store, source, { workspaceId: workspace.id }, null);
      assert.equal(changed.kit.status, "created");
      assert.deepEqual(changed.useCases.map((u) => `${u.id}:${u.status}`), ["tagline:updated", "banner:removed"]);
      assert.equal(changed.useCases[1]?.version, null);

      for (const [path, content] of Object.entries(files)) writeFileSync(join(source, path), content);
      const restored = await importWorkspaceFolder(store, source, { workspaceId: workspace.id }, null);
      assert.deepEqual(restored.kit, { ...kitBefore, status: "restored" });
      assert.deepEqual(restored.useCases.map((u) => `${u.id}:${u.status}`), ["banner:added", "tagline:restored"]);
    });

    test("a folder without onbrand.yaml, or no folder at all, is a usage error", async () => {
      const empty = writeFolder({ "brand/brand.yaml": "name: X\n" });
      temp.push(empty);
      assert.throws(() => readWorkspaceFolder(empty), (error: unknown) => error instanceof UsageError && error.message === `${empty} has no onbrand.yaml: a workspace folder has onbrand.yaml at its top (\`onbrand init\` writes one); give that folder`);
      const missing = join(empty, "nope");
      assert.throws(() => readWorkspaceFolder(missing), (error: unknown) => error instanceof UsageError && error.message === `${missing}: no such folder; give the workspace folder (the one with onbrand.yaml)`);
    });

    const diagnosticsOf = (dir: string): string[] => {
      try {
        readWorkspaceFolder(dir);
      } catch (error) {
        assert.ok(error instanceof KitError, `expected a KitError, got ${String(error)}`);
        return error.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.level}: ${d.message}${d.fix ? ` (${d.fix})` : ""}`);
      }
      assert.fail("expected a KitError");
    };

    test("an invalid kit lists every diagnostic and saves nothing", async () => {
      const dir = writeFolder({
        "onbrand.yaml": "kit: brand\n",
        "brand/brand.yaml": "name: Broken\nterms:\n  brand_names: Fizzwell\n  prefer: [soda]\n",
      });
      temp.push(dir);
      const before = await counts();
      await assert.rejects(importWorkspaceFolder(store, dir, {}, null), KitError);
      assert.deepEqual(await counts(), before);
      assert.deepEqual(diagnosticsOf(dir), [
        'brand/brand.yaml:3:16: error: terms.brand_names must be a list; found "Fizzwell" (write it as a list item: "- Fizzwell" on the line below "brand_names:")',
        'brand/brand.yaml:4:11: error: terms.prefer must be a mapping (key: value); found a list (write "key: value" lines indented under "prefer:")',
      ]);
    });

    test("a binary, a non-UTF-8 or an oversized file is refused by name; so is a kit outside the folder", async () => {
      const dir = writeFolder({
        "onbrand.yaml": "kit: brand\nstyles: [../shared/Style]\n",
        "brand/brand.yaml": "name: X\n",
        "brand/rules/Logo.yaml": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
        "brand/rules/Latin1.yaml": new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]),
        "brand/rules/Huge.yaml": `# ${"x".repeat(MAX_WORKSPACE_FILE_BYTES)}\n`,
      });
      temp.push(dir);
      assert.deepEqual(diagnosticsOf(dir), [
        "brand/rules/Huge.yaml:0:0: error: the file is 1 MB, over the 1 MB a workspace file may have (split it into smaller rule files, or move data that is not part of the kit out of the kit and style folders)",
        "brand/rules/Latin1.yaml:1:7: error: invalid UTF-8 at byte offset 6 (save it as UTF-8)",
        "brand/rules/Logo.yaml:0:0: error: not a text file (it has NUL bytes) (remove it from the kit and style folders: they hold YAML only)",
        "onbrand.yaml:2:10: error: styles points at ../shared/Style, outside the workspace folder (copy that folder into the workspace and point at the copy: an import stores the folder as it is, and an export writes it back inside one folder)",
      ]);
    });

    test("library files that would not come back as they are, and broken use cases, are listed together", async () => {
      const dir = writeFolder({
        "onbrand.yaml": "kit: brand\n",
        "brand/brand.yaml": "name: X\n",
        "brand/usecases/email.yml": taglineFile(),
        "brand/usecases/old/sms.yaml": taglineFile(),
        "brand/usecases/promo.yaml": taglineFile().replace("channels: [email]", "channels: [emial]"),
      });
      temp.push(dir);
      assert.deepEqual(diagnosticsOf(dir), [
        "brand/usecases/email.yml:0:0: error: use-case files are stored as <id>.yaml, so this one would come back under another name (rename it to email.yaml)",
        "brand/usecases/old/sms.yaml:0:0: error: the library has no sub-folders: only brand/usecases/<id>.yaml files are use cases (move the file out of brand/usecases/, or delete it)",
        'brand/usecases/promo.yaml:4:12: error: channel "emial" is neither a built-in channel nor one of the kit\'s; did you mean "email"? (write "email")',
      ]);
    });

    test("export refuses a folder that is not empty unless forced, and never deletes a file", async () => {
      const workspace = await findWorkspace(store.db, { workspaceName: "Fizzwell" });
      assert.ok(workspace);
      const out = tempDir();
      writeFileSync(join(out, "notes.txt"), "mine\n");
      mkdirSync(join(out, "brand"));
      writeFileSync(join(out, "brand/brand.yaml"), "stale\n");
      await assert.rejects(
        exportWorkspaceFolder(store, workspace.id, out),
        (error: unknown) => error instanceof UsageError && error.message === `${out} is not empty: export into a new or empty folder, or pass --force to overwrite the files the export writes (no file is deleted)`,
      );
      assert.equal(readFileSync(join(out, "brand/brand.yaml"), "utf8"), "stale\n");
      await exportWorkspaceFolder(store, workspace.id, out, { force: true });
      assert.equal(readFileSync(join(out, "notes.txt"), "utf8"), "mine\n");
      assert.ok(readFileSync(join(out, "brand/brand.yaml")).equals(readFileSync(join(DEMO_FOLDER, "brand/brand.yaml"))));
    });

    test("export refuses a stored path that would land outside the folder, before writing anything", async () => {
      const imported = await importWorkspaceFolder(store, writeFolder({ "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "name: Escape\n" }), { workspaceName: "Escape" }, null);
      await saveKitVersion(store.db, imported.workspace.id, { brandId: imported.brand.id, files: { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "name: Escape\n", "../evil.yaml": "x: 1\n" } }, null);
      const out = tempDir();
      await assert.rejects(
        exportWorkspaceFolder(store, imported.workspace.id, out),
        (error: unknown) => error instanceof UsageError && error.message === 'cannot export workspace "Escape": "../evil.yaml" is not a plain relative path inside the folder. Save a kit version without those paths, then export again',
      );
      assert.deepEqual(readdirSync(out), []);
    });

    test("which workspace: by id, by name, the only one; several without a name is a usage error", async () => {
      const workspace = await findWorkspace(store.db, { workspaceName: "Fizzwell" });
      assert.equal((await findWorkspace(store.db, { workspaceId: workspace?.id ?? "" }))?.name, "Fizzwell");
      assert.equal(await findWorkspace(store.db, { workspaceId: "not-an-id" }), undefined);
      assert.equal(await findWorkspace(store.db, { workspaceName: "Nobody" }), undefined);
      await assert.rejects(findWorkspace(store.db, {}), (error: unknown) => error instanceof UsageError && /^the store has 3 workspaces \("Fizzwell", "Café", "Escape"\): name one with --workspace NAME$/.test(error.message));
      await createWorkspace(store.db, { name: "Fizzwell" });
      await assert.rejects(
        importWorkspaceFolder(store, DEMO_FOLDER, { workspaceName: "Fizzwell" }, null),
        (error: unknown) => error instanceof UsageError && error.message === '2 workspaces are named "Fizzwell": rename one in the studio, then name it with --workspace',
      );
    });

    test("isSafeRelativePath accepts plain relative paths only", () => {
      assert.deepEqual(
        ["brand/brand.yaml", "onbrand.yaml", "../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "C:/x", ""].map(isSafeRelativePath),
        [true, true, false, false, false, false, false, false, false],
      );
    });
  });
}
