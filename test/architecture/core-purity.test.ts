import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { test } from "node:test";
import { build } from "esbuild";

const root = new URL("../../", import.meta.url).pathname;
/** Packages the pure core may use: each is plain JavaScript that also runs in a browser. */
const CORE_PACKAGES = new Set(["zod", "yaml", "markdown-it", "htmlparser2", "re2js"]);
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => join(e.parentPath, e.name));
}

for (const layer of ["src/core", "src/format"]) {
  test(`${layer} imports only relative modules inside the pure layers and browser-safe packages`, () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, layer))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? "";
        const where = relative(root, file);
        if (spec.startsWith(".")) {
          const target = relative(root, join(file, "..", spec));
          if (!target.startsWith("src/core/") && !target.startsWith("src/format/")) offenders.push(`${where} -> ${spec}`);
        } else if (spec.startsWith("node:") || builtinModules.includes(spec) || !CORE_PACKAGES.has(spec.split("/")[0] ?? "")) {
          offenders.push(`${where} -> ${spec}`);
        }
      }
    }
    assert.deepEqual(offenders, [], "impure imports in the core (see docs/architecture.md)");
  });
}

test("the core bundles for the browser with no Node built-ins", async () => {
  const result = await build({
    entryPoints: [join(root, "src/core/index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
    metafile: true,
  });
  assert.equal(result.errors.length, 0);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((i) => i.includes("src/core/engine")), "the bundle contains the engine");
  assert.ok(!inputs.some((i) => i.startsWith("node:")), "no node: module in the bundle");
});
