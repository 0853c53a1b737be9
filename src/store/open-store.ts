import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "./schema.ts";
import { StoreError } from "./store-error.ts";

/** The Drizzle database of an open store, or a transaction on it: repositories take either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * An open database with the current schema.
 *
 * @example
 * const store = await openStore({ dataDir: "memory://" });
 * await store.db.select().from(workspaces);
 * await store.close();
 */
export interface Store {
  readonly db: Database;
  readonly driver: "pglite" | "postgres";
  /** Where the data lives, for messages: the data directory, or the URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** A `postgres://` (or `postgresql://`) URL, as in `DATABASE_URL`. When set, `dataDir` is ignored. */
  url?: string;
  /** The embedded database's folder (PGlite); `memory://` keeps it in memory. Default `.onbrand/data`. */
  dataDir?: string;
}

/** Default folder of the embedded database, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".onbrand/data";

/**
 * `src/store/migrations/`, seen from src/store/ (tests) and dist/store/ (the build) alike: the SQL
 * files are not compiled, so the package ships the source folder.
 */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../src/store/migrations/", import.meta.url));

/** Drizzle's bookkeeping table, in its own schema (the migrator's default). */
const MIGRATIONS_TABLE = "drizzle.__drizzle_migrations";

/**
 * Opens the studio's database and brings its schema up to date: PostgreSQL (node-postgres pool) when
 * `url` is given, otherwise the embedded PGlite in `dataDir`. Migrations apply on open; a database
 * that has migrations this code does not know (upgraded by a newer onbrand) is refused with a
 * `store_newer_than_code` StoreError, and nothing is changed in it.
 *
 * @example
 * const store = await openStore({ url: process.env.DATABASE_URL, dataDir: ".onbrand/data" });
 * try {
 *   await createWorkspace(store.db, { name: "Fizzwell" });
 * } finally {
 *   await store.close();
 * }
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir ?? DEFAULT_DATA_DIR);
}

async function openPostgres(url: string): Promise<Store> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new StoreError("store_unreachable", `DATABASE_URL must be a postgres:// or postgresql:// URL, not "${redact(url)}": fix it, or unset it to use the embedded database`);
  }
  const location = redact(url);
  const pool = new pg.Pool({ connectionString: url, application_name: "onbrand" });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const db = drizzleNodePg({ client: pool, schema });
  try {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new StoreError(
        "store_unreachable",
        `cannot connect to PostgreSQL at ${location} (${errorText(error)}): start the server, or fix DATABASE_URL (host, port, database, user and password)`,
        { cause: error },
      );
    }
    try {
      // One migrator at a time: `serve` and `worker` may start together against one database.
      await client.query("select pg_advisory_lock(hashtext('onbrand.migrations'))");
      const migrationDb = drizzleNodePg({ client, schema });
      await upgrade(migrationDb, location, () => migrateNodePg(migrationDb, { migrationsFolder: MIGRATIONS_FOLDER }));
    } finally {
      await client.query("select pg_advisory_unlock(hashtext('onbrand.migrations'))").catch(() => {});
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { db, driver: "postgres", location, close: () => pool.end() };
}

async function openPglite(dataDir: string): Promise<Store> {
  const inMemory = dataDir.startsWith("memory://");
  const location = inMemory ? "the in-memory embedded database" : `the embedded database in ${dataDir}`;
  let client: PGlite;
  const unlock = inMemory ? () => {} : lockFolder(dataDir);
  try {
    if (!inMemory) mkdirSync(dataDir, { recursive: true });
    client = new PGlite(dataDir);
    await client.waitReady;
  } catch (error) {
    unlock();
    throw new StoreError(
      "store_unreachable",
      `cannot open ${location} (${errorText(error)}): check that the folder is writable and that no other onbrand process has it open`,
      { cause: error },
    );
  }
  const db = drizzlePglite({ client, schema });
  const close = async () => {
    try {
      await client.close();
    } finally {
      unlock();
    }
  };
  try {
    await upgrade(db, location, () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }));
  } catch (error) {
    await close();
    throw error;
  }
  return { db, driver: "pglite", location, close };
}

/**
 * Takes the embedded database's folder for this process (`<dataDir>.lock` holds its pid): two
 * processes on one PGlite folder corrupt it. A lock left by a process that is gone (killed) is
 * taken over. Returns the release.
 */
function lockFolder(dataDir: string): () => void {
  const path = `${dataDir.replace(/[\\/]+$/, "")}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new StoreError(
          "store_busy",
          `another onbrand process (pid ${pid}${pid === process.pid ? ", this one" : ""}) has the embedded database in ${dataDir} open: stop it first (the embedded database serves one process); to run several processes (servers, workers, commands), use PostgreSQL (DATABASE_URL)`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new StoreError("store_busy", `cannot lock the embedded database in ${dataDir}: remove ${path} if no onbrand process is running`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Refuses a database newer than the code, then applies the migrations it lacks (in one transaction). */
async function upgrade(db: Database, location: string, migrate: () => Promise<void>): Promise<void> {
  const known = new Set(knownMigrations().map((m) => m.when));
  const unknown = (await appliedMigrations(db)).filter((m) => !known.has(m.createdAt));
  if (unknown.length > 0) {
    const newest = new Date(Math.max(...unknown.map((m) => m.createdAt))).toISOString();
    throw new StoreError(
      "store_newer_than_code",
      `${location} was upgraded by a newer onbrand: it has ${unknown.length} migration${unknown.length === 1 ? "" : "s"} this version does not know (the newest from ${newest}). Upgrade onbrand to open it, or point DATABASE_URL or the data directory at another database.`,
    );
  }
  try {
    await migrate();
  } catch (error) {
    throw new StoreError(
      "store_migration_failed",
      `migrating ${location} failed (${errorText(error)}); the migration was rolled back and the database is as it was: report it with this message`,
      { cause: error },
    );
  }
}

interface JournalEntry {
  tag: string;
  /** Milliseconds since the epoch; the migrator records it as `created_at`. */
  when: number;
}

/** The migrations this code ships, from drizzle-kit's journal. */
export function knownMigrations(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}meta/_journal.json`, "utf8")) as { entries: JournalEntry[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}

async function appliedMigrations(db: Database): Promise<{ createdAt: number }[]> {
  const [table] = rows<{ name: string | null }>(await db.execute(sql.raw(`select to_regclass('${MIGRATIONS_TABLE}')::text as name`)));
  if (!table?.name) return [];
  return rows<{ created_at: string | number | null }>(await db.execute(sql.raw(`select created_at from ${MIGRATIONS_TABLE}`))).map((r) => ({
    createdAt: Number(r.created_at),
  }));
}

/**
 * Refreshes the query planner's table statistics on the embedded database, which has no autovacuum
 * daemon to do it (PostgreSQL's does): without them the planner misjudges row counts and sorts a
 * whole table for a page the index would give. A no-op on PostgreSQL.
 *
 * @example await refreshStatistics(store); // after a large import, and every few minutes
 */
export async function refreshStatistics(store: Pick<Store, "db"> & Partial<Pick<Store, "driver">>): Promise<void> {
  if (store.driver === "pglite") await store.db.execute(sql.raw("analyze"));
}

/**
 * The rows of `db.execute`: both drivers answer `{ rows }`.
 *
 * @example rows<{ n: number }>(await store.db.execute(sql`select 1 as n`))[0]?.n // 1
 */
export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unparsable URL)";
  }
}

function errorText(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof AggregateError && cause.errors[0] instanceof Error) return cause.errors[0].message;
  return cause instanceof Error ? cause.message || cause.name : String(cause);
}
