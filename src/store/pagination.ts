import { type AnyPgColumn } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import { isUuid } from "./ids.ts";
import { StoreError } from "./store-error.ts";

/** One page of a list, newest first, and the cursor of the next page (null on the last one). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** A page size within 1..MAX_PAGE_SIZE (DEFAULT_PAGE_SIZE when absent). */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/**
 * Where a page of a list ordered by (timestamp desc, id desc) stopped: the last row's timestamp to
 * the microsecond (a JavaScript Date keeps milliseconds, which would skip or repeat rows written in
 * the same millisecond) and its id.
 */
export interface TimeKey {
  at: string;
  id: string;
}

/**
 * The timestamp as the database writes it (`2026-01-05 10:00:00.123456+00`), all its microseconds
 * and its offset, for a cursor. It is the bare column: Drizzle's drivers hand timestamps over as
 * text, and an expression such as to_char would be computed for every row the sort reads, not only
 * for the page.
 */
export function timeKeyText(column: AnyPgColumn): SQL<string> {
  return sql<string>`${column}`.mapWith(String);
}

/** Rows after `key` in (timestamp desc, id desc) order. */
export function afterTimeKey(timeColumn: AnyPgColumn, idColumn: AnyPgColumn, key: TimeKey): SQL {
  return sql`(${timeColumn}, ${idColumn}) < (${key.at}::timestamptz, ${key.id}::uuid)`;
}

/** A timestamp as PostgreSQL writes it in ISO style: `2026-01-05 10:00:00.123456+00`, `…+05:30`. */
const TIME_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)$/;

/**
 * An opaque cursor for the values it holds (base64url of JSON), so clients pass it back as they
 * got it and never build one.
 *
 * @example encodeCursor(["2026-01-05 10:00:00.123456+00", id]) // "WyIyMDI2LTAx…"
 */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** The values of a cursor, or an `invalid_value` StoreError on `cursor` for anything this store did not give out. */
export function decodeCursor(cursor: string, valid: (values: unknown[]) => boolean): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || !valid(values)) {
    throw new StoreError("invalid_value", "cursor: not a cursor this list gave out; pass the nextCursor of the previous page as it was, or leave cursor out for the first page");
  }
  return values;
}

/** A TimeKey cursor's values. */
export function decodeTimeKey(cursor: string): TimeKey {
  const [at, id] = decodeCursor(cursor, (v) => v.length === 2 && typeof v[0] === "string" && TIME_TEXT.test(v[0]) && typeof v[1] === "string" && isUuid(v[1]));
  return { at: at as string, id: id as string };
}

/**
 * The page of `rows` (fetched with one row more than `limit`, to know whether more follow) and the
 * cursor after its last row.
 *
 * @example
 * const rows = await query.limit(limit + 1);
 * return pageOf(rows, limit, (row) => [row.cursorAt, row.id]);
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
