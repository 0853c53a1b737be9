import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { databaseTargets } from "../../../test/support/databases.ts";
import { studioSuite } from "../../../test/support/studio.ts";
import { hashToken } from "../../store/api-tokens.ts";
import { listAudit } from "../../store/audit.ts";
import { invites, people, ROLES } from "../../store/schema.ts";
import { PERMISSIONS } from "../access.ts";
import { verifyPassword } from "../../studio/passwords.ts";

interface ErrorAnswer {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}
interface PersonJson {
  id: string;
  email: string;
  name: string;
  role: string;
  team: string | null;
  region: string | null;
  champion: boolean;
  hasPassword: boolean;
  createdAt: string;
}

test("the roles table of docs/accounts.md is PERMISSIONS", () => {
  const doc = readFileSync(new URL("../../../docs/accounts.md", import.meta.url), "utf8");
  const header = `| permission | ${ROLES.join(" | ")} | allows |`;
  const lines = doc.split("\n");
  const start = lines.indexOf(header);
  assert.ok(start >= 0, `docs/accounts.md has the header ${header}`);
  const table: Record<string, string[]> = {};
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("| `")) break;
    const cells = line.split("|").map((cell) => cell.trim());
    table[cells[1]?.replaceAll("`", "") ?? ""] = ROLES.filter((_, i) => cells[i + 2] === "yes");
  }
  assert.deepEqual(table, Object.fromEntries(Object.entries(PERMISSIONS).map(([permission, roles]) => [permission, [...roles]])));
});

const PERSON_KEYS = ["champion", "createdAt", "email", "hasPassword", "id", "name", "region", "role", "team"];

for (const target of databaseTargets()) {
  describe(`people and invites on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);

    test("every role lists the workspace's people, by name, never a password hash", async () => {
      await studio.store.db.update(people).set({ passwordHash: "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2g" }).where(eq(people.id, studio.a.people.reviewer.id));
      for (const role of ROLES) {
        const { status, body } = await studio.call<{ people: PersonJson[] }>(role, "GET", "/api/people");
        assert.equal(status, 200);
        assert.deepEqual(
          body.people.map((p) => [p.name, p.role, p.hasPassword]),
          [
            ["Fizzwell admin", "admin", false],
            ["Fizzwell champion", "champion", false],
            ["Fizzwell creator", "creator", false],
            ["Fizzwell reviewer", "reviewer", true],
            ["Fizzwell viewer", "viewer", false],
          ],
        );
        for (const person of body.people) assert.deepEqual(Object.keys(person).sort(), PERSON_KEYS);
      }
    });

    test("GET /api/people/:id: a person of the workspace; another workspace's id or a malformed one is 404", async () => {
      const champion = studio.a.people.champion;
      assert.deepEqual(await studio.call("viewer", "GET", `/api/people/${champion.id}`), {
        status: 200,
        body: {
          id: champion.id,
          email: "champion@fizzwell.example",
          name: "Fizzwell champion",
          role: "champion",
          team: null,
          region: null,
          champion: false,
          hasPassword: false,
          createdAt: champion.createdAt.toISOString(),
        },
      });
      const other = studio.b.people.champion.id;
      assert.deepEqual(await studio.call("admin", "GET", `/api/people/${other}`), {
        status: 404,
        body: { error: { code: "not_found", message: `there is no person ${other} in your workspace`, details: [] } },
      });
      assert.equal((await studio.call("admin", "GET", "/api/people/42")).status, 404);
    });

    test("an admin adds a person (with a password, hashed; audited as (set)); a taken email is 409", async () => {
      const { status, body } = await studio.call<PersonJson>("admin", "POST", "/api/people", {
        email: " Nina@Fizzwell.example ",
        name: "Nina Berg",
        role: "creator",
        team: "Retail",
        region: "Nordics",
        champion: true,
        password: "a long enough password",
      });
      assert.equal(status, 201);
      assert.deepEqual({ ...body, id: "", createdAt: "" }, {
        id: "",
        email: "nina@fizzwell.example",
        name: "Nina Berg",
        role: "creator",
        team: "Retail",
        region: "Nordics",
        champion: true,
        hasPassword: true,
        createdAt: "",
      });
      const [row] = await studio.store.db.select().from(people).where(eq(people.id, body.id));
      assert.ok(row?.passwordHash && (await verifyPassword("a long enough password", row.passwordHash)));
      const [audit] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "person", entityId: body.id });
      assert.equal(audit?.action, "person.create");
      assert.equal(audit?.actorId, studio.a.people.admin.id);
      assert.equal(audit?.after?.passwordHash, "(set)");

      const again = await studio.call<ErrorAnswer>("admin", "POST", "/api/people", { email: "nina@fizzwell.example", name: "Nina B", role: "viewer" });
      assert.deepEqual(again, {
        status: 409,
        body: { error: { code: "already_exists", message: "email: nina@fizzwell.example is already a person in this workspace: use another email, or change that person instead", details: [] } },
      });
      // The same email in another workspace is another person.
      assert.equal((await studio.call(studio.b.tokens.admin, "POST", "/api/people", { email: "nina@fizzwell.example", name: "Nina", role: "viewer" })).status, 201);
    });

    test("a new person's fields are validated, every bad one listed", async () => {
      const { status, body } = await studio.call<ErrorAnswer>("admin", "POST", "/api/people", { email: "not-an-email", name: "", role: "owner", password: "short", age: 3 });
      assert.equal(status, 400);
      assert.deepEqual(body.error.details, [
        { path: "email", message: "must be an email address like maya@fizzwell.example" },
        { path: "name", message: "must not be empty" },
        { path: "role", message: 'must be one of admin, champion, creator, reviewer, viewer; found "owner"' },
        { path: "password", message: "must be at least 12 characters; found 5. A few unrelated words make a long password that is easy to remember" },
        { path: "age", message: "unknown key; the keys here are email, name, role, team, region, champion, password" },
      ]);
    });

    test("an admin changes role, team, region and champion; the change is audited with before and after", async () => {
      const target = studio.a.people.reviewer;
      const { status, body } = await studio.call<PersonJson>("admin", "PATCH", `/api/people/${target.id}`, { role: "champion", team: "Brand", region: "EMEA", champion: true });
      assert.equal(status, 200);
      assert.deepEqual([body.role, body.team, body.region, body.champion], ["champion", "Brand", "EMEA", true]);
      const [audit] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "person", entityId: target.id, limit: 1 });
      assert.equal(audit?.action, "person.update");
      assert.equal(audit?.actorId, studio.a.people.admin.id);
      assert.deepEqual([audit?.before?.role, audit?.after?.role, audit?.before?.team, audit?.after?.team], ["reviewer", "champion", null, "Brand"]);
      assert.equal(audit?.after?.passwordHash, "(set)", "whether a password is set, never the hash");
      // The new role applies to the person's next request.
      assert.equal((await studio.call(studio.a.tokens.reviewer, "GET", "/api/auth/me")).status, 200);
      assert.equal(((await studio.call<{ person: PersonJson }>(studio.a.tokens.reviewer, "GET", "/api/auth/me")).body.person).role, "champion");
      await studio.call("admin", "PATCH", `/api/people/${target.id}`, { role: "reviewer", team: null, region: null, champion: false });
    });

    test("PATCH: an empty change and unknown keys are validation errors; another workspace's person is 404", async () => {
      const id = studio.a.people.viewer.id;
      assert.deepEqual((await studio.call<ErrorAnswer>("admin", "PATCH", `/api/people/${id}`, {})).body.error.details, [
        { path: "", message: "send at least one of name, role, team, region, champion" },
      ]);
      assert.deepEqual((await studio.call<ErrorAnswer>("admin", "PATCH", `/api/people/${id}`, { email: "x@y.z" })).body.error.details, [
        { path: "email", message: "unknown key; the keys here are name, role, team, region, champion" },
        { path: "", message: "send at least one of name, role, team, region, champion" },
      ]);
      const other = studio.b.people.viewer.id;
      assert.deepEqual(await studio.call("admin", "PATCH", `/api/people/${other}`, { role: "admin" }), {
        status: 404,
        body: { error: { code: "not_found", message: `there is no person ${other} in this workspace`, details: [] } },
      });
      const [unchanged] = await studio.store.db.select({ role: people.role }).from(people).where(eq(people.id, other));
      assert.equal(unchanged?.role, "viewer");
    });

    test("the workspace's last admin cannot be demoted (409); with a second admin they can", async () => {
      const admin = studio.a.people.admin;
      assert.deepEqual(await studio.call("admin", "PATCH", `/api/people/${admin.id}`, { role: "viewer" }), {
        status: 409,
        body: { error: { code: "conflict", message: "role: admin@fizzwell.example is the workspace's last admin; make someone else an admin first, then change this role", details: [] } },
      });
      const second = studio.a.people.champion;
      assert.equal((await studio.call("admin", "PATCH", `/api/people/${second.id}`, { role: "admin" })).status, 200);
      assert.equal((await studio.call("admin", "PATCH", `/api/people/${second.id}`, { role: "champion" })).status, 200);
      assert.equal((await studio.call("admin", "PATCH", `/api/people/${admin.id}`, { name: "Still the admin" })).status, 200, "other changes to the last admin are fine");
    });

    test("an admin makes an invite: the link is shown once and only its hash is stored; an email that can sign in already is 409", async () => {
      const { status, body } = await studio.call<{ url: string; invite: { id: string; role: string; email: string | null; expiresAt: string } }>("admin", "POST", "/api/invites", {
        role: "reviewer",
        email: "Newcomer@Fizzwell.example",
      });
      assert.equal(status, 201);
      const token = /^\/setup\?token=(obi_[\w-]{43})$/.exec(body.url)?.[1];
      assert.ok(token, body.url);
      assert.deepEqual([body.invite.role, body.invite.email], ["reviewer", "newcomer@fizzwell.example"]);
      const days = (Date.parse(body.invite.expiresAt) - Date.now()) / 86_400_000;
      assert.ok(days > 6.99 && days <= 7);
      const [row] = await studio.store.db.select().from(invites).where(eq(invites.id, body.invite.id));
      assert.equal(row?.tokenHash, hashToken(token));
      const [audit] = await listAudit(studio.store.db, studio.a.workspace.id, { entityType: "invite", entityId: body.invite.id });
      assert.equal(audit?.action, "invite.create");
      assert.equal(JSON.stringify(audit).includes(token), false);

      const nina = await studio.call<PersonJson>("admin", "POST", "/api/people", { email: "has.password@fizzwell.example", name: "P", role: "viewer", password: "a long enough password" });
      assert.equal(nina.status, 201);
      assert.deepEqual(await studio.call("admin", "POST", "/api/invites", { role: "viewer", email: "has.password@fizzwell.example" }), {
        status: 409,
        body: { error: { code: "already_exists", message: "email: has.password@fizzwell.example can already sign in to this workspace; they can change their password after signing in", details: [] } },
      });
    });

    test("roles without workspace.admin get 403 on every admin route, before any id is looked up", async () => {
      const forbidden = (role: string) => ({
        status: 403,
        body: { error: { code: "forbidden", message: `your role (${role}) cannot do this; it needs one of: admin. Ask an admin of your workspace.`, details: [] } },
      });
      const someone = studio.a.people.viewer.id;
      const elsewhere = studio.b.people.viewer.id;
      for (const role of ["champion", "creator", "reviewer", "viewer"] as const) {
        assert.deepEqual(await studio.call(role, "POST", "/api/people", { email: "x@fizzwell.example", name: "X", role: "admin" }), forbidden(role));
        assert.deepEqual(await studio.call(role, "PATCH", `/api/people/${someone}`, { role: "admin" }), forbidden(role));
        assert.deepEqual(await studio.call(role, "PATCH", `/api/people/${elsewhere}`, { role: "admin" }), forbidden(role));
        assert.deepEqual(await studio.call(role, "POST", "/api/invites", { role: "admin" }), forbidden(role));
      }
      const [viewer] = await studio.store.db.select({ role: people.role }).from(people).where(eq(people.id, someone));
      assert.equal(viewer?.role, "viewer");
    });
  });
}
