import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;
const rulesDir = join(root, "src/core/rules");
/** Folders of shared code that are not rule types. */
const SHARED = new Set(["vale"]);

const ruleTypes = readdirSync(rulesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !SHARED.has(e.name))
  .map((e) => e.name);

test("every rule type has its code, a table test and a doc page (docs/rules/<type>.md)", () => {
  assert.ok(ruleTypes.length >= 15, `found ${ruleTypes.length} rule types`);
  const missing: string[] = [];
  for (const type of ruleTypes) {
    for (const file of [`src/core/rules/${type}/index.ts`, `src/core/rules/${type}/index.test.ts`, `docs/rules/${type}.md`]) {
      if (!existsSync(join(root, file))) missing.push(file);
    }
  }
  assert.deepEqual(missing, []);
});

test("the docs index links every rule type page", () => {
  const index = readFileSync(join(root, "docs/README.md"), "utf8");
  const unlinked = ruleTypes.filter((type) => !index.includes(`rules/${type}.md`));
  assert.deepEqual(unlinked, []);
});
