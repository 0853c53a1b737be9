import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { DEMO_FOLDER } from "../support/studio.ts";

const CLI = fileURLToPath(new URL("./onbrand-cli.ts", import.meta.url));

const folder = mkdtempSync(join(tmpdir(), "onbrand-serve-"));
after(() => rmSync(folder, { recursive: true, force: true }));

function onbrand(args: string[], cwd = folder) {
  // The embedded database: whatever DATABASE_URL the tests run with is not passed on.
  const { DATABASE_URL: _, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

test("serve on the embedded database: imports the folder, prints the setup link, runs a run in process, refuses a second server, stops cleanly", async () => {
  cpSync(join(DEMO_FOLDER, "onbrand.yaml"), join(folder, "onbrand.yaml"));
  for (const dir of ["brand", "styles"]) cpSync(join(DEMO_FOLDER, dir), join(folder, dir), { recursive: true });
  const server = onbrand(["serve", "--port", "0"]);
  try {
    await waitFor("the server to start", () => /onbrand: worker: /.test(server.output()));
    const output = server.output();
    const base = /^Onbrand Studio on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1] ?? "";
    assert.ok(base, output);
    assert.match(output, /^onbrand: imported \. as workspace "Fizzwell" \(kit [0-9a-f]{16}, 12 use cases\)$/m);
    assert.match(output, /^onbrand: worker: in this process, 2 runs at a time$/m);
    const token = new RegExp(`^  ${base.replaceAll(".", "\\.")}/setup\\?token=(obi_[\\w-]+)$`, "m").exec(output)?.[1];
    assert.ok(token, output);

    const second = onbrand(["serve", "--port", "0"]);
    assert.equal(await second.exited, 2);
    assert.equal(
      second.output(),
      `onbrand: error: another onbrand process (pid ${server.child.pid}) has the embedded database in ${join(folder, ".onbrand", "data")} open: stop it first (the embedded database serves one process); to run several processes (servers, workers, commands), use PostgreSQL (DATABASE_URL)\n`,
    );

    // The first admin signs up with the link and starts a run; the in-process worker writes it (template provider).
    const setup = await fetch(`${base}/api/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, email: "maya@fizzwell.example", name: "Maya", password: "a long enough password" }),
    });
    assert.equal(setup.status, 201);
    const { csrfToken } = (await setup.json()) as { csrfToken: string };
    const cookie = (setup.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const headers = { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" };
    const started = await fetch(`${base}/api/runs`, { method: "POST", headers, body: JSON.stringify({ useCase: "push", brief: { news: "Fizzwell Zero is in shops today." } }) });
    assert.equal(started.status, 202);
    const { id } = (await started.json()) as { id: string };
    let run: { status: string; planned: number; succeeded: number; needsReview: number } = { status: "", planned: 0, succeeded: 0, needsReview: 0 };
    await waitFor("the run to finish", async () => {
      run = (await (await fetch(`${base}/api/runs/${id}`, { headers })).json()) as typeof run;
      return run.status === "finished";
    });
    assert.deepEqual([run.planned, run.succeeded + run.needsReview], [2, 2]);
    assert.match(server.output(), new RegExp(`onbrand: run ${id}: done`));
  } finally {
    server.child.kill("SIGTERM");
  }
  assert.equal(await server.exited, 0);
  assert.match(server.output(), /onbrand: stopping: runs in progress go back to the queue\n$/);
  assert.equal(existsSync(join(folder, ".onbrand", "data.lock")), false);
});

test("serve --demo (what npm start runs): loads the labelled demo workspace once and prints the sign-in that works", async () => {
  const empty = mkdtempSync(join(tmpdir(), "onbrand-demo-"));
  try {
    const server = onbrand(["serve", "--demo", "--port", "0"], empty);
    try {
      await waitFor("the demo server to start", () => /onbrand: worker: /.test(server.output()), 120_000);
      const output = server.output();
      const base = /^Onbrand Studio on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1] ?? "";
      assert.match(output, /^Demo workspace "Fizzwell \(demo data\)" \(made-up sample data\)\. Sign in as admin@fizzwell\.demo \(admin\), .* password: fizzwell-demo-only$/m);
      assert.match(output, /^onbrand: demo loaded: \d+ assets in [\d.]+ s$/m);
      assert.ok(existsSync(join(empty, ".onbrand", "demo-data")), "the demo has its own data folder");
      const login = await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@fizzwell.demo", password: "fizzwell-demo-only" }),
      });
      assert.equal(login.status, 200);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const assets = (await (await fetch(`${base}/api/assets?limit=200`, { headers: { cookie } })).json()) as { items: { status: string }[] };
      assert.ok(assets.items.length > 50, `${assets.items.length} assets`);
      assert.ok(new Set(assets.items.map((a) => a.status)).has("published"));
    } finally {
      server.child.kill("SIGTERM");
    }
    assert.equal(await server.exited, 0);
    // A second start finds the demo loaded and writes nothing new.
    const again = onbrand(["serve", "--demo", "--port", "0"], empty);
    try {
      await waitFor("the second demo start", () => /onbrand: worker: /.test(again.output()), 60_000);
      assert.doesNotMatch(again.output(), /demo loaded/);
    } finally {
      again.child.kill("SIGTERM");
    }
    assert.equal(await again.exited, 0);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
