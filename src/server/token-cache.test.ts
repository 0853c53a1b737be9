import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Hono } from "hono";
import { databaseTargets } from "../../test/support/databases.ts";
import { openStudio, type Studio } from "../../test/support/studio.ts";
import { listApiTokens } from "../store/api-tokens.ts";
import type { Person } from "../store/schema.ts";
import { TOKEN_TRUST_MS, TokenCache, type VerifiedToken } from "./token-cache.ts";

const maya = { person: { id: "p1", role: "creator" } as Person, tokenId: "t1" } satisfies VerifiedToken;

/** A cache over a fake database that counts its lookups, with a clock the test moves. */
function counted(answer: (token: string) => VerifiedToken | undefined = () => maya) {
  const clock = { now: 1_000_000 };
  const lookups: string[] = [];
  const cache = new TokenCache(
    async (token) => {
      lookups.push(token);
      return answer(token);
    },
    () => clock.now,
  );
  return { cache, lookups, clock };
}

test("a verified token is looked up once within TOKEN_TRUST_MS, and again after it", async () => {
  const { cache, lookups, clock } = counted();
  assert.equal(await cache.personOf("obt_a"), maya);
  clock.now += TOKEN_TRUST_MS - 1;
  assert.equal(await cache.personOf("obt_a"), maya);
  assert.deepEqual(lookups, ["obt_a"]);
  clock.now += 1;
  assert.equal(await cache.personOf("obt_a"), maya);
  assert.deepEqual(lookups, ["obt_a", "obt_a"]);
});

test("an unknown token is not remembered: a token that starts working works at once", async () => {
  let known = false;
  const { cache, lookups } = counted(() => (known ? maya : undefined));
  assert.equal(await cache.personOf("obt_new"), undefined);
  known = true;
  assert.equal(await cache.personOf("obt_new"), maya);
  assert.deepEqual(lookups, ["obt_new", "obt_new"]);
});

test("a lookup that began before a clear does not keep what it read", async () => {
  let release: (found: VerifiedToken) => void = () => {};
  const lookups: string[] = [];
  const cache = new TokenCache((token) => {
    lookups.push(token);
    return lookups.length === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(maya);
  });
  const first = cache.personOf("obt_a");
  cache.clear(); // a role change ended while the lookup was under way
  release(maya);
  assert.equal(await first, maya);
  await cache.personOf("obt_a");
  assert.equal(lookups.length, 2, "read again: what the first lookup read may be stale");
});

test("fence: reads and POST /api/check keep the verified tokens; any other request clears them as it ends, failed or not", async () => {
  const { cache, lookups } = counted();
  const app = new Hono();
  app.onError((_error, c) => c.text("refused", 500));
  app.use("*", async (c, next) => {
    await cache.personOf("obt_a");
    return cache.fence(c, next);
  });
  app.get("/api/people", (c) => c.text("list"));
  app.post("/api/check", (c) => c.text("checked"));
  app.patch("/api/people/p1", (c) => c.text("changed"));
  app.delete("/api/tokens/t1", () => {
    throw new Error("refused");
  });
  const calls = async (...requests: Array<[string, string]>) => {
    for (const [method, path] of requests) await app.request(path, { method });
    return lookups.length;
  };
  assert.equal(await calls(["GET", "/api/people"], ["POST", "/api/check"], ["GET", "/api/people"]), 1);
  assert.equal(await calls(["PATCH", "/api/people/p1"], ["GET", "/api/people"]), 2);
  assert.equal(await calls(["DELETE", "/api/tokens/t1"], ["POST", "/api/check"]), 3);
});

for (const target of databaseTargets()) {
  describe(`verified tokens on ${target.name}`, { skip: target.skip }, () => {
    let studio: Studio;
    before(async () => {
      studio = await openStudio(await target.make());
    });
    after(async () => {
      assert.deepEqual(studio.log, []);
      await studio?.close();
    });

    test("a revoked token is refused on its next request; a new role applies to the next request", async () => {
      const creator = studio.a.tokens.creator;
      assert.equal((await studio.call(creator, "POST", "/api/check", { text: "Hi" })).status, 200);
      const [info] = await listApiTokens(studio.store.db, studio.a.workspace.id, { personId: studio.a.people.creator.id });
      assert.equal((await studio.call("admin", "DELETE", `/api/tokens/${info?.id}`)).status, 200);
      assert.equal((await studio.call(creator, "POST", "/api/check", { text: "Hi" })).status, 401);

      const reviewer = studio.a.people.reviewer;
      const me = () => studio.call<{ person: { role: string } }>(studio.a.tokens.reviewer, "GET", "/api/auth/me");
      assert.equal((await me()).body.person.role, "reviewer");
      assert.equal((await studio.call("admin", "PATCH", `/api/people/${reviewer.id}`, { role: "champion" })).status, 200);
      assert.equal((await me()).body.person.role, "champion");
      await studio.call("admin", "PATCH", `/api/people/${reviewer.id}`, { role: "reviewer" });
    });
  });
}
