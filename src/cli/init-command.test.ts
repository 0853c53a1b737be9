import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import type { CliIo } from "./cli-io.ts";
import { run, templateFiles, templateFolder } from "./init-command.ts";

const root = mkdtempSync(join(tmpdir(), "onbrand-init-"));
after(() => rmSync(root, { recursive: true, force: true }));

const template = join(root, "template");
for (const [rel, content] of Object.entries({
  "onbrand.yaml": "kit: brand\n",
  "brand/brand.yaml": "name: Acme\n",
  "brand/rules/Exclaim.yaml": "extends: occurrence\n",
})) {
  mkdirSync(dirname(join(template, rel)), { recursive: true });
  writeFileSync(join(template, rel), content);
}

function io(cwd: string): CliIo & { out: string; err: string } {
  const captured = {
    out: "",
    err: "",
    cwd,
    env: {},
    stdin: (async function* () {})(),
    stdout: { write: (text: string) => (captured.out += text) },
    stderr: { write: (text: string) => (captured.err += text) },
  };
  return captured;
}

test("copies every template file into the folder and prints the next steps", async () => {
  const term = io(root);
  assert.equal(await run(["site"], term, template), 0);
  assert.equal(readFileSync(join(root, "site", "brand", "rules", "Exclaim.yaml"), "utf8"), "extends: occurrence\n");
  assert.equal(
    term.out,
    "Created 3 files in site:\n" +
      "  brand/brand.yaml\n" +
      "  brand/rules/Exclaim.yaml\n" +
      "  onbrand.yaml\n" +
      "\nNext steps:\n" +
      "  cd site\n" +
      "  edit brand/brand.yaml: your brand's names, voice, words to avoid and claims\n" +
      "  onbrand check <files or folders>    check copy against the kit\n" +
      "  onbrand schema brand --out brand.schema.json    completion in your editor (docs/configuration.md)\n",
  );
  assert.equal(term.err, "");
});

test("refuses to overwrite existing files, listing them, and writes nothing", async () => {
  const target = join(root, "existing");
  mkdirSync(join(target, "brand"), { recursive: true });
  writeFileSync(join(target, "brand", "brand.yaml"), "name: Mine\n");
  const term = io(target);
  assert.equal(await run([], term, template), 2);
  assert.equal(
    term.err,
    "onbrand: error: this file already exists in .:\n  brand/brand.yaml\n" +
      "Nothing was written. Run again with --force to overwrite them, or pick an empty folder.\n",
  );
  assert.equal(readFileSync(join(target, "brand", "brand.yaml"), "utf8"), "name: Mine\n");
  assert.equal(existsSync(join(target, "onbrand.yaml")), false);
});

test("--force overwrites", async () => {
  const target = join(root, "forced");
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "onbrand.yaml"), "kit: old\n");
  const term = io(root);
  assert.equal(await run(["forced", "--force"], term, template), 0);
  assert.equal(readFileSync(join(target, "onbrand.yaml"), "utf8"), "kit: brand\n");
  assert.match(term.out, /^Created 3 files in forced \(1 overwritten\):/);
});

test("a missing template is an error, not an empty workspace", async () => {
  await assert.rejects(run(["x"], io(root), join(root, "no-template")), /the starter workspace is missing/);
  assert.deepEqual(templateFiles(join(root, "no-template")), []);
});

test("the template folder is found from the package root", () => {
  assert.ok(templateFolder().replaceAll("\\", "/").endsWith("/src/cli/init-template/"));
});
