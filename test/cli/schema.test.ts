import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { makeFolder, runCli } from "./cli-harness.ts";

const folder = makeFolder({});
after(() => folder.dispose());

interface JsonSchema {
  type?: string;
  properties?: Record<string, unknown>;
}

test("schema prints the brand.yaml JSON Schema by default", async () => {
  const run = await runCli(["schema"], folder.dir);
  assert.equal(run.code, 0, run.stderr);
  const schema = JSON.parse(run.stdout) as JsonSchema;
  assert.equal(schema.type, "object");
  for (const key of ["name", "terms", "claims", "disclaimers", "channels"]) assert.ok(schema.properties?.[key], key);
});

test("schema config prints the onbrand.yaml schema; --out writes it to a file", async () => {
  const run = await runCli(["schema", "config", "--out", "schemas/onbrand.schema.json"], folder.dir);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "wrote the config schema to schemas/onbrand.schema.json\n");
  const schema = JSON.parse(readFileSync(join(folder.dir, "schemas", "onbrand.schema.json"), "utf8")) as JsonSchema;
  for (const key of ["kit", "styles", "min_level", "channel", "ignore", "rules"]) assert.ok(schema.properties?.[key], key);
});

test("schema usecase prints the use case schema", async () => {
  const run = await runCli(["schema", "usecase"], folder.dir);
  assert.equal(run.code, 0, run.stderr);
  const schema = JSON.parse(run.stdout) as JsonSchema & { required?: string[] };
  for (const key of ["id", "name", "owner", "asset_type", "channels", "inputs", "output", "instructions", "examples", "tests", "variants"]) {
    assert.ok(schema.properties?.[key], key);
  }
  assert.deepEqual(schema.required, ["name", "asset_type", "output", "instructions"]);
});

test("an unknown schema name is a usage error", async () => {
  const run = await runCli(["schema", "kit"], folder.dir);
  assert.deepEqual(run, { code: 2, stdout: "", stderr: 'onbrand: error: schema must be one of brand, config, usecase (got "kit")\n' });
});
