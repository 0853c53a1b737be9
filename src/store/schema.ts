/**
 * The studio's database schema: one Drizzle schema for PGlite (embedded) and PostgreSQL.
 * drizzle-kit generates the SQL migrations in `migrations/` from this file (`npm run db:generate`);
 * docs/store.md describes every table.
 *
 * Conventions: uuid primary keys (`gen_random_uuid()`), snake_case columns, every workspace-owned
 * table has an indexed `workspace_id`, closed sets of values are text columns with a CHECK
 * constraint (adding a value is a plain migration, unlike a Postgres enum type), and rows that
 * name a version (kit versions, use-case versions, audit entries) are never updated.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import type { Finding } from "../core/findings.ts";
import type { FieldValue } from "../core/parse/structured.ts";

export const ROLES = ["admin", "champion", "creator", "reviewer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ASSET_KINDS = ["master", "variant"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const ASSET_STATUSES = ["draft", "checked", "in_review", "approved", "rejected", "changes_requested", "published"] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const REVIEW_DECISIONS = ["approve", "reject", "request_changes"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const RUN_STATUSES = ["queued", "running", "finished", "cancelled", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `column IN ('a', 'b')` for a CHECK constraint; the values are constants of this file, never input. */
function oneOf(column: AnyPgColumn, values: readonly string[]) {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;
}

const id = () => uuid("id").primaryKey().defaultRandom();
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id);
const personRef = (name: string) => uuid(name).references((): AnyPgColumn => people.id);

/** A team's space: everything else belongs to exactly one workspace. */
export const workspaces = pgTable("workspaces", {
  id: id(),
  name: text("name").notNull(),
  /** Workspace-wide switches, e.g. whether a creator may approve their own asset. */
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const people = pgTable(
  "people",
  {
    id: id(),
    workspaceId: workspaceId(),
    /** Stored trimmed and lower-cased, so the unique constraint is case-insensitive. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    team: text("team"),
    region: text("region"),
    champion: boolean("champion").notNull().default(false),
    /** Null for people who only sign in with API tokens (or have not set a password yet). */
    passwordHash: text("password_hash"),
    createdAt: createdAt(),
  },
  (t) => [
    index("people_workspace_id_idx").on(t.workspaceId),
    unique("people_workspace_email_unique").on(t.workspaceId, t.email),
    check("people_role_check", oneOf(t.role, ROLES)),
  ],
);

export const brands = pgTable(
  "brands",
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text("name").notNull(),
    /** The kit version checks and generation use; a new version (or a rollback) moves it. */
    currentKitVersionId: uuid("current_kit_version_id").references((): AnyPgColumn => kitVersions.id),
    createdAt: createdAt(),
  },
  (t) => [index("brands_workspace_id_idx").on(t.workspaceId), unique("brands_workspace_name_unique").on(t.workspaceId, t.name)],
);

/** An immutable snapshot of a brand kit's files; `version` is the core's content hash of them. */
export const kitVersions = pgTable(
  "kit_versions",
  {
    id: id(),
    workspaceId: workspaceId(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    version: text("version").notNull(),
    /** Workspace-relative path -> file text, e.g. `{"brand/brand.yaml": "name: Fizzwell\n"}`. */
    files: jsonb("files").$type<Record<string, string>>().notNull(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [index("kit_versions_workspace_id_idx").on(t.workspaceId), unique("kit_versions_brand_version_unique").on(t.brandId, t.version)],
);

/** A library entry; its content lives in `use_case_versions`. */
export const useCases = pgTable(
  "use_cases",
  {
    id: id(),
    workspaceId: workspaceId(),
    brandId: uuid("brand_id")
      .notNull()
      .references(() => brands.id),
    /** The id from the library, e.g. `email` for `brand/usecases/email.yaml`. */
    useCaseId: text("use_case_id").notNull(),
    /** The champion who maintains it (name or email, as in the use case's `owner:`). */
    owner: text("owner"),
    /** The version briefs and generation use; a new version (or a rollback) moves it. Null once removed from the library. */
    currentVersionId: uuid("current_version_id").references((): AnyPgColumn => useCaseVersions.id),
    createdAt: createdAt(),
  },
  (t) => [index("use_cases_workspace_id_idx").on(t.workspaceId), unique("use_cases_brand_use_case_unique").on(t.brandId, t.useCaseId)],
);

export const useCaseVersions = pgTable(
  "use_case_versions",
  {
    id: id(),
    workspaceId: workspaceId(),
    useCaseId: uuid("use_case_id")
      .notNull()
      .references(() => useCases.id),
    version: text("version").notNull(),
    /** The use case's YAML file, exactly as written. */
    file: text("file").notNull(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    index("use_case_versions_workspace_id_idx").on(t.workspaceId),
    unique("use_case_versions_use_case_version_unique").on(t.useCaseId, t.version),
  ],
);

export const briefs = pgTable(
  "briefs",
  {
    id: id(),
    workspaceId: workspaceId(),
    useCaseId: uuid("use_case_id")
      .notNull()
      .references(() => useCases.id),
    values: jsonb("values").$type<Record<string, unknown>>().notNull(),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [index("briefs_workspace_id_idx").on(t.workspaceId)],
);

export const generationRuns = pgTable(
  "generation_runs",
  {
    id: id(),
    workspaceId: workspaceId(),
    useCaseId: uuid("use_case_id").references(() => useCases.id),
    /** Hash of the variant plan: a resumed run must produce the same plan. */
    planHash: text("plan_hash").notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    kitVersionId: uuid("kit_version_id").references(() => kitVersions.id),
    useCaseVersionId: uuid("use_case_version_id").references(() => useCaseVersions.id),
    briefId: uuid("brief_id").references(() => briefs.id),
    /** What to generate: targets, count, provider settings (never a key), the master asset. */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    planned: integer("planned").notNull().default(0),
    succeeded: integer("succeeded").notNull().default(0),
    needsReview: integer("needs_review").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** Why the run failed as a whole (a missing key, an unreachable provider). */
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("generation_runs_workspace_id_idx").on(t.workspaceId), check("generation_runs_status_check", oneOf(t.status, RUN_STATUSES))],
);

/** A master asset or a variant, its lifecycle status and where it came from (lineage). */
export const assets = pgTable(
  "assets",
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text("kind", { enum: ASSET_KINDS }).notNull(),
    /** A name people recognise it by in lists, e.g. "Zero launch email". */
    title: text("title"),
    useCaseId: uuid("use_case_id").references(() => useCases.id),
    /** Output field name -> value, e.g. `{"subject": "…", "headlines": ["…", "…"]}`: text, lists and objects of text. */
    fields: jsonb("fields").$type<Record<string, FieldValue>>().notNull(),
    channel: text("channel"),
    locale: text("locale"),
    audience: text("audience"),
    region: text("region"),
    status: text("status", { enum: ASSET_STATUSES }).notNull().default("draft"),
    kitVersionId: uuid("kit_version_id").references(() => kitVersions.id),
    useCaseVersionId: uuid("use_case_version_id").references(() => useCaseVersions.id),
    provider: text("provider"),
    model: text("model"),
    promptPrefixHash: text("prompt_prefix_hash"),
    briefHash: text("brief_hash"),
    parentAssetId: uuid("parent_asset_id").references((): AnyPgColumn => assets.id),
    generationRunId: uuid("generation_run_id").references(() => generationRuns.id),
    /** The generator's stable variant id; unique per workspace so a resumed run cannot duplicate one. */
    variantId: text("variant_id"),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: every update must name the version it read; it then increments. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("assets_workspace_id_idx").on(t.workspaceId),
    // The review queue and other status filters, in the list's order.
    index("assets_workspace_status_idx").on(t.workspaceId, t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The asset list's order (newest first, id breaking ties): a page reads its rows, not a sort of the workspace.
    // NULLS FIRST is what a plain `ORDER BY ... DESC` means; an index ordered otherwise is not used for it.
    index("assets_workspace_created_idx").on(t.workspaceId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("assets_parent_asset_id_idx").on(t.parentAssetId),
    index("assets_generation_run_id_idx").on(t.generationRunId),
    unique("assets_workspace_variant_unique").on(t.workspaceId, t.variantId),
    check("assets_kind_check", oneOf(t.kind, ASSET_KINDS)),
    check("assets_status_check", oneOf(t.status, ASSET_STATUSES)),
  ],
);

/** One run of the checker over one version of an asset. */
export const checks = pgTable(
  "checks",
  {
    id: id(),
    workspaceId: workspaceId(),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id),
    /** The asset's `version` that was checked. */
    assetVersion: integer("asset_version").notNull(),
    kitVersionId: uuid("kit_version_id")
      .notNull()
      .references(() => kitVersions.id),
    findings: jsonb("findings").$type<Finding[]>().notNull(),
    errors: integer("errors").notNull(),
    warnings: integer("warnings").notNull(),
    suggestions: integer("suggestions").notNull(),
    score: integer("score").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("checks_workspace_id_idx").on(t.workspaceId), index("checks_asset_id_idx").on(t.assetId)],
);

export const reviews = pgTable(
  "reviews",
  {
    id: id(),
    workspaceId: workspaceId(),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => people.id),
    decision: text("decision", { enum: REVIEW_DECISIONS }).notNull(),
    reason: text("reason"),
    /** Approved despite error-level findings; `reason` then says why. */
    override: boolean("override").notNull().default(false),
    /** Findings the reviewer dismissed as false positives. */
    dismissedFindings: jsonb("dismissed_findings").$type<Finding[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    index("reviews_workspace_id_idx").on(t.workspaceId),
    index("reviews_asset_id_idx").on(t.assetId),
    check("reviews_decision_check", oneOf(t.decision, REVIEW_DECISIONS)),
  ],
);

/**
 * Background work. Workers claim due rows with `SELECT … FOR UPDATE SKIP LOCKED` and hold them
 * until `locked_until`; a row whose lock expired (a killed worker) is claimed again.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    /** Null for maintenance jobs that belong to no workspace. */
    workspaceId: uuid("workspace_id").references(() => workspaces.id),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("jobs_workspace_id_idx").on(t.workspaceId),
    index("jobs_status_run_at_idx").on(t.status, t.runAt),
    check("jobs_status_check", oneOf(t.status, JOB_STATUSES)),
  ],
);

export const usageEvents = pgTable(
  "usage_events",
  {
    id: id(),
    workspaceId: workspaceId(),
    personId: personRef("person_id"),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("usage_events_workspace_at_idx").on(t.workspaceId, t.at)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    workspaceId: workspaceId(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    name: text("name").notNull(),
    /** The token's first characters (`obt_1a2b3c`), so people can tell their tokens apart. */
    prefix: text("prefix").notNull(),
    /** A hash of the token; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull().unique("api_tokens_token_hash_unique"),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_workspace_id_idx").on(t.workspaceId)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** A hash of the session cookie's value, so a database leak does not leak sessions. */
    id: text("id").primaryKey(),
    workspaceId: workspaceId(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    csrfTokenHash: text("csrf_token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_workspace_id_idx").on(t.workspaceId), index("sessions_expires_at_idx").on(t.expiresAt)],
);

/**
 * A one-time link to join a workspace (or, for the first admin, to set it up): only the hash of its
 * token is kept; `usedAt` is set when it is redeemed, and an expired or used invite never works again.
 */
export const invites = pgTable(
  "invites",
  {
    id: id(),
    workspaceId: workspaceId(),
    tokenHash: text("token_hash").notNull().unique("invites_token_hash_unique"),
    role: text("role", { enum: ROLES }).notNull(),
    /** Null: whoever holds the link chooses the email. */
    email: text("email"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [index("invites_workspace_id_idx").on(t.workspaceId), check("invites_role_check", oneOf(t.role, ROLES))],
);

/** Failed sign-ins, by key (email and client address), for the login rate limit across server processes. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: id(),
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_key_at_idx").on(t.key, t.at)],
);

/**
 * Append-only: a trigger (migration 0001) rejects UPDATE and DELETE. `seq` orders entries
 * exactly as they were written, which `at` cannot (one transaction shares one `now()`).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    workspaceId: workspaceId(),
    /** Null for changes made by the system (migrations, the demo loader). */
    actorId: personRef("actor_id"),
    /** `<entity>.<verb>`, e.g. `asset.update`. */
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before").$type<Record<string, unknown>>(),
    after: jsonb("after").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_workspace_seq_idx").on(t.workspaceId, t.seq), index("audit_log_entity_idx").on(t.entityType, t.entityId)],
);

export type Workspace = typeof workspaces.$inferSelect;
export type Person = typeof people.$inferSelect;
export type Brand = typeof brands.$inferSelect;
export type KitVersion = typeof kitVersions.$inferSelect;
export type UseCaseRow = typeof useCases.$inferSelect;
export type UseCaseVersion = typeof useCaseVersions.$inferSelect;
export type BriefRow = typeof briefs.$inferSelect;
export type GenerationRun = typeof generationRuns.$inferSelect;
export type Asset = typeof assets.$inferSelect;
export type CheckRow = typeof checks.$inferSelect;
export type Review = typeof reviews.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type UsageEvent = typeof usageEvents.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type Invite = typeof invites.$inferSelect;
