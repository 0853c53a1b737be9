import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

test("src/server imports nothing from src/cli (the CLI starts the server, not the other way round)", () => {
  const offenders: string[] = [];
  const files = readdirSync(join(root, "src/server"), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
  assert.ok(files.some((f) => f.endsWith("app.ts")), "src/server/app.ts is scanned");
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? "";
      if (spec.startsWith(".") && relative(root, join(file, "..", spec)).startsWith("src/cli/")) {
        offenders.push(`${relative(root, file)} -> ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
