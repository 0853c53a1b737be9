import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { databaseTargets } from "../../test/support/databases.ts";
import { DEMO_FOLDER } from "../../test/support/studio.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { listAudit, openStore, type Store } from "../store/index.ts";
import { rows } from "../store/open-store.ts";
import type { DatabaseFixture } from "../../test/support/databases.ts";
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_WORKSPACE_NAME, loadDemoWorkspace } from "./demo-workspace.ts";
import { KitCache } from "./workspace-kit.ts";

const [pglite] = databaseTargets();
const NOW = new Date("2026-11-20T18:00:00Z");

describe("the demo workspace", () => {
  let fixture: DatabaseFixture;
  let store: Store;
  let workspaceId: string;
  before(async () => {
    fixture = await pglite!.make();
    store = await openStore(fixture.options);
    const demo = await loadDemoWorkspace(store, { folder: DEMO_FOLDER, kits: new KitCache(), hashPassword, now: NOW, weeks: 2 });
    assert.equal(demo.created, true);
    workspaceId = demo.workspaceId;
  });
  after(async () => {
    await store?.close();
    await fixture?.drop();
  });

  const query = async <T>(text: string) => rows<T>(await store.db.execute(sql.raw(text.replaceAll("$ws", `'${workspaceId}'`))));

  test("is named and marked as demo data, with the demo kit and library", async () => {
    const [workspace] = await query<{ name: string; demo: boolean }>("select name, (settings->>'demo')::boolean as demo from workspaces where id = $ws");
    assert.deepEqual(workspace, { name: DEMO_WORKSPACE_NAME, demo: true });
    const [library] = await query<{ n: number }>("select count(*)::int as n from use_cases where workspace_id = $ws and current_version_id is not null");
    assert.equal(library?.n, 12);
  });

  test("has every role, each with the demo password", async () => {
    const people = await query<{ email: string; role: string; password_hash: string }>("select email, role, password_hash from people where workspace_id = $ws order by email");
    assert.deepEqual(
      people.map((p) => `${p.email} ${p.role}`),
      DEMO_PEOPLE.map((p) => `${p.email} ${p.role}`).sort(),
    );
    assert.equal(await verifyPassword(DEMO_PASSWORD, people[0]?.password_hash ?? ""), true);
  });

  test("has past activity made through the workflow: checks, reviews with reasons, variants of masters, all before now", async () => {
    const statuses = await query<{ kind: string; status: string }>("select distinct kind, status from assets where workspace_id = $ws order by 1, 2");
    assert.ok(statuses.some((s) => s.kind === "master" && s.status === "published"), JSON.stringify(statuses));
    assert.ok(statuses.some((s) => s.kind === "variant" && s.status === "published"), JSON.stringify(statuses));
    // The first week's off-brand drafts were sent back with the finding named, then fixed.
    const sentBack = await query<{ reason: string }>("select reason from reviews where workspace_id = $ws and decision = 'request_changes' order by created_at");
    assert.deepEqual(sentBack.map((r) => r.reason), [
      '"The best drink in the world." is off-brand: say what is in the can instead.',
      '"It is a healthy soda." is off-brand: say what is in the can instead.',
    ]);
    const [orphans] = await query<{ n: number }>("select count(*)::int as n from assets a where workspace_id = $ws and not exists (select 1 from checks c where c.asset_id = a.id)");
    assert.equal(orphans?.n, 0);
    const [variants] = await query<{ n: number }>("select count(*)::int as n from assets where workspace_id = $ws and kind = 'variant' and parent_asset_id is null");
    assert.equal(variants?.n, 0);
    const checkRuns = await query<{ keys: string; on_minute: boolean }>(
      "select distinct (select string_agg(k, ',' order by k) from jsonb_object_keys(data) k) as keys, extract(second from at) = 0 as on_minute from usage_events where workspace_id = $ws and type = 'check.run'",
    );
    assert.deepEqual(checkRuns, [{ keys: "count,errors,input,scoreTotal,suggestions,warnings", on_minute: true }]);
    const [span] = await query<{ first: string; last: string }>("select min(at) as first, max(at) as last from usage_events where workspace_id = $ws");
    assert.ok(new Date(span!.first) >= new Date(NOW.getTime() - 14 * 86_400_000), span!.first);
    assert.ok(new Date(span!.last) <= NOW, span!.last);
    assert.ok(new Date(span!.first) < new Date(NOW.getTime() - 7 * 86_400_000), "activity spans both weeks");
  });

  test("loading again writes nothing", async () => {
    const before = (await listAudit(store.db, workspaceId, { limit: 1 }))[0]?.seq;
    const again = await loadDemoWorkspace(store, { folder: DEMO_FOLDER, kits: new KitCache(), hashPassword, now: NOW, weeks: 2 });
    assert.deepEqual(again, { workspaceId, created: false, assets: 0 });
    assert.equal((await listAudit(store.db, workspaceId, { limit: 1 }))[0]?.seq, before);
  });
});
