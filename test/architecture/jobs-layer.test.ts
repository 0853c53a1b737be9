import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

test("src/jobs imports only itself and src/store: the queue knows no job types; handlers (src/studio) plug into it", () => {
  const offenders: string[] = [];
  const files = readdirSync(join(root, "src/jobs"), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => join(e.parentPath, e.name));
  assert.ok(files.some((f) => f.endsWith("table-queue.ts")), "src/jobs/table-queue.ts is scanned");
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? "";
      if (!spec.startsWith(".")) continue;
      const target = relative(root, join(file, "..", spec));
      if (!target.startsWith("src/jobs/") && !target.startsWith("src/store/")) offenders.push(`${relative(root, file)} -> ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});
