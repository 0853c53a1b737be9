import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { databaseTargets, type DatabaseFixture } from "../../test/support/databases.ts";
import { hashToken } from "./api-tokens.ts";
import { openStore, type Store } from "./open-store.ts";
import { hasAdminWithPassword, listPeople, setPasswordHash, signInCandidates, updatePerson } from "./people.ts";
import { invites, loginAttempts, sessions, type Person, type Workspace } from "./schema.ts";
import {
  clearLoginFailures,
  createInvite,
  createSession,
  createSetupInvite,
  csrfTokenMatches,
  csrfTokenOf,
  findSession,
  LOGIN_WINDOW_MS,
  loginRetryAfter,
  pruneExpired,
  recordLoginFailure,
  redeemInvite,
} from "./sessions.ts";
import { addPerson, createWorkspace } from "./workspaces.ts";

const FAKE_HASH = "$scrypt$ln=4,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";

for (const target of databaseTargets()) {
  describe(`sessions, invites and failed sign-ins on ${target.name}`, { skip: target.skip }, () => {
    let fixture: DatabaseFixture;
    let store: Store;
    let workspace: Workspace;
    let maya: Person;
    before(async () => {
      fixture = await target.make();
      store = await openStore(fixture.options);
      workspace = await createWorkspace(store.db, { name: "Fizzwell" });
      maya = await addPerson(store.db, workspace.id, { email: "maya@fizzwell.example", name: "Maya", role: "admin", passwordHash: FAKE_HASH }, null);
    });
    after(async () => {
      await store?.close();
      await fixture?.drop();
    });

    test("a session is found by its secret, holds only hashes, and its CSRF token is derived from the secret", async () => {
      const { secret, csrfToken } = await createSession(store.db, maya);
      assert.equal(csrfToken, csrfTokenOf(secret));
      const found = await findSession(store.db, secret);
      assert.equal(found?.person.id, maya.id);
      assert.equal(found?.session.id, hashToken(secret));
      assert.equal(found?.session.csrfTokenHash, hashToken(csrfToken));
      assert.equal(csrfTokenMatches(found.session, csrfToken), true);
      assert.equal(csrfTokenMatches(found.session, undefined), false);
      assert.equal(csrfTokenMatches(found.session, csrfTokenOf(`${secret}x`)), false);
      assert.equal(await findSession(store.db, `${secret}x`), undefined);
      assert.equal(await findSession(store.db, "not a session"), undefined);
    });

    test("pruneExpired removes expired sessions and failed sign-ins older than the window, nothing else", async () => {
      const live = await createSession(store.db, maya);
      const dead = await createSession(store.db, maya);
      await store.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(sessions.id, hashToken(dead.secret)));
      await store.db.insert(loginAttempts).values([
        { key: "email:old@x.example", at: new Date(Date.now() - LOGIN_WINDOW_MS - 1000) },
        { key: "email:new@x.example", at: new Date() },
      ]);
      assert.ok((await pruneExpired(store.db)) >= 2);
      assert.ok(await findSession(store.db, live.secret));
      assert.deepEqual(await store.db.select().from(sessions).where(eq(sessions.id, hashToken(dead.secret))), []);
      assert.deepEqual((await store.db.select({ key: loginAttempts.key }).from(loginAttempts)).map((r) => r.key), ["email:new@x.example"]);
      await store.db.delete(loginAttempts);
    });

    test("loginRetryAfter: 0 below the limit; at it, the seconds until enough failures leave the window", async () => {
      const key = "email:retry@x.example";
      await recordLoginFailure(store.db, [key, key]);
      assert.equal(await loginRetryAfter(store.db, key, 3), 0);
      const now = Date.now();
      // Failures 10 and 5 minutes ago, and 2 just now: with a limit of 3, the one from 5 minutes ago
      // must leave the window (in 10 minutes) before a try is allowed again.
      await store.db.insert(loginAttempts).values([
        { key, at: new Date(now - 10 * 60_000) },
        { key, at: new Date(now - 5 * 60_000) },
      ]);
      const wait = await loginRetryAfter(store.db, key, 3);
      assert.ok(wait > 595 && wait <= 600, `wait ${wait}`);
      assert.ok((await loginRetryAfter(store.db, key, 4)) > 295);
      assert.equal(await loginRetryAfter(store.db, "email:other@x.example", 1), 0);
      await clearLoginFailures(store.db, key);
      assert.equal(await loginRetryAfter(store.db, key, 1), 0);
    });

    test("redeemInvite: once; used, expired and unknown links change nothing and never hash a password", async () => {
      let hashed = 0;
      const passwordHash = async () => {
        hashed++;
        return FAKE_HASH;
      };
      const { token, invite } = await createSetupInvite(store.db, workspace.id);
      assert.equal(invite.role, "admin");
      assert.ok(Math.abs(invite.expiresAt.getTime() - Date.now() - 24 * 3600_000) < 60_000, "24 hours");
      const [row] = await store.db.select().from(invites).where(eq(invites.id, invite.id));
      assert.equal(row?.tokenHash, hashToken(token));

      const first = await redeemInvite(store.db, token, { email: "Sam@Fizzwell.example", name: "Sam", passwordHash });
      assert.equal(first.status, "redeemed");
      assert.equal(first.status === "redeemed" && first.person.email, "sam@fizzwell.example");
      const second = await redeemInvite(store.db, token, { email: "kim@fizzwell.example", name: "Kim", passwordHash });
      assert.equal(second.status, "used");
      assert.equal((await redeemInvite(store.db, "obi_unknown", { email: "kim@fizzwell.example", name: "Kim", passwordHash })).status, "unknown");
      const stale = await createInvite(store.db, workspace.id, { role: "viewer", ttlMs: -1 }, maya.id);
      assert.equal((await redeemInvite(store.db, stale.token, { email: "kim@fizzwell.example", name: "Kim", passwordHash })).status, "expired");
      assert.equal(hashed, 1);
      assert.deepEqual((await listPeople(store.db, workspace.id)).map((p) => p.email), ["maya@fizzwell.example", "sam@fizzwell.example"]);
    });

    test("the last admin: demoting them is a conflict, and two concurrent demotions of two admins cannot both pass", async () => {
      const other = await createWorkspace(store.db, { name: "Othercorp" });
      const a = await addPerson(store.db, other.id, { email: "a@o.example", name: "A", role: "admin" }, null);
      const b = await addPerson(store.db, other.id, { email: "b@o.example", name: "B", role: "admin" }, null);
      const results = await Promise.allSettled([
        updatePerson(store.db, other.id, a.id, { role: "viewer" }, b.id),
        updatePerson(store.db, other.id, b.id, { role: "viewer" }, a.id),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
      const refused = results.find((r) => r.status === "rejected");
      assert.equal((refused?.reason as { code?: string }).code, "conflict", String(refused?.reason));
      const admins = (await listPeople(store.db, other.id)).filter((p) => p.role === "admin");
      assert.equal(admins.length, 1);
      assert.equal(await hasAdminWithPassword(store.db, other.id), false);
      await setPasswordHash(store.db, other.id, admins[0]?.id ?? "", FAKE_HASH, null);
      assert.equal(await hasAdminWithPassword(store.db, other.id), true);
    });

    test("signInCandidates: people with a password and this email, in every workspace", async () => {
      const other = await createWorkspace(store.db, { name: "Thirdco" });
      await addPerson(store.db, other.id, { email: "maya@fizzwell.example", name: "Maya too", role: "viewer", passwordHash: FAKE_HASH }, null);
      const fourth = await createWorkspace(store.db, { name: "Fourthco" });
      await addPerson(store.db, fourth.id, { email: "maya@fizzwell.example", name: "No password", role: "viewer" }, null);
      const found = await signInCandidates(store.db, " MAYA@fizzwell.example");
      assert.deepEqual(found.map((c) => c.workspaceName), ["Fizzwell", "Thirdco"]);
    });
  });
}
