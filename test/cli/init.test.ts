import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { makeFolder, runCli } from "./cli-harness.ts";

const folder = makeFolder({});
after(() => folder.dispose());

test("init creates a workspace that onbrand check accepts, and will not overwrite it", async () => {
  const created = await runCli(["init", "site"], folder.dir);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^Created \d+ files? in site:\n/);
  assert.match(created.stdout, /^ {2}onbrand\.yaml$/m);
  assert.match(created.stdout, /\nNext steps:\n {2}cd site\n/);
  assert.ok(existsSync(join(folder.dir, "site", "onbrand.yaml")));

  // The starter kit loads: a plain sentence checks without a usage or kit error.
  writeFileSync(join(folder.dir, "site", "hello.md"), "Hello.\n");
  const checked = await runCli(["check", "hello.md", "-f", "json"], join(folder.dir, "site"));
  assert.ok(checked.code === 0 || checked.code === 1, checked.stderr);
  assert.equal((JSON.parse(checked.stdout) as { summary: { files: number } }).summary.files, 1);

  const again = await runCli(["init", "site"], folder.dir);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists? in site:\n( {2}.+\n)* {2}onbrand\.yaml\n/);
  assert.match(again.stderr, /--force/);

  const forced = await runCli(["init", "site", "--force"], folder.dir);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /overwritten/);
});
