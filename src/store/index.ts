/**
 * The studio's persistence layer: one schema on PGlite (embedded) or PostgreSQL, migrations on
 * open, and repositories that keep every query inside one workspace and write every change to the
 * audit log in the change's own transaction. See docs/store.md.
 *
 * @example
 * import { openStore, createWorkspace } from "./store/index.ts";
 * const store = await openStore({ url: process.env.DATABASE_URL });
 * const workspace = await createWorkspace(store.db, { name: "Fizzwell" });
 * await store.close();
 */
export { openStore, knownMigrations, DEFAULT_DATA_DIR, MIGRATIONS_FOLDER, type Database, type OpenStoreOptions, type Store } from "./open-store.ts";
export { StoreError, STORE_ERROR_CODES, type StoreErrorCode } from "./store-error.ts";
export { appendAudit, listAudit, type ActorId, type AuditFilter, type NewAuditEntry } from "./audit.ts";
export { createWorkspace, addPerson, createBrand, updateWorkspaceSettings, type NewWorkspace, type NewPerson } from "./workspaces.ts";
export { saveKitVersion, listKitVersions, kitVersionOf, type NewKitVersion } from "./kit-versions.ts";
export { createAsset, getAsset, updateAsset, type NewAsset, type AssetChanges } from "./assets.ts";
export * from "./schema.ts";
export { createApiToken, personOfApiToken, listApiTokens, revokeApiToken, hashToken, newSecret, API_TOKEN_PREFIX, type ApiTokenInfo } from "./api-tokens.ts";
export * from "./people.ts";
export * from "./sessions.ts";
export * from "./use-cases.ts";
export * from "./briefs.ts";
export * from "./checks.ts";
export * from "./reviews.ts";
export * from "./events.ts";
export * from "./runs.ts";
export { listAuditPage } from "./audit.ts";
export { listAssets } from "./assets.ts";
export { type Page } from "./pagination.ts";
