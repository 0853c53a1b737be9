import assert from "node:assert/strict";
import { before, beforeEach, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { databaseTargets } from "../../../test/support/databases.ts";
import { studioSuite } from "../../../test/support/studio.ts";
import { hashToken, listApiTokens } from "../../store/api-tokens.ts";
import { listAudit } from "../../store/audit.ts";
import { setPasswordHash } from "../../store/people.ts";
import { invites, loginAttempts, people, sessions } from "../../store/schema.ts";
import { createInvite, createSetupInvite } from "../../store/sessions.ts";
import { createApp } from "../app.ts";
import { hashPassword } from "../../studio/passwords.ts";

/** Cheap hashes for the fixture's people, so wrong-password attempts cost little; sign-in upgrades them. */
const CHEAP = { ln: 10, r: 8, p: 1 };
const PASSWORD = "sparkling-lemon-thursday";

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; details: unknown[] } };
  headers: Headers;
}

for (const target of databaseTargets()) {
  describe(`sign-in and sessions on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);
    let emailOf: (role: "admin" | "viewer" | "creator" | "champion" | "reviewer") => string;

    before(async () => {
      const cheap = await hashPassword(PASSWORD, CHEAP);
      for (const person of Object.values(studio.a.people)) await setPasswordHash(studio.store.db, studio.a.workspace.id, person.id, cheap, null);
      emailOf = (role) => studio.a.people[role].email;
    });
    beforeEach(async () => {
      await studio.store.db.delete(loginAttempts);
    });

    async function request(method: string, path: string, options: { body?: unknown; cookie?: string; csrf?: string; headers?: Record<string, string>; url?: string } = {}): Promise<Answer> {
      const headers: Record<string, string> = { ...options.headers };
      if (options.body !== undefined) headers["content-type"] = "application/json";
      if (options.cookie !== undefined) headers.cookie = options.cookie;
      if (options.csrf !== undefined) headers["x-csrf-token"] = options.csrf;
      const response = await studio.app.request(options.url ?? path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
      const text = await response.text();
      return { status: response.status, body: text === "" ? {} : JSON.parse(text), headers: response.headers };
    }

    /** Signs in; the cookie to send back (`onbrand_session=…`) and the CSRF token. */
    async function signIn(email: string, password = PASSWORD): Promise<{ cookie: string; csrf: string; answer: Answer }> {
      const answer = await request("POST", "/api/auth/login", { body: { email, password } });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const cookie = (answer.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      return { cookie, csrf: String(answer.body.csrfToken), answer };
    }

    test("sign-in: the person without a hash, a CSRF token, an httpOnly SameSite=Lax cookie holding a secret stored only as a hash", async () => {
      const viewer = studio.a.people.viewer;
      const { cookie, csrf, answer } = await signIn("  Viewer@Fizzwell.example ");
      assert.deepEqual(answer.body.person, {
        id: viewer.id,
        email: viewer.email,
        name: viewer.name,
        role: "viewer",
        team: null,
        region: null,
        champion: false,
        hasPassword: true,
        createdAt: viewer.createdAt.toISOString(),
      });
      assert.match(csrf, /^[\w-]{43}$/);
      const setCookie = answer.headers.get("set-cookie") ?? "";
      assert.match(setCookie, /^onbrand_session=obs_[\w-]{43}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
      const secret = cookie.slice("onbrand_session=".length);
      const [row] = await studio.store.db.select().from(sessions).where(eq(sessions.id, hashToken(secret)));
      assert.ok(row, "the session is stored under the secret's hash");
      assert.equal(row.personId, viewer.id);
      assert.equal(row.csrfTokenHash, hashToken(csrf));
      const days = (row.expiresAt.getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 13.99 && days <= 14, `expires in ${days} days`);
      const [audit] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "person", entityId: viewer.id, limit: 1 });
      assert.equal(audit?.action, "person.sign_in");
      assert.equal(audit?.actorId, viewer.id);
    });

    test("over https the cookie is also Secure; behind a trusted proxy, X-Forwarded-Proto says so", async () => {
      const direct = await request("POST", "/api/auth/login", { body: { email: emailOf("viewer"), password: PASSWORD }, url: "https://studio.example/api/auth/login" });
      assert.match(direct.headers.get("set-cookie") ?? "", /; HttpOnly; Secure; SameSite=Lax$/);
      const proxied = createApp({ store: studio.store, version: "1", trustProxy: true });
      const headers = { "content-type": "application/json", "x-forwarded-proto": "https" };
      const body = JSON.stringify({ email: emailOf("viewer"), password: PASSWORD });
      const answer = await proxied.request("/api/auth/login", { method: "POST", headers, body });
      assert.match(answer.headers.get("set-cookie") ?? "", /; Secure;/);
      const untrusted = await studio.app.request("/api/auth/login", { method: "POST", headers, body });
      assert.doesNotMatch(untrusted.headers.get("set-cookie") ?? "", /Secure/);
    });

    test("a wrong password and an unknown email get the same 401, and neither sets a cookie", async () => {
      const wrong = await request("POST", "/api/auth/login", { body: { email: emailOf("viewer"), password: "not-the-password" } });
      const unknown = await request("POST", "/api/auth/login", { body: { email: "nobody@fizzwell.example", password: PASSWORD } });
      const expected = {
        error: {
          code: "invalid_credentials",
          message: "the email or the password is not right; check both and try again (after 5 failed tries in 15 minutes, sign-in pauses for a while)",
          details: [],
        },
      };
      assert.deepEqual([wrong.status, wrong.body], [401, expected]);
      assert.deepEqual([unknown.status, unknown.body], [401, expected]);
      assert.equal(wrong.headers.get("set-cookie"), null);
      assert.equal(unknown.headers.get("set-cookie"), null);
    });

    test("the session opens GET routes; a POST needs X-CSRF-Token (403 csrf_failed without or with a wrong one)", async () => {
      const { cookie, csrf } = await signIn(emailOf("viewer"));
      const me = await request("GET", "/api/auth/me", { cookie });
      assert.equal(me.status, 200);
      assert.equal((me.body.person as { email: string }).email, emailOf("viewer"));
      const csrfFailed = {
        error: {
          code: "csrf_failed",
          message: "this request needs the header X-CSRF-Token with the token sign-in returned (GET /api/auth/csrf gives it again); it protects you from other sites acting in your name",
          details: [],
        },
      };
      // POST /api/tokens stands for every route that changes something.
      const without = await request("POST", "/api/tokens", { cookie, body: { name: "laptop" } });
      assert.deepEqual([without.status, without.body], [403, csrfFailed]);
      const wrongToken = await request("POST", "/api/tokens", { cookie, csrf: `${csrf.slice(0, -1)}x`, body: { name: "laptop" } });
      assert.deepEqual([wrongToken.status, wrongToken.body], [403, csrfFailed]);
      const other = await signIn(emailOf("creator"));
      assert.equal((await request("POST", "/api/tokens", { cookie, csrf: other.csrf, body: { name: "laptop" } })).status, 403, "another session's token does not do");
      const withToken = await request("POST", "/api/tokens", { cookie, csrf, body: { name: "laptop" } });
      assert.equal(withToken.status, 201);
      assert.equal((withToken.body.info as { personId: string }).personId, studio.a.people.viewer.id);
      assert.deepEqual((await listApiTokens(studio.store.db, studio.a.workspace.id, { personId: studio.a.people.viewer.id })).map((t) => t.name).sort(), ["laptop", "tests"], "only the request with the token made one");
    });

    test("GET /api/auth/csrf gives the session's token again; an API token's caller gets null and needs none", async () => {
      const { cookie, csrf } = await signIn(emailOf("creator"));
      assert.deepEqual((await request("GET", "/api/auth/csrf", { cookie })).body, { csrfToken: csrf });
      assert.deepEqual(await studio.call("creator", "GET", "/api/auth/csrf"), { status: 200, body: { csrfToken: null } });
      assert.equal((await studio.call("creator", "POST", "/api/tokens", { name: "ci" })).status, 201);
      // A token wins over a cookie, and then no CSRF token is asked for.
      const both = await request("POST", "/api/tokens", { cookie, headers: { authorization: `Bearer ${studio.a.tokens.viewer}` }, body: { name: "ci" } });
      assert.equal(both.status, 201);
      assert.equal((both.body.info as { personId: string }).personId, studio.a.people.viewer.id);
    });

    test("logout ends the session and clears the cookie; the old cookie is then refused", async () => {
      const { cookie, csrf } = await signIn(emailOf("reviewer"));
      const out = await request("POST", "/api/auth/logout", { cookie, csrf });
      assert.equal(out.status, 204);
      assert.equal(out.headers.get("set-cookie"), "onbrand_session=; Max-Age=0; Path=/");
      const again = await request("GET", "/api/auth/me", { cookie });
      assert.deepEqual([again.status, again.body], [
        401,
        { error: { code: "unauthorized", message: "your session has ended (it expired, or you signed out): sign in again with POST /api/auth/login", details: [] } },
      ]);
      const [audit] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "person", entityId: studio.a.people.reviewer.id, limit: 1 });
      assert.equal(audit?.action, "person.sign_out");
    });

    test("an expired session is refused with 401 and deleted", async () => {
      const { cookie } = await signIn(emailOf("reviewer"));
      const id = hashToken(cookie.slice("onbrand_session=".length));
      await studio.store.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, id));
      assert.equal((await request("GET", "/api/auth/me", { cookie })).status, 401);
      assert.deepEqual(await studio.store.db.select().from(sessions).where(eq(sessions.id, id)), []);
    });

    test("after 5 failures for an email, sign-in is 429 with Retry-After, even with the right password; a success clears the count", async () => {
      const email = emailOf("champion");
      for (let i = 0; i < 4; i++) assert.equal((await request("POST", "/api/auth/login", { body: { email, password: "wrong password!" } })).status, 401);
      // Four failures, then a success: the count starts again.
      await signIn(email);
      for (let i = 0; i < 5; i++) assert.equal((await request("POST", "/api/auth/login", { body: { email, password: "wrong password!" } })).status, 401);
      const limited = await request("POST", "/api/auth/login", { body: { email: email.toUpperCase(), password: PASSWORD } });
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers.get("retry-after"));
      assert.ok(retryAfter > 880 && retryAfter <= 900, `Retry-After ${retryAfter}`);
      assert.deepEqual(limited.body, { error: { code: "rate_limited", message: `too many failed sign-ins: try again in 15 minutes (Retry-After: ${retryAfter} seconds)`, details: [] } });
      assert.equal(limited.headers.get("set-cookie"), null);
      // Other emails are not affected.
      await signIn(emailOf("creator"));
    });

    test("20 failures from one address limit every email from it; behind a trusted proxy the address is the last X-Forwarded-For entry", async () => {
      const roles = ["admin", "viewer", "creator", "champion", "reviewer"] as const;
      for (const role of roles) {
        for (let i = 0; i < 4; i++) assert.equal((await request("POST", "/api/auth/login", { body: { email: emailOf(role), password: "wrong password!" } })).status, 401);
      }
      const limited = await request("POST", "/api/auth/login", { body: { email: studio.b.people.viewer.email, password: PASSWORD } });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get("retry-after")) > 0);

      await studio.store.db.delete(loginAttempts);
      const proxied = createApp({ store: studio.store, version: "1", trustProxy: true });
      const headers = { "content-type": "application/json", "x-forwarded-for": "198.51.100.1, 203.0.113.7" };
      await proxied.request("/api/auth/login", { method: "POST", headers, body: JSON.stringify({ email: emailOf("viewer"), password: "wrong password!" }) });
      await studio.app.request("/api/auth/login", { method: "POST", headers, body: JSON.stringify({ email: emailOf("viewer"), password: "wrong password!" }) });
      const keys = (await studio.store.db.select({ key: loginAttempts.key }).from(loginAttempts)).map((r) => r.key).sort();
      assert.deepEqual(keys, ["address:203.0.113.7", "address:unknown", `email:${emailOf("viewer")}`, `email:${emailOf("viewer")}`]);
    });

    test("a stored hash with weaker parameters is upgraded at sign-in, and the upgrade is audited without the hash", async () => {
      const admin = studio.a.people.admin;
      await signIn(admin.email);
      const [row] = await studio.store.db.select({ passwordHash: people.passwordHash }).from(people).where(eq(people.id, admin.id));
      assert.match(row?.passwordHash ?? "", /^\$scrypt\$ln=15,r=8,p=1\$/);
      const entries = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "person", entityId: admin.id, limit: 2 });
      const upgrade = entries.find((e) => e.action === "person.set_password");
      assert.deepEqual(upgrade?.after, { passwordHash: "(set)" });
      await signIn(admin.email);
    });

    test("the same email and password in two workspaces: 409 listing them, then workspaceId picks one", async () => {
      const shared = studio.b.people.reviewer;
      await studio.store.db.update(people).set({ email: "shared@example.com", passwordHash: await hashPassword(PASSWORD, CHEAP) }).where(eq(people.id, shared.id));
      await studio.store.db.update(people).set({ email: "shared@example.com" }).where(eq(people.id, studio.a.people.reviewer.id));
      const both = await request("POST", "/api/auth/login", { body: { email: "shared@example.com", password: PASSWORD } });
      assert.equal(both.status, 409);
      assert.equal(both.body.error?.code, "workspace_required");
      const byMessage = (a: { message: string }, b: { message: string }) => a.message.localeCompare(b.message);
      assert.deepEqual(
        [...((both.body.error?.details ?? []) as { path: string; message: string }[])].sort(byMessage),
        [
          { path: "workspaceId", message: `${studio.a.workspace.id} (Fizzwell)` },
          { path: "workspaceId", message: `${studio.b.workspace.id} (Othercorp)` },
        ].sort(byMessage),
      );
      const picked = await request("POST", "/api/auth/login", { body: { email: "shared@example.com", password: PASSWORD, workspaceId: studio.b.workspace.id } });
      assert.equal(picked.status, 200);
      assert.equal((picked.body.person as { id: string }).id, shared.id);
      await studio.store.db.update(people).set({ email: studio.a.people.reviewer.email }).where(eq(people.id, studio.a.people.reviewer.id));
    });

    test("a setup link creates the first admin and signs them in, once; a second use is 410, an unknown token 404", async () => {
      const { token } = await createSetupInvite(studio.store.db, studio.b.workspace.id);
      const body = { token, email: "Founder@Othercorp.example", name: "Founder", password: PASSWORD };
      const created = await request("POST", "/api/auth/setup", { body });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const person = created.body.person as { id: string; email: string; role: string; hasPassword: boolean };
      assert.deepEqual([person.email, person.role, person.hasPassword], ["founder@othercorp.example", "admin", true]);
      const cookie = (created.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const me = await request("GET", "/api/auth/me", { cookie });
      assert.equal((me.body.person as { id: string }).id, person.id);

      const again = await request("POST", "/api/auth/setup", { body: { ...body, email: "second@othercorp.example" } });
      assert.equal(again.status, 410);
      assert.equal(again.body.error?.code, "gone");
      assert.match(again.body.error?.message ?? "", /^this link was already used \(\d{4}-\d\d-\d\dT[\d:.]+Z\): sign in with the email and password chosen then, or ask an admin for a new link$/);
      const unknown = await request("POST", "/api/auth/setup", { body: { ...body, token: "obi_nope" } });
      assert.deepEqual([unknown.status, unknown.body.error?.code], [404, "not_found"]);
      const [invite] = await studio.store.db.select().from(invites).where(eq(invites.tokenHash, hashToken(token)));
      assert.ok(invite?.usedAt instanceof Date);
      const entries = await listAudit(studio.store.db, studio.b.workspace.id, { entityType: "invite", entityId: invite.id });
      assert.deepEqual(entries.map((e) => [e.action, e.actorId]), [["invite.redeem", person.id], ["invite.create", null]]);
    });

    test("an expired link is 410; a link for an email: that email only, or it sets the password of that person if they have none", async () => {
      const { token: old } = await createInvite(studio.store.db, studio.a.workspace.id, { role: "creator", ttlMs: -1000 }, studio.a.people.admin.id);
      const expired = await request("POST", "/api/auth/setup", { body: { token: old, email: "late@fizzwell.example", name: "Late", password: PASSWORD } });
      assert.deepEqual([expired.status, expired.body.error?.code], [410, "gone"]);
      assert.match(expired.body.error?.message ?? "", /^this link expired at .+: ask an admin of the workspace for a new one$/);

      const bot = studio.b.people.creator;
      await studio.store.db.update(people).set({ passwordHash: null }).where(eq(people.id, bot.id));
      const { token } = await createInvite(studio.store.db, studio.b.workspace.id, { role: "viewer", email: bot.email }, studio.b.people.admin.id);
      const mismatch = await request("POST", "/api/auth/setup", { body: { token, email: "someone@else.example", name: "X", password: PASSWORD } });
      assert.deepEqual([mismatch.status, mismatch.body.error?.details], [400, [{ path: "email", message: `this link is for ${bot.email}; leave email out, or send that one` }]]);
      const noPassword = await request("POST", "/api/auth/setup", { body: { token, name: "Robin", password: "short" } });
      assert.deepEqual(noPassword.body.error?.details, [{ path: "password", message: "must be at least 12 characters; found 5. A few unrelated words make a long password that is easy to remember" }]);
      const set = await request("POST", "/api/auth/setup", { body: { token, name: "Robin", password: PASSWORD } });
      assert.equal(set.status, 201);
      assert.deepEqual(
        [(set.body.person as { id: string }).id, (set.body.person as { role: string }).role, (set.body.person as { name: string }).name],
        [bot.id, "creator", "Robin"],
        "the existing person, with their role",
      );
      const openLink = await createInvite(studio.store.db, studio.b.workspace.id, { role: "viewer" }, null);
      const missing = await request("POST", "/api/auth/setup", { body: { token: openLink.token, name: "Anon", password: PASSWORD } });
      assert.deepEqual(missing.body.error?.details, [{ path: "email", message: "missing; this link is not for a particular person, so send the email you will sign in with" }]);
      const taken = await request("POST", "/api/auth/setup", { body: { token: openLink.token, email: bot.email, name: "Imposter", password: PASSWORD } });
      assert.deepEqual([taken.status, taken.body.error?.code], [409, "already_exists"]);
      const [stillOpen] = await studio.store.db.select({ usedAt: invites.usedAt }).from(invites).where(eq(invites.tokenHash, hashToken(openLink.token)));
      assert.equal(stillOpen?.usedAt, null, "a refused redemption leaves the link unused");
    });

    test("changing one's password: the current one is checked, the new one's length too; other sessions end; audited as (set)", async () => {
      const creator = studio.a.people.creator;
      const here = await signIn(creator.email);
      const elsewhere = await signIn(creator.email);
      const wrong = await request("POST", "/api/auth/password", { cookie: here.cookie, csrf: here.csrf, body: { current: "not it at all", new: "x" } });
      assert.deepEqual(wrong.body.error?.details, [{ path: "new", message: "must be at least 12 characters; found 1. A few unrelated words make a long password that is easy to remember" }]);
      const badCurrent = await request("POST", "/api/auth/password", { cookie: here.cookie, csrf: here.csrf, body: { current: "not it at all", new: "a brand new password" } });
      assert.deepEqual([badCurrent.status, badCurrent.body.error?.details], [400, [{ path: "current", message: "is not your current password" }]]);
      const changed = await request("POST", "/api/auth/password", { cookie: here.cookie, csrf: here.csrf, body: { current: PASSWORD, new: "a brand new password" } });
      assert.equal(changed.status, 200);
      assert.equal((await request("GET", "/api/auth/me", { cookie: here.cookie })).status, 200, "this session stays");
      assert.equal((await request("GET", "/api/auth/me", { cookie: elsewhere.cookie })).status, 401, "the other one ended");
      assert.equal((await request("POST", "/api/auth/login", { body: { email: creator.email, password: PASSWORD } })).status, 401);
      await signIn(creator.email, "a brand new password");
      const [audit] = (await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "person", entityId: creator.id })).filter((e) => e.action === "person.set_password");
      assert.deepEqual([audit?.actorId, audit?.before, audit?.after], [creator.id, { passwordHash: "(set)" }, { passwordHash: "(set)" }]);
      const text = JSON.stringify(await studio.store.db.execute(sql`select before, after from audit_log`));
      assert.doesNotMatch(text, /\$scrypt\$/, "no hash anywhere in the audit log");
    });
  });
}
