import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { findConfig } from "./find-config.ts";

const root = mkdtempSync(join(tmpdir(), "onbrand-config-"));
after(() => rmSync(root, { recursive: true, force: true }));

test("finds onbrand.yaml in the folder or the nearest parent", () => {
  const nested = join(root, "repo", "docs", "blog");
  mkdirSync(nested, { recursive: true });
  writeFileSync(join(root, "repo", "onbrand.yaml"), "kit: brand\n");
  assert.equal(findConfig(nested), join(root, "repo", "onbrand.yaml"));
  assert.equal(findConfig(join(root, "repo")), join(root, "repo", "onbrand.yaml"));
  writeFileSync(join(root, "repo", "docs", "onbrand.yaml"), "kit: brand\n");
  assert.equal(findConfig(nested), join(root, "repo", "docs", "onbrand.yaml"));
});

test("a folder named onbrand.yaml is not a config", () => {
  const dir = join(root, "odd");
  mkdirSync(join(dir, "onbrand.yaml"), { recursive: true });
  assert.notEqual(findConfig(dir), join(dir, "onbrand.yaml"));
});
