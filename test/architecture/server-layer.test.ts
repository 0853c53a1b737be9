import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

/** `folder`'s files (tests included) that import one of `forbidden` (repo-relative folders). */
function importsInto(folder: string, forbidden: readonly string[]): string[] {
  const offenders: string[] = [];
  const files = readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
  assert.ok(files.length > 0, `${folder} is scanned`);
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? "";
      const target = spec.startsWith(".") ? relative(root, join(file, "..", spec)) : "";
      if (forbidden.some((f) => target.startsWith(f))) offenders.push(`${relative(root, file)} -> ${spec}`);
    }
  }
  return offenders;
}

test("src/server imports nothing from src/cli (the CLI starts the server, not the other way round)", () => {
  assert.deepEqual(importsInto("src/server", ["src/cli/"]), []);
});

test("src/studio imports nothing from src/server or src/cli (both build on it)", () => {
  assert.deepEqual(importsInto("src/studio", ["src/server/", "src/cli/"]), []);
});
