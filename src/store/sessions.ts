import { createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, lte, ne } from "drizzle-orm";
import { hashToken, newSecret } from "./api-tokens.ts";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { normalEmail } from "./people.ts";
import { invites, loginAttempts, people, sessions, type Invite, type Person, type Role, type Session } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";
import { addPerson } from "./workspaces.ts";

/** How long a browser session lasts after sign-in. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** How long the first admin's setup link works. */
export const SETUP_INVITE_TTL_MS = 24 * 60 * 60 * 1000;
/** How long an invitation to join works. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** The window failed sign-ins are counted in. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

const SESSION_PREFIX = "obs_";
const INVITE_PREFIX = "obi_";

/** A new session: the cookie's secret and the CSRF token go to the browser once; neither is stored. */
export interface NewSession {
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * The CSRF token of a session, derived from its secret (HMAC-SHA256). The server can give it again
 * from the cookie (`GET /api/auth/csrf`) without storing it, and it reveals nothing of the secret.
 *
 * @example csrfTokenOf(session.secret) === session.csrfToken // true
 */
export function csrfTokenOf(secret: string): string {
  return createHmac("sha256", secret).update("onbrand csrf token").digest("base64url");
}

/**
 * Signs a person in: a session row keyed by the hash of a new random secret (the cookie's value),
 * with the hash of its CSRF token, expiring after SESSION_TTL_MS. Audited as `person.sign_in`.
 *
 * @example
 * const { secret, csrfToken } = await createSession(store.db, person);
 */
export async function createSession(db: Database, person: Pick<Person, "id" | "workspaceId">, how: "password" | "invite" = "password"): Promise<NewSession> {
  const secret = newSecret(SESSION_PREFIX);
  const csrfToken = csrfTokenOf(secret);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  try {
    await db.transaction(async (tx) => {
      // The person's expired sessions go now; the ones of people who never come back, in pruneExpired.
      await tx.delete(sessions).where(and(eq(sessions.workspaceId, person.workspaceId), eq(sessions.personId, person.id), lte(sessions.expiresAt, new Date())));
      await tx.insert(sessions).values({ id: hashToken(secret), workspaceId: person.workspaceId, personId: person.id, csrfTokenHash: hashToken(csrfToken), expiresAt });
      await appendAudit(tx, { workspaceId: person.workspaceId, actorId: person.id, action: "person.sign_in", entityType: "person", entityId: person.id, after: { how, expiresAt: expiresAt.toISOString() } });
    });
  } catch (error) {
    throw storeErrorFrom(error, "signing in");
  }
  return { secret, csrfToken, expiresAt };
}

/**
 * The session a cookie's secret opens and its person, or undefined when there is none. An expired
 * session is deleted and refused.
 *
 * @example const found = await findSession(store.db, cookie); found?.person.email
 */
export async function findSession(db: Database, secret: string): Promise<{ session: Session; person: Person } | undefined> {
  if (!secret.startsWith(SESSION_PREFIX)) return undefined;
  const id = hashToken(secret);
  const [found] = await db
    .select({ session: sessions, person: people })
    .from(sessions)
    .innerJoin(people, and(eq(people.id, sessions.personId), eq(people.workspaceId, sessions.workspaceId)))
    .where(eq(sessions.id, id));
  if (!found) return undefined;
  if (found.session.expiresAt.getTime() <= Date.now()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return undefined;
  }
  return found;
}

/**
 * Whether a request's CSRF token is the session's, compared in constant time.
 *
 * @example csrfTokenMatches(session, c.req.header("x-csrf-token"))
 */
export function csrfTokenMatches(session: Pick<Session, "csrfTokenHash">, token: string | undefined): boolean {
  if (token === undefined || token === "") return false;
  const expected = Buffer.from(session.csrfTokenHash, "hex");
  const actual = Buffer.from(hashToken(token), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Signs out: deletes the session of this secret, audited as `person.sign_out`. An unknown secret is
 * a no-op (signing out twice is fine).
 *
 * @example await deleteSession(store.db, cookie);
 */
export async function deleteSession(db: Database, secret: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx.delete(sessions).where(eq(sessions.id, hashToken(secret))).returning();
    if (gone) await appendAudit(tx, { workspaceId: gone.workspaceId, actorId: gone.personId, action: "person.sign_out", entityType: "person", entityId: gone.personId });
  });
}

/**
 * Ends a person's sessions, but the one given (after a password change, other browsers must sign
 * in again with the new password). Returns how many ended.
 *
 * @example await deleteSessionsOf(store.db, workspace.id, maya.id, { exceptSecret: cookie });
 */
export async function deleteSessionsOf(db: Database, workspaceId: string, personId: string, options: { exceptSecret?: string } = {}): Promise<number> {
  if (!isUuid(workspaceId) || !isUuid(personId)) return 0;
  const conditions = [eq(sessions.workspaceId, workspaceId), eq(sessions.personId, personId)];
  if (options.exceptSecret !== undefined) conditions.push(ne(sessions.id, hashToken(options.exceptSecret)));
  return (await db.delete(sessions).where(and(...conditions)).returning({ id: sessions.id })).length;
}

/**
 * Deletes every expired session and every failed sign-in older than the rate-limit window: rows
 * nothing reads any more. Returns how many rows went.
 *
 * @example await pruneExpired(store.db); // from a periodic maintenance job
 */
export async function pruneExpired(db: Database): Promise<number> {
  const now = new Date();
  const expired = await db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id });
  const old = await db.delete(loginAttempts).where(lte(loginAttempts.at, new Date(now.getTime() - LOGIN_WINDOW_MS))).returning({ id: loginAttempts.id });
  return expired.length + old.length;
}

/** An invite as shown to admins: never its token's hash. */
export type InviteInfo = Omit<Invite, "tokenHash">;

/**
 * A one-time link to join the workspace with a role, valid for `ttlMs` (default 7 days). Only the
 * token's hash is stored: the token is in the result once. With an `email`, the link is for that
 * person only; an email that already belongs to someone with a password is `already_exists`.
 *
 * @example
 * const { token } = await createInvite(store.db, workspace.id, { role: "creator" }, admin.id);
 * const link = `/setup?token=${token}`;
 */
export async function createInvite(
  db: Database,
  workspaceId: string,
  input: { role: Role; email?: string | null; ttlMs?: number },
  actorId: ActorId,
): Promise<{ token: string; invite: InviteInfo }> {
  const token = newSecret(INVITE_PREFIX);
  const email = input.email === undefined || input.email === null ? null : normalEmail(input.email);
  try {
    return await db.transaction(async (tx) => {
      if (email !== null) {
        const [existing] = await tx
          .select({ passwordHash: people.passwordHash })
          .from(people)
          .where(and(eq(people.workspaceId, workspaceId), eq(people.email, email)));
        if (existing && existing.passwordHash !== null) {
          throw new StoreError("already_exists", `email: ${email} can already sign in to this workspace; they can change their password after signing in`);
        }
      }
      const expiresAt = new Date(Date.now() + (input.ttlMs ?? INVITE_TTL_MS));
      const [row] = await tx.insert(invites).values({ workspaceId, tokenHash: hashToken(token), role: input.role, email, expiresAt, createdBy: actorId }).returning();
      if (!row) throw new Error("insert into invites returned no row");
      const { tokenHash: _hash, ...invite } = row;
      await appendAudit(tx, { workspaceId, actorId, action: "invite.create", entityType: "invite", entityId: row.id, after: invite });
      return { token, invite };
    });
  } catch (error) {
    throw storeErrorFrom(error, "creating an invite");
  }
}

/**
 * The first admin's one-time setup link: an admin invite valid for 24 hours, made by the system.
 * `onbrand serve` prints `/setup?token=…` when the workspace has no admin with a password.
 *
 * @example
 * if (!(await hasAdminWithPassword(db, workspace.id))) {
 *   const { token } = await createSetupInvite(db, workspace.id);
 *   console.log(`set up the first admin: ${url}/setup?token=${token}`);
 * }
 */
export async function createSetupInvite(db: Database, workspaceId: string): Promise<{ token: string; invite: InviteInfo }> {
  return createInvite(db, workspaceId, { role: "admin", ttlMs: SETUP_INVITE_TTL_MS }, null);
}

/** What redeeming an invite came to. */
export type Redemption =
  | { status: "redeemed"; person: Person }
  /** No invite has this token. */
  | { status: "unknown" }
  | { status: "used"; usedAt: Date }
  | { status: "expired"; expiresAt: Date }
  /** The invite names no email and none was given. */
  | { status: "email_required" }
  /** The invite is for another email than the one given. */
  | { status: "email_mismatch"; email: string };

/**
 * Redeems an invite once: creates the person with the invite's role (an invite with an email makes
 * that email's account; if that person exists without a password, sets their password and name
 * instead, keeping their role), and marks the invite used, all in one transaction. A used,
 * expired or unknown token changes nothing and says which it was. `passwordHash` is called only
 * once the invite is known to be good, so a bogus link costs no password hashing.
 *
 * @example
 * const result = await redeemInvite(store.db, token, { email: "sam@fizzwell.example", name: "Sam", passwordHash: () => hashPassword(password) });
 * if (result.status === "redeemed") await createSession(store.db, result.person, "invite");
 */
export async function redeemInvite(
  db: Database,
  token: string,
  input: { email?: string; name: string; passwordHash: () => Promise<string> },
): Promise<Redemption> {
  try {
    return await db.transaction(async (tx): Promise<Redemption> => {
      const [invite] = token.startsWith(INVITE_PREFIX)
        ? await tx.select().from(invites).where(eq(invites.tokenHash, hashToken(token))).for("update")
        : [];
      if (!invite) return { status: "unknown" };
      if (invite.usedAt !== null) return { status: "used", usedAt: invite.usedAt };
      if (invite.expiresAt.getTime() <= Date.now()) return { status: "expired", expiresAt: invite.expiresAt };
      const given = input.email === undefined ? undefined : normalEmail(input.email);
      if (invite.email !== null && given !== undefined && given !== invite.email) return { status: "email_mismatch", email: invite.email };
      const email = invite.email ?? given;
      if (email === undefined) return { status: "email_required" };

      const { workspaceId } = invite;
      const passwordHash = await input.passwordHash();
      const [existing] = invite.email === null
        ? []
        : await tx
            .select()
            .from(people)
            .where(and(eq(people.workspaceId, workspaceId), eq(people.email, email)))
            .for("update");
      let person: Person;
      if (existing && existing.passwordHash === null) {
        const [updated] = await tx.update(people).set({ name: input.name, passwordHash }).where(eq(people.id, existing.id)).returning();
        if (!updated) throw new Error(`update of person ${existing.id} returned no row`);
        person = updated;
        await appendAudit(tx, {
          workspaceId,
          actorId: person.id,
          action: "person.set_password",
          entityType: "person",
          entityId: person.id,
          before: { name: existing.name, passwordHash: null },
          after: { name: person.name, passwordHash: "(set)" },
        });
      } else {
        person = await addPerson(tx, workspaceId, { email, name: input.name, role: invite.role, passwordHash }, null);
      }
      const [used] = await tx.update(invites).set({ usedAt: new Date() }).where(eq(invites.id, invite.id)).returning();
      if (!used) throw new Error(`update of invite ${invite.id} returned no row`);
      const { tokenHash: _before, ...before } = invite;
      const { tokenHash: _after, ...after } = used;
      await appendAudit(tx, { workspaceId, actorId: person.id, action: "invite.redeem", entityType: "invite", entityId: invite.id, before, after: { ...after, personId: person.id } });
      return { status: "redeemed", person };
    });
  } catch (error) {
    throw storeErrorFrom(error, "redeeming an invite");
  }
}

/**
 * Records a failed sign-in under each key (`email:…`, `address:…`), for the rate limit.
 *
 * @example await recordLoginFailure(store.db, [`email:${email}`, `address:${ip}`]);
 */
export async function recordLoginFailure(db: Database, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const at = new Date();
  await db.insert(loginAttempts).values(keys.map((key) => ({ key, at })));
  // Failures older than the window count for nothing; dropping them here keeps the table small.
  await db.delete(loginAttempts).where(lte(loginAttempts.at, new Date(at.getTime() - LOGIN_WINDOW_MS)));
}

/**
 * How many seconds until a key may try again: 0 while it has fewer than `limit` failures in the
 * last LOGIN_WINDOW_MS; else the time until enough of them leave the window.
 *
 * @example await loginRetryAfter(store.db, `email:${email}`, 5) // 0, or e.g. 812
 */
export async function loginRetryAfter(db: Database, key: string, limit: number): Promise<number> {
  const now = Date.now();
  const failures = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.key, key), gt(loginAttempts.at, new Date(now - LOGIN_WINDOW_MS))))
    .orderBy(asc(loginAttempts.at));
  if (failures.length < limit) return 0;
  // Trying is allowed again once failures.length - limit + 1 of them have aged out.
  const freeing = failures[failures.length - limit];
  if (!freeing) return 0;
  return Math.max(1, Math.ceil((freeing.at.getTime() + LOGIN_WINDOW_MS - now) / 1000));
}

/**
 * Forgets a key's failed sign-ins (after a successful one).
 *
 * @example await clearLoginFailures(store.db, `email:${email}`);
 */
export async function clearLoginFailures(db: Database, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
