import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { studioSuite } from "../../../test/support/studio.ts";
import { listApiTokens } from "../../store/api-tokens.ts";
import { listAudit } from "../../store/audit.ts";

interface TokenJson {
  id: string;
  personId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface ErrorAnswer {
  error: { code: string; message: string; details: unknown[] };
}

const forbidden = (role: string) => ({
  status: 403,
  body: { error: { code: "forbidden", message: `your role (${role}) cannot do this; it needs one of: admin. Ask an admin of your workspace.`, details: [] } },
});

for (const target of databaseTargets()) {
  describe(`API token routes on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);

    test("GET /api/tokens lists the caller's own tokens, without secrets", async () => {
      const { status, body } = await studio.call<{ tokens: TokenJson[] }>("viewer", "GET", "/api/tokens");
      assert.equal(status, 200);
      assert.equal(body.tokens.length, 1);
      const [token] = body.tokens;
      assert.deepEqual(Object.keys(token ?? {}).sort(), ["createdAt", "id", "lastUsedAt", "name", "personId", "prefix", "revokedAt"]);
      assert.equal(token?.personId, studio.a.people.viewer.id);
      assert.equal(token?.prefix, studio.a.tokens.viewer.slice(0, 10));
      assert.match(token?.lastUsedAt ?? "", /^\d{4}-\d\d-\d\dT/, "the request itself used it");
    });

    test("?personId=: your own is fine for anyone; someone else's needs workspace.admin; another workspace's person is 404", async () => {
      const creator = studio.a.people.creator.id;
      assert.equal((await studio.call("creator", "GET", `/api/tokens?personId=${creator}`)).status, 200);
      assert.deepEqual(await studio.call("creator", "GET", `/api/tokens?personId=${studio.a.people.viewer.id}`), forbidden("creator"));
      assert.deepEqual(await studio.call("champion", "GET", `/api/tokens?personId=${studio.b.people.viewer.id}`), forbidden("champion"));
      const listed = await studio.call<{ tokens: TokenJson[] }>("admin", "GET", `/api/tokens?personId=${creator}`);
      assert.deepEqual(listed.body.tokens.map((t) => t.personId), [creator]);
      const other = studio.b.people.viewer.id;
      assert.deepEqual(await studio.call("admin", "GET", `/api/tokens?personId=${other}`), {
        status: 404,
        body: { error: { code: "not_found", message: `personId: there is no person ${other} in your workspace`, details: [] } },
      });
    });

    test("POST /api/tokens: the token once, working at once; audited without the secret", async () => {
      const { status, body } = await studio.call<{ token: string; info: TokenJson }>("reviewer", "POST", "/api/tokens", { name: "CI" });
      assert.equal(status, 201);
      assert.match(body.token, /^obt_[\w-]{43}$/);
      assert.deepEqual([body.info.name, body.info.personId, body.info.prefix, body.info.revokedAt], ["CI", studio.a.people.reviewer.id, body.token.slice(0, 10), null]);
      const me = await studio.call<{ person: { id: string } }>(body.token, "GET", "/api/auth/me");
      assert.equal(me.body.person.id, studio.a.people.reviewer.id);
      const [audit] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "api_token", entityId: body.info.id });
      assert.deepEqual([audit?.action, audit?.actorId], ["api_token.create", studio.a.people.reviewer.id]);
      assert.equal(JSON.stringify(audit).includes(body.token), false);
      assert.deepEqual((await studio.call<ErrorAnswer>("reviewer", "POST", "/api/tokens", { name: " " })).body.error.details, [
        { path: "name", message: 'must not be empty; say where the token is used, e.g. "CI"' },
      ]);
    });

    test("POST /api/tokens for someone else: admins only, and only for people of their workspace", async () => {
      const viewer = studio.a.people.viewer.id;
      for (const role of ["champion", "creator", "reviewer", "viewer"] as const) {
        const other = role === "viewer" ? studio.a.people.creator.id : viewer;
        assert.deepEqual(await studio.call(role, "POST", "/api/tokens", { name: "x", personId: other }), forbidden(role));
      }
      const made = await studio.call<{ info: TokenJson }>("admin", "POST", "/api/tokens", { name: "for the viewer", personId: viewer });
      assert.deepEqual([made.status, made.body.info.personId], [201, viewer]);
      const other = studio.b.people.viewer.id;
      assert.deepEqual(await studio.call("admin", "POST", "/api/tokens", { name: "x", personId: other }), {
        status: 404,
        body: { error: { code: "not_found", message: `personId: there is no person ${other} in your workspace`, details: [] } },
      });
      assert.deepEqual(await listApiTokens(studio.store.db, studio.b.workspace.id, { personId: other }).then((t) => t.length), 1);
    });

    test("DELETE /api/tokens/:id revokes your own token: it stops working at once and stays listed", async () => {
      const { body } = await studio.call<{ token: string; info: TokenJson }>("creator", "POST", "/api/tokens", { name: "laptop" });
      const revoked = await studio.call<TokenJson>("creator", "DELETE", `/api/tokens/${body.info.id}`);
      assert.equal(revoked.status, 200);
      assert.match(revoked.body.revokedAt ?? "", /^\d{4}-/);
      assert.equal((await studio.call(body.token, "GET", "/api/auth/me")).status, 401);
      const again = await studio.call<TokenJson>("creator", "DELETE", `/api/tokens/${body.info.id}`);
      assert.deepEqual([again.status, again.body.revokedAt], [200, revoked.body.revokedAt], "revoking twice is fine");
      const [audit] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "api_token", entityId: body.info.id, limit: 1 });
      assert.equal(audit?.action, "api_token.revoke");
    });

    test("someone else's token: 404 for non-admins (as if missing), revoked for an admin; another workspace's token is 404 for everyone", async () => {
      const { body } = await studio.call<{ token: string; info: TokenJson }>("viewer", "POST", "/api/tokens", { name: "phone" });
      for (const role of ["champion", "creator", "reviewer"] as const) {
        assert.deepEqual(await studio.call(role, "DELETE", `/api/tokens/${body.info.id}`), {
          status: 404,
          body: { error: { code: "not_found", message: `you have no API token ${body.info.id}; GET /api/tokens lists yours`, details: [] } },
        });
      }
      assert.equal((await studio.call(body.token, "GET", "/api/auth/me")).status, 200, "still works");
      assert.equal((await studio.call("admin", "DELETE", `/api/tokens/${body.info.id}`)).status, 200);
      assert.equal((await studio.call(body.token, "GET", "/api/auth/me")).status, 401);

      const [foreign] = await listApiTokens(studio.store.db, studio.b.workspace.id, { personId: studio.b.people.admin.id });
      assert.ok(foreign);
      assert.deepEqual(await studio.call("admin", "DELETE", `/api/tokens/${foreign.id}`), {
        status: 404,
        body: { error: { code: "not_found", message: `there is no API token ${foreign.id} in this workspace`, details: [] } },
      });
      assert.equal((await studio.call("viewer", "DELETE", `/api/tokens/${foreign.id}`)).status, 404);
      assert.equal((await studio.call(studio.b.tokens.admin, "GET", "/api/auth/me")).status, 200, "B's token still works");
    });
  });
}
