import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;
/** The database packages; drizzle-kit only generates migrations and its API checks them in a test. */
const STORE_PACKAGES = new Set(["drizzle-orm", "@electric-sql/pglite", "pg"]);
const TEST_PACKAGES = new Set(["drizzle-kit"]);

test("src/store imports only itself, the core and the database packages (the server and CLI build on it)", () => {
  const offenders: string[] = [];
  const files = readdirSync(join(root, "src/store"), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
  assert.ok(files.some((f) => f.endsWith("schema.ts")), "src/store/schema.ts is scanned");
  for (const file of files) {
    const where = relative(root, file);
    const isTooling = file.endsWith(".test.ts") || file.endsWith("drizzle.config.ts");
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? "";
      if (spec.startsWith(".")) {
        const target = relative(root, join(file, "..", spec));
        const testSupport = isTooling && target.startsWith("test/support/");
        if (!target.startsWith("src/store/") && !target.startsWith("src/core/") && !testSupport) offenders.push(`${where} -> ${spec}`);
        continue;
      }
      const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] ?? "");
      const allowed = spec.startsWith("node:") || builtinModules.includes(spec) || STORE_PACKAGES.has(name) || (isTooling && TEST_PACKAGES.has(name));
      if (!allowed) offenders.push(`${where} -> ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});
