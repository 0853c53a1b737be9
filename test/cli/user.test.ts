import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { createApp } from "../../src/server/app.ts";
import { verifyPassword } from "../../src/studio/passwords.ts";
import { createWorkspace, openStore, people, type OpenStoreOptions } from "../../src/store/index.ts";
import { databaseTargets, type DatabaseFixture } from "../support/databases.ts";
import { makeFolder, runCli } from "./cli-harness.ts";

const PASSWORD = "sparkling-lemon-thursday";

for (const target of databaseTargets()) {
  describe(`onbrand user add and token create on ${target.name}`, { skip: target.skip }, () => {
    const folder = makeFolder({});
    let fixture: DatabaseFixture;
    let options: OpenStoreOptions;
    let env: Record<string, string>;

    before(async () => {
      fixture = await target.make();
      // The CLI finds the embedded store in .onbrand/data of the folder it runs in (no onbrand.yaml here).
      options = fixture.options.url === undefined ? { dataDir: join(folder.dir, ".onbrand", "data") } : fixture.options;
      env = { DATABASE_URL: fixture.options.url ?? "" };
    });
    after(async () => {
      await fixture?.drop();
      folder.dispose();
    });

    const cli = (args: string[], input?: string) => runCli(args, folder.dir, input, env);
    async function withStore<T>(use: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
      const store = await openStore(options);
      try {
        return await use(store);
      } finally {
        await store.close();
      }
    }

    test("with no workspace in the store: exit 2, and the way out", async () => {
      const run = await cli(["user", "add", "--email", "maya@fizzwell.example", "--name", "Maya", "--admin"]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^onbrand: error: .+ has no workspace yet: import one first \(`onbrand import DIR`\)\n$/);
    });

    test("user add --admin --password-stdin: the first admin, who can sign in at once; a token for them works", async () => {
      const workspace = await withStore((store) => createWorkspace(store.db, { name: "Fizzwell" }));
      const added = await cli(["user", "add", "--email", "Maya@Fizzwell.example", "--name", "Maya Lind", "--admin", "--team", "Brand", "--password-stdin"], `${PASSWORD}\n`);
      assert.equal(added.code, 0, added.stderr);
      const id = /; id ([0-9a-f-]{36})\n$/.exec(added.stdout)?.[1];
      assert.equal(added.stdout, `Added Maya Lind <maya@fizzwell.example> to workspace "Fizzwell" as admin; id ${id}\n`);

      const token = await cli(["token", "create", "--email", "maya@fizzwell.example", "--name", "CI"]);
      assert.equal(token.code, 0, token.stderr);
      assert.match(token.stdout, /^obt_[\w-]{43}\n$/);
      assert.match(token.stderr, /^Created API token "CI" \(obt_[\w-]{6}…\) for maya@fizzwell\.example \(admin\) in workspace "Fizzwell"\. It is shown this once: store it now, e\.g\. as the secret ONBRAND_TOKEN\.\n$/);

      await withStore(async (store) => {
        const [row] = await store.db.select().from(people).where(eq(people.id, id ?? ""));
        assert.deepEqual([row?.workspaceId, row?.role, row?.team], [workspace.id, "admin", "Brand"]);
        assert.ok(await verifyPassword(PASSWORD, row?.passwordHash ?? ""), "the password, without its newline");
        const app = createApp({ store, version: "1" });
        const me = await app.request("/api/auth/me", { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
        assert.equal(((await me.json()) as { person: { id: string } }).person.id, id);
        const login = await app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "maya@fizzwell.example", password: PASSWORD }) });
        assert.equal(login.status, 200);
      });
    });

    test("user add without a password prints a one-time setup link that lets them choose one", async () => {
      const added = await cli(["user", "add", "--email", "sam@fizzwell.example", "--name", "Sam", "--role", "creator", "--champion"]);
      assert.equal(added.code, 0, added.stderr);
      const token = /\n {2}\/setup\?token=(obi_[\w-]{43})\n$/.exec(added.stdout)?.[1];
      assert.ok(token, added.stdout);
      assert.match(added.stdout, /^Added Sam <sam@fizzwell\.example> to workspace "Fizzwell" as creator \(champion\); id [0-9a-f-]{36}\nThey have no password yet\. Send them this one-time link \(valid until \d{4}-.+Z\) to choose one, on the studio's address:\n/);
      await withStore(async (store) => {
        const app = createApp({ store, version: "1" });
        const setup = await app.request("/api/auth/setup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, name: "Sam Ortiz", password: PASSWORD }) });
        assert.equal(setup.status, 201);
        const { person } = (await setup.json()) as { person: { email: string; role: string; champion: boolean; name: string } };
        assert.deepEqual(person.email + person.role + person.champion + person.name, "sam@fizzwell.examplecreatortrueSam Ortiz");
      });
    });

    test("usage errors exit 2 with the fix: a short password, a taken email, a missing role, an unknown person, an ambiguous store", async () => {
      const short = await cli(["user", "add", "--email", "kim@fizzwell.example", "--name", "Kim", "--role", "viewer", "--password-stdin"], "short\n");
      assert.deepEqual([short.code, short.stderr], [2, "onbrand: error: the password from stdin must be at least 12 characters; found 5. A few unrelated words make a long password that is easy to remember\n"]);
      const taken = await cli(["user", "add", "--email", "maya@fizzwell.example", "--name", "Maya", "--role", "viewer"]);
      assert.deepEqual([taken.code, taken.stderr], [2, "onbrand: error: email: maya@fizzwell.example is already a person in this workspace: use another email, or change that person instead\n"]);
      const noRole = await cli(["user", "add", "--email", "kim@fizzwell.example", "--name", "Kim"]);
      assert.deepEqual([noRole.code, noRole.stderr], [2, "onbrand: error: user add needs --role ROLE (admin, champion, creator, reviewer or viewer) or --admin\n"]);
      const nobody = await cli(["token", "create", "--email", "nobody@fizzwell.example"]);
      assert.deepEqual([nobody.code, nobody.stderr], [2, 'onbrand: error: there is no person nobody@fizzwell.example in workspace "Fizzwell": add them with `onbrand user add`\n']);

      await withStore((store) => createWorkspace(store.db, { name: "Othercorp" }));
      const ambiguous = await cli(["token", "create", "--email", "maya@fizzwell.example"]);
      assert.deepEqual([ambiguous.code, ambiguous.stderr], [2, 'onbrand: error: the store has 2 workspaces ("Fizzwell", "Othercorp"): name one with --workspace NAME\n']);
      const picked = await cli(["user", "add", "--email", "maya@fizzwell.example", "--name", "Maya", "--role", "reviewer", "--workspace", "Othercorp"]);
      assert.equal(picked.code, 0, picked.stderr);
      assert.match(picked.stdout, /^Added Maya <maya@fizzwell\.example> to workspace "Othercorp" as reviewer;/);
    });
  });
}
