import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { generateDrizzleJson, generateMigration } from "drizzle-kit/api";
import { knownMigrations, MIGRATIONS_FOLDER } from "./open-store.ts";
import * as schema from "./schema.ts";

test("the committed migrations match schema.ts (after changing it, run npm run db:generate)", async () => {
  const last = knownMigrations().length - 1;
  const snapshot = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}meta/${String(last).padStart(4, "0")}_snapshot.json`, "utf8"));
  const current = generateDrizzleJson(schema, snapshot.id);
  assert.deepEqual(await generateMigration(snapshot, current), []);
});
