import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { CliIo } from "./cli-io.ts";
import { main } from "./main.ts";
import { startMaintenance } from "./worker-command.ts";

function io(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const captured = {
    out: "",
    err: "",
    cwd: process.cwd(),
    env,
    stdin: (async function* () {})(),
    stdout: { write: (text: string) => (captured.out += text) },
    stderr: { write: (text: string) => (captured.err += text) },
  };
  return captured;
}

async function fails(argv: string[], message: string, env: Record<string, string> = {}): Promise<void> {
  const term = io(env);
  assert.equal(await main(argv, term), 2);
  assert.equal(term.err, `onbrand: error: ${message}\n`);
  assert.equal(term.out, "");
}

test("onbrand worker needs PostgreSQL: without DATABASE_URL it says why and what to run instead", async () => {
  await fails(
    ["worker"],
    "onbrand worker needs DATABASE_URL (a PostgreSQL database shared with `onbrand serve`): the embedded database is open in one process only, and `onbrand serve` runs the jobs itself there",
  );
});

test("onbrand serve --no-worker on the embedded database is refused: nothing else could run the jobs", async () => {
  await fails(
    ["serve", "--no-worker"],
    "--no-worker needs PostgreSQL (DATABASE_URL): the embedded database is open in one process only, so `onbrand worker` cannot reach it and this server must run the jobs",
  );
});

test("serve and worker options are checked before anything is opened", async () => {
  const url = { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
  await fails(["serve", "--port", "http"], '--port must be a whole number from 0 to 65535 (got "http")');
  await fails(["serve", "--port", "70000"], '--port must be a whole number from 0 to 65535 (got "70000")');
  await fails(["serve", "--concurrency", "0"], '--concurrency must be a whole number from 1 to 64 (got "0")');
  await fails(["serve", "--host", " "], "--host needs an address, such as 127.0.0.1 or 0.0.0.0");
  await fails(["serve", "here"], "serve takes no arguments (got here); run `onbrand serve --help`");
  await fails(["worker", "--concurrency", "two"], '--concurrency must be a whole number from 1 to 64 (got "two")', url);
  await fails(["worker", "--workers", "2"], "unknown option --workers; run `onbrand worker --help` for the options", url);
});

test("--help of serve and worker", async () => {
  for (const command of ["serve", "worker"]) {
    const term = io();
    assert.equal(await main([command, "--help"], term), 0);
    assert.match(term.out, new RegExp(`^Usage: onbrand ${command} \\[`));
  }
});

test("maintenance: a failed prune is a line on stderr, not a crash, and the next round tries again; stop ends the rounds", async () => {
  const term = io();
  const db = {
    delete: () => {
      throw new Error("the database is down");
    },
  };
  const stop = startMaintenance({ db: db as never }, term, 10);
  for (let i = 0; i < 200 && term.err.split("\n").length <= 4; i++) await delay(10);
  await stop();
  const lines = term.err.split("\n").filter(Boolean);
  assert.deepEqual(lines.slice(0, 4), [
    "onbrand: worker: pruning expired sessions and sign-in attempts failed (the next round tries again): the database is down",
    "onbrand: worker: pruning finished jobs failed (the next round tries again): the database is down",
    "onbrand: worker: pruning expired sessions and sign-in attempts failed (the next round tries again): the database is down",
    "onbrand: worker: pruning finished jobs failed (the next round tries again): the database is down",
  ]);
  const stopped = term.err;
  await delay(50);
  assert.equal(term.err, stopped);
});
