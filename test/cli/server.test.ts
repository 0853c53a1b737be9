import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import { databaseTargets } from "../support/databases.ts";
import { DEMO_FOLDER, openStudio, type Studio } from "../support/studio.ts";
import { startWorker } from "../../src/cli/worker-command.ts";
import type { JobQueue } from "../../src/jobs/job-queue.ts";
import { saveUseCaseVersion } from "../../src/store/index.ts";
import { KitCache } from "../../src/studio/workspace-kit.ts";
import { makeFolder } from "./cli-harness.ts";
import { runCli } from "./cli-harness.ts";

// The CLI against a real studio over HTTP: the same findings as a local check with the same kit.
const [pglite] = databaseTargets();

describe("onbrand check --server", () => {
  let studio: Studio;
  let server: ReturnType<typeof serve>;
  let url: string;
  let worker: JobQueue;
  before(async () => {
    studio = await openStudio(await pglite!.make());
    server = serve({ fetch: studio.app.fetch, hostname: "127.0.0.1", port: 0 });
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const id of ["email", "push"]) {
      const file = readFileSync(join(DEMO_FOLDER, `brand/usecases/${id}.yaml`), "utf8");
      await saveUseCaseVersion(studio.store.db, studio.a.workspace.id, { brandId: studio.a.brand.id, useCaseId: id, file }, null);
    }
    const quiet = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: process.stdin, cwd: process.cwd(), env: {} };
    worker = await startWorker(studio.store, new KitCache(), quiet, 2);
  });
  after(async () => {
    await worker.stop();
    await new Promise((resolve) => server.close(resolve));
    await studio.close();
  });

  test("checks the demo corpus through the studio with the same findings, scores and exit code as locally", async () => {
    const local = await runCli(["check", "corpus", "--format", "json"], DEMO_FOLDER);
    const remote = await runCli(["check", "corpus", "--format", "json", "--server", url], DEMO_FOLDER, undefined, { ONBRAND_TOKEN: studio.a.tokens.viewer });
    assert.equal(local.code, 1);
    assert.deepEqual({ code: remote.code, stderr: remote.stderr }, { code: 1, stderr: "" });
    assert.deepEqual(JSON.parse(remote.stdout), JSON.parse(local.stdout));
  });

  test("stdin, --channel and --min-level go to the server", async () => {
    const remote = await runCli(["check", "-", "--server", url, "--min-level", "error", "--format", "line"], DEMO_FOLDER, "Our soda is the best in the world!\n", {
      ONBRAND_TOKEN: studio.a.tokens.creator,
    });
    assert.deepEqual(remote, {
      code: 1,
      stdout: "<stdin>:1:17:Brand.Claims.superlative:We can't prove a superlative. Describe the taste instead.\n",
      stderr: "",
    });
    const channel = await runCli(["check", "-", "--server", url, "--channel", "fax"], DEMO_FOLDER, "Hi\n", { ONBRAND_TOKEN: studio.a.tokens.creator });
    assert.equal(channel.code, 2);
    assert.match(channel.stderr, /^onbrand: error: .*fax/);
  });

  test("--use-case goes to the server: the same findings as a local check with the use case's output rules", async () => {
    // As an assistant answers a compiled prompt: fields only, so the use case's channel (email) applies.
    const email = JSON.stringify({ fields: { subject: "Fizzwell Zero is back in twelve-can packs at every shop near you", body: "Hi there, Fizzwell Zero is back in 12-can packs." } });
    const args = ["check", "-", "--stdin-format", "json", "--use-case", "email", "--format", "line"];
    const local = await runCli(args, DEMO_FOLDER, email);
    const remote = await runCli([...args, "--server", url], DEMO_FOLDER, email, { ONBRAND_TOKEN: studio.a.tokens.viewer });
    assert.deepEqual(local, {
      code: 1,
      stdout: [
        "<stdin>:1:51:Brand.Length.email.subject:[subject] subject line is 64 characters; the email subject line limit is 50 (cut 14)",
        "<stdin>:1:1:Output.Missing:[preheader] preheader is missing; the use case requires it",
        "<stdin>:1:1:Output.Missing:[cta] cta is missing; the use case requires it",
        "",
      ].join("\n"),
      stderr: "",
    });
    assert.deepEqual(remote, local);

    // A channel the use case does not take is an error for that input, named with the channels it takes.
    const sms = JSON.stringify({ channel: "sms", fields: { subject: "Hi" } });
    const wrong = await runCli(["check", "-", "--stdin-format", "json", "--use-case", "email"], DEMO_FOLDER, sms);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /^<stdin>: error: channel "sms" is not one of the use case's channels; use one of email$/m);
  });

  test("a missing or refused token and an unreachable server are one clear line each (exit 2)", async () => {
    const missing = await runCli(["check", "-", "--server", url], DEMO_FOLDER, "Hi\n", { ONBRAND_TOKEN: "" });
    assert.deepEqual(missing, {
      code: 2,
      stdout: "",
      stderr: "onbrand: error: --server needs an API token in ONBRAND_TOKEN: create one in the studio or with `onbrand token create`, then export ONBRAND_TOKEN=obt_…\n",
    });
    const refused = await runCli(["check", "-", "--server", url], DEMO_FOLDER, "Hi\n", { ONBRAND_TOKEN: "obt_revoked" });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, new RegExp(`^onbrand: error: ${url} refused the API token in ONBRAND_TOKEN \\(the API token is not valid`));
    const down = await runCli(["check", "-", "--server", "http://127.0.0.1:9"], DEMO_FOLDER, "Hi\n", { ONBRAND_TOKEN: "obt_x" });
    assert.equal(down.code, 2);
    assert.match(down.stderr, /^onbrand: error: cannot reach the studio at http:\/\/127\.0\.0\.1:9 \(.+\): start it with `onbrand serve`, or fix --server \/ ONBRAND_SERVER\n$/);
  });

  test("onbrand prompt --server compiles with the studio's kit and library: the same prompt as locally", async () => {
    const args = ["prompt", "email", "--set", "product=Fizzwell Zero", "--set", "key_message=Back in 12-can packs.", "--audience", "students"];
    const env = { ONBRAND_TOKEN: studio.a.tokens.creator };
    const local = await runCli(args, DEMO_FOLDER);
    const remote = await runCli([...args, "--server", url], DEMO_FOLDER, undefined, env);
    assert.equal(local.code, 0, local.stderr);
    assert.deepEqual(remote, local);
    const localJson = JSON.parse((await runCli([...args, "--format", "json"], DEMO_FOLDER)).stdout);
    const remoteJson = JSON.parse((await runCli([...args, "--format", "json", "--server", url], DEMO_FOLDER, undefined, env)).stdout);
    const { sections: _sections, ...localTokens } = localJson.tokens;
    assert.deepEqual(remoteJson, { ...localJson, tokens: localTokens });
    const listing = await runCli(["prompt", "--list", "--server", url], DEMO_FOLDER, undefined, env);
    assert.equal(listing.stdout.split("\n")[0], "email  Promotional email (owner: Maya Chen (CRM champion))");
  });

  test("onbrand prompt --server: the studio's brief errors name each field (exit 2)", async () => {
    const bad = await runCli(["prompt", "email", "--set", "product=Fizzwell Max", "--server", url], DEMO_FOLDER, undefined, { ONBRAND_TOKEN: studio.a.tokens.creator });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^onbrand: error: .*\n {2}brief\.product: .*Fizzwell Max/s);
    assert.match(bad.stderr, /brief\.key_message: /);
  });

  test("onbrand generate --server runs on the studio and writes its variants, which onbrand check reads", async () => {
    const out = makeFolder({});
    try {
      const args = ["generate", "push", "--set", "news=Fizzwell Zero is in shops today.", "--audience", "students,parents", "--region", "west", "--out", out.dir, "--server", url];
      const run = await runCli(args, DEMO_FOLDER, undefined, { ONBRAND_TOKEN: studio.a.tokens.creator });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^run [0-9a-f-]{36}: finished; 2 passed, 0 need review, 0 failed of 2\n$/);
      assert.match(run.stderr, new RegExp(`^onbrand: run [0-9a-f-]{36} started on ${url} \\(2 variants\\)\n`));
      const check = await runCli(["check", out.dir, "--format", "json"], DEMO_FOLDER);
      const reports = (JSON.parse(check.stdout) as { files: { path: string; findings: { level: string }[] }[] }).files;
      assert.equal(reports.length, 2);
      assert.deepEqual(reports.map((r) => r.path.split("/").pop()?.replace(/\.[0-9a-f]{8}\.json$/, "")).sort(), ["push.parents.west", "push.students.west"]);
      assert.ok(reports.every((r) => r.findings.every((f) => f.level !== "error")), check.stdout);
      // A viewer may not start runs: the studio's 403, one line, exit 2.
      const viewer = await runCli(args, DEMO_FOLDER, undefined, { ONBRAND_TOKEN: studio.a.tokens.viewer });
      assert.equal(viewer.code, 2);
      assert.match(viewer.stderr, /^onbrand: error: your role \(viewer\) cannot do this/);
      const local = await runCli([...args, "--rpm", "5"], DEMO_FOLDER, undefined, { ONBRAND_TOKEN: studio.a.tokens.creator });
      assert.deepEqual(local, { code: 2, stdout: "", stderr: "onbrand: error: --rpm is for a local run; with --server the studio's settings apply (see docs/studio.md)\n" });
    } finally {
      out.dispose();
    }
  });
});
