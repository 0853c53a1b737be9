import { OnbrandError } from "../core/errors.ts";

export const STORE_ERROR_CODES = [
  "store_unreachable",
  "store_newer_than_code",
  "store_migration_failed",
  "not_found",
  "conflict",
  "already_exists",
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/**
 * The database refused or could not do something. The message names the database (never its
 * password), the row or field concerned, and what to do next; `code` is stable, for the server to
 * map to an HTTP status in one place.
 *
 * @example
 * new StoreError("conflict", "asset 3f… was changed by someone else (it is at version 4, the edit was made to version 3): reload it and edit again")
 */
export class StoreError extends OnbrandError {
  declare readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * The SQLSTATE of a database error, looking through Drizzle's wrapper (`DrizzleQueryError.cause`).
 * Both node-postgres and PGlite put it on `code`, e.g. `23505` for a unique violation.
 *
 * @example sqlState(err) === "23505"
 */
export function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
