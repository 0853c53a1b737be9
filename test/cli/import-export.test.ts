import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { contentHash } from "../../src/core/engine/content-hash.ts";
import { kitVersionOf } from "../../src/store/kit-versions.ts";
import { databaseTargets, type DatabaseFixture } from "../support/databases.ts";
import { DEMO_FOLDER, demoKitFiles } from "../support/studio.ts";
import { makeFolder, runCli } from "./cli-harness.ts";

/** The demo workspace folder's files (the corpus is copy to check, not part of the workspace). */
function demoFiles(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(DEMO_FOLDER, { recursive: true, withFileTypes: true })) {
    const rel = relative(DEMO_FOLDER, join(entry.parentPath, entry.name));
    if (entry.isFile() && !rel.startsWith("corpus/")) out.set(rel, readFileSync(join(DEMO_FOLDER, rel)));
  }
  return new Map([...out].sort(([x], [y]) => (x < y ? -1 : 1)));
}

for (const target of databaseTargets()) {
  describe(`onbrand import and export on ${target.name}`, { skip: target.skip }, () => {
    const folder = makeFolder({
      "broken/onbrand.yaml": "kit: brand\n",
      "broken/brand/brand.yaml": "name: Broken\nterms:\n  brand_names: Fizzwell\n",
      "broken/brand/usecases/promo.yml": "name: Promo\n",
      "empty/README.md": "no workspace here\n",
    });
    let fixture: DatabaseFixture;
    let env: Record<string, string>;
    before(async () => {
      fixture = await target.make();
      // No onbrand.yaml above the folder: the embedded store is .onbrand/data in it.
      env = { DATABASE_URL: fixture.options.url ?? "" };
    });
    after(async () => {
      await fixture?.drop();
      folder.dispose();
    });
    const cli = (args: string[]) => runCli(args, folder.dir, undefined, env);
    const demoShown = relative(folder.dir, DEMO_FOLDER).replace(/\/$/, "");

    test("import prints what changed", async () => {
      const first = await cli(["import", DEMO_FOLDER]);
      assert.equal(first.code, 0, first.stderr);
      const useCases = [...demoFiles()].filter(([path]) => path.startsWith("brand/usecases/"));
      const width = Math.max(...useCases.map(([path]) => path.length - "brand/usecases/.yaml".length));
      assert.equal(
        first.stdout,
        [
          `Imported ${demoShown} into workspace "Fizzwell" (new workspace, new brand "Fizzwell")`,
          `  ${"kit".padEnd(width)}  ${kitVersionOf(demoKitFiles())}  created`,
          ...useCases.map(([path, bytes]) => `  ${path.slice("brand/usecases/".length, -".yaml".length).padEnd(width)}  ${contentHash([bytes.toString("utf8")])}  added`),
          "12 use cases: 12 added",
          "",
        ].join("\n"),
      );
      assert.equal(first.stderr, "");
    });

    test("export writes the folder back byte for byte (and importing it changes nothing); a folder that is not empty needs --force", async () => {
      const run = await cli(["export", "out"]);
      assert.equal(run.code, 0, run.stderr);
      const demo = demoFiles();
      assert.equal(run.stdout, `Exported workspace "Fizzwell" (kit ${kitVersionOf(demoKitFiles())}, 12 use cases) to out: ${demo.size} files\n${[...demo.keys()].map((p) => `  ${p}\n`).join("")}`);
      for (const [path, bytes] of demo) assert.ok(readFileSync(join(folder.dir, "out", path)).equals(bytes), `${path} is byte-identical`);

      writeFileSync(join(folder.dir, "out", "notes.txt"), "mine\n");
      const refused = await cli(["export", "out"]);
      assert.deepEqual(refused, {
        code: 2,
        stdout: "",
        stderr: `onbrand: error: ${join(folder.dir, "out")} is not empty: export into a new or empty folder, or pass --force to overwrite the files the export writes (no file is deleted)\n`,
      });
      const forced = await cli(["export", "out", "--force"]);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(readFileSync(join(folder.dir, "out", "notes.txt"), "utf8"), "mine\n", "no file is deleted");

      const reimported = await cli(["import", "out", "--workspace", "Fizzwell"]);
      assert.equal(reimported.code, 0, reimported.stderr);
      assert.equal(reimported.stdout, `Imported out into workspace "Fizzwell"\n  kit  ${kitVersionOf(demoKitFiles())}  unchanged\n12 use cases: 12 unchanged; nothing changed\n`);
    });

    test("a broken folder: every problem as file:line:column from here, exit 2, nothing imported", async () => {
      const run = await cli(["import", "broken"]);
      assert.deepEqual(run, {
        code: 2,
        stdout: "",
        stderr: [
          'broken/brand/brand.yaml:3:16: error: terms.brand_names must be a list; found "Fizzwell" (write it as a list item: "- Fizzwell" on the line below "brand_names:")',
          "onbrand: broken has 1 error; nothing was imported",
          "",
        ].join("\n"),
      });
      const noConfig = await cli(["import", "empty"]);
      assert.deepEqual(noConfig, {
        code: 2,
        stdout: "",
        stderr: `onbrand: error: ${join(folder.dir, "empty")} has no onbrand.yaml: a workspace folder has onbrand.yaml at its top (\`onbrand init\` writes one); give that folder\n`,
      });
    });

    test("usage errors and help", async () => {
      assert.deepEqual(await cli(["import"]), { code: 2, stdout: "", stderr: "onbrand: error: import takes one workspace folder (got 0); run `onbrand import --help`\n" });
      assert.deepEqual(await cli(["export", "a", "b"]), { code: 2, stdout: "", stderr: "onbrand: error: export takes one folder to write (got 2); run `onbrand export --help`\n" });
      const help = await cli(["import", "--help"]);
      assert.match(help.stdout, /^Usage: onbrand import DIR \[--workspace NAME\]/);
    });
  });
}
