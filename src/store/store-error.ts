import { OnbrandError } from "../core/errors.ts";

export const STORE_ERROR_CODES = [
  "store_unreachable",
  "store_busy",
  "store_newer_than_code",
  "store_migration_failed",
  "not_found",
  "conflict",
  "already_exists",
  "invalid_value",
  "query_failed",
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

const CONSTRAINT_KINDS: Readonly<Record<string, { code: StoreErrorCode; what: string; fix: string }>> = {
  "23503": { code: "not_found", what: "refers to a row that does not exist in this workspace", fix: "check the workspace, person and other ids" },
  "22P02": { code: "not_found", what: "has an id that is not a valid id", fix: "check the ids" },
  "23514": { code: "invalid_value", what: "has a value outside the allowed ones", fix: "check the fields against docs/store.md" },
  "23502": { code: "invalid_value", what: "is missing a required field", fix: "fill in the required fields" },
};

/**
 * A database error as a StoreError that says what was being done, which constraint refused it and
 * what to do, and never carries the statement's parameters (a password hash, copy from a brief):
 * drivers put them in their messages, and messages end up in logs. A StoreError passes through.
 *
 * @example
 * catch (error) { throw storeErrorFrom(error, "adding a person") }
 * // not_found: adding a person refers to a row that does not exist in this workspace (people_workspace_id_fk): check the workspace, person and other ids
 */
export function storeErrorFrom(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const state = sqlState(error);
  const constraint = constraintOf(error);
  const kind = state === undefined ? undefined : CONSTRAINT_KINDS[state];
  const where = constraint ? ` (${constraint})` : "";
  if (kind) return new StoreError(kind.code, `${doing} ${kind.what}${where}: ${kind.fix}`);
  return new StoreError("query_failed", `${doing} failed in the database${state ? ` (SQLSTATE ${state})` : ""}${where}: try again; report it if it persists`);
}

function constraintOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === "string" && /^[\w.]+$/.test(constraint)) return constraint;
  }
  return undefined;
}
