import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { KitError } from "../core/errors.ts";
import { parseLayout, readWorkspace } from "./workspace.ts";

const root = mkdtempSync(join(tmpdir(), "onbrand-workspace-"));
after(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), content);
}

test("layout defaults, strings or lists, ./ and trailing slashes removed", () => {
  assert.deepEqual(parseLayout(""), { kit: "brand", styles: [], ignore: [] });
  assert.deepEqual(parseLayout("kit: ./kit/\nstyles: styles\nignore: drafts/**\n"), { kit: "kit", styles: ["styles"], ignore: ["drafts/**"] });
  assert.deepEqual(parseLayout("styles: [a, ./b/]\nignore: ['**/*.draft.md', 3]\n"), {
    kit: "brand",
    styles: ["a", "b"],
    ignore: ["**/*.draft.md"],
  });
});

test("malformed YAML falls back to the defaults (the engine reports it)", () => {
  assert.deepEqual(parseLayout("kit: [unclosed\n"), { kit: "brand", styles: [], ignore: [] });
  assert.deepEqual(parseLayout("- a list\n"), { kit: "brand", styles: [], ignore: [] });
});

test("reads the config, the kit's and the styles' YAML files, keyed by workspace path", () => {
  write("ws/onbrand.yaml", "kit: brand\nstyles: styles\n");
  write("ws/brand/brand.yaml", "name: Fizzwell\n");
  write("ws/brand/rules/claims.yml", "claims: []\n");
  write("ws/brand/notes.md", "not yaml");
  write("ws/brand/node_modules/x.yaml", "skip: true\n");
  write("ws/styles/Fizz/Exclaim.yaml", "extends: existence\n");
  write("ws/docs/page.yaml", "not read: true\n");
  const ws = readWorkspace(join(root, "ws", "onbrand.yaml"));
  assert.equal(ws.root, join(root, "ws"));
  assert.equal(ws.configFile, "onbrand.yaml");
  assert.deepEqual(ws.files, {
    "onbrand.yaml": "kit: brand\nstyles: styles\n",
    "brand/brand.yaml": "name: Fizzwell\n",
    "brand/rules/claims.yml": "claims: []\n",
    "styles/Fizz/Exclaim.yaml": "extends: existence\n",
  });
});

test("a missing kit folder is left for the engine to report", () => {
  write("empty/onbrand.yaml", "kit: nowhere\n");
  assert.deepEqual(readWorkspace(join(root, "empty", "onbrand.yaml")).files, { "onbrand.yaml": "kit: nowhere\n" });
});

test("a kit file that is not UTF-8 is a KitError naming the file, line and column", () => {
  write("bad/onbrand.yaml", "kit: brand\n");
  write("bad/brand/brand.yaml", Uint8Array.from([0x6e, 0x0a, 0x61, 0xe9, 0x0a]));
  assert.throws(
    () => readWorkspace(join(root, "bad", "onbrand.yaml")),
    (error: unknown) =>
      error instanceof KitError &&
      error.message === "brand/brand.yaml:2:2: error: not UTF-8 text (save it as UTF-8 YAML)",
  );
});
