import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, getTableColumns, isNull } from "drizzle-orm";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { apiTokens, people, type ApiToken, type Person } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";

/** Every API token starts with this, so a leaked one is recognisable (and secret scanners can match it). */
export const API_TOKEN_PREFIX = "obt_";
const PREFIX_SHOWN = API_TOKEN_PREFIX.length + 6;

/**
 * The stored form of a secret token: its SHA-256. Tokens carry 256 random bits, so a fast hash is
 * safe here (a slow password hash is for guessable secrets); a database leak does not leak tokens.
 *
 * @example hashToken("obt_abc").length // 64
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new random secret with the given prefix: 32 random bytes, base64url. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** A token as listed: never its secret. */
const { tokenHash: _tokenHash, ...columns } = getTableColumns(apiTokens);

export type ApiTokenInfo = Omit<ApiToken, "tokenHash">;

/**
 * Creates an API token for a person of the workspace. The token is in the result once and never
 * again: only its hash is stored.
 *
 * @example
 * const { token } = await createApiToken(store.db, workspace.id, { personId: maya.id, name: "CI" }, maya.id);
 * token.startsWith("obt_") // true
 */
export async function createApiToken(
  db: Database,
  workspaceId: string,
  input: { personId: string; name: string },
  actorId: ActorId,
): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = newSecret(API_TOKEN_PREFIX);
  try {
    return await db.transaction(async (tx) => {
      const [person] = isUuid(input.personId) && isUuid(workspaceId)
        ? await tx
            .select({ id: people.id })
            .from(people)
            .where(and(eq(people.id, input.personId), eq(people.workspaceId, workspaceId)))
        : [];
      if (!person) throw new StoreError("not_found", `personId: there is no person ${input.personId} in this workspace`);
      const [row] = await tx
        .insert(apiTokens)
        .values({ workspaceId, personId: input.personId, name: input.name, prefix: token.slice(0, PREFIX_SHOWN), tokenHash: hashToken(token) })
        .returning();
      if (!row) throw new Error("insert into api_tokens returned no row");
      const { tokenHash: _hash, ...info } = row;
      await appendAudit(tx, { workspaceId, actorId, action: "api_token.create", entityType: "api_token", entityId: row.id, after: info });
      return { token, info };
    });
  } catch (error) {
    throw storeErrorFrom(error, "creating an API token");
  }
}

/**
 * The person an API token signs in, if the token exists and is not revoked; records when it was
 * last used (at most once a minute per token, to keep reads cheap).
 *
 * @example (await personOfApiToken(store.db, token))?.email // "maya@fizzwell.example"
 */
export async function personOfApiToken(db: Database, token: string): Promise<{ person: Person; tokenId: string } | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const [found] = await db
    .select({ person: people, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(people, and(eq(people.id, apiTokens.personId), eq(people.workspaceId, apiTokens.workspaceId)))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
  if (!found) return undefined;
  if (found.lastUsedAt === null || Date.now() - found.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, found.tokenId));
  }
  return { person: found.person, tokenId: found.tokenId };
}

/**
 * A workspace's API tokens (of one person when `personId` is given), newest first, without secrets.
 *
 * @example (await listApiTokens(store.db, workspace.id, { personId: maya.id }))[0]?.prefix // "obt_1a2b3c"
 */
export async function listApiTokens(db: Database, workspaceId: string, filter: { personId?: string } = {}): Promise<ApiTokenInfo[]> {
  if (!isUuid(workspaceId) || (filter.personId !== undefined && !isUuid(filter.personId))) return [];
  const conditions = [eq(apiTokens.workspaceId, workspaceId)];
  if (filter.personId !== undefined) conditions.push(eq(apiTokens.personId, filter.personId));
  return db
    .select(columns)
    .from(apiTokens)
    .where(and(...conditions))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/**
 * Revokes a token of the workspace: it stops working at once; the row stays for the record.
 * Revoking a revoked token is a no-op; a token of another workspace is `not_found`.
 *
 * @example await revokeApiToken(store.db, workspace.id, tokenId, admin.id);
 */
export async function revokeApiToken(db: Database, workspaceId: string, tokenId: string, actorId: ActorId): Promise<ApiTokenInfo> {
  return db.transaction(async (tx) => {
    const [before] = isUuid(workspaceId) && isUuid(tokenId)
      ? await tx
          .select(columns)
          .from(apiTokens)
          .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.workspaceId, workspaceId)))
      : [];
    if (!before) throw new StoreError("not_found", `there is no API token ${tokenId} in this workspace`);
    if (before.revokedAt !== null) return before;
    const [after] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, tokenId)).returning(columns);
    if (!after) throw new Error(`update of API token ${tokenId} returned no row`);
    await appendAudit(tx, { workspaceId, actorId, action: "api_token.revoke", entityType: "api_token", entityId: tokenId, before, after });
    return after;
  });
}
