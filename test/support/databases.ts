import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { OpenStoreOptions } from "../../src/store/index.ts";

/** A fresh, empty database for one suite, and how to remove it afterwards. */
export interface DatabaseFixture {
  options: OpenStoreOptions;
  drop(): Promise<void>;
}

/** PGlite in a temporary folder (not memory://), so a suite can reopen the same database. */
export function pgliteFixture(): DatabaseFixture {
  const dataDir = mkdtempSync(join(tmpdir(), "onbrand-store-"));
  return { options: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A uniquely named database on DATABASE_URL's server, so parallel runs never share one; `prefix` says whose it is. */
export async function postgresFixture(url: string, prefix = "onbrand_test"): Promise<DatabaseFixture> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  return {
    options: { url: testUrl.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface DatabaseTarget {
  name: "PGlite" | "PostgreSQL";
  make(): Promise<DatabaseFixture>;
  /** A reason to skip (PostgreSQL without DATABASE_URL), or false. */
  skip: string | false;
}

/**
 * The databases every store and API suite runs on: PGlite always, PostgreSQL when `DATABASE_URL`
 * is set (`.ci/run` sets it when a server answers).
 *
 * @example
 * for (const target of databaseTargets()) describe(`assets on ${target.name}`, { skip: target.skip }, () => { ... });
 */
export function databaseTargets(): DatabaseTarget[] {
  const url = process.env.DATABASE_URL;
  return [
    { name: "PGlite", make: async () => pgliteFixture(), skip: false },
    { name: "PostgreSQL", make: () => postgresFixture(url ?? ""), skip: url ? false : "DATABASE_URL is not set" },
  ];
}
