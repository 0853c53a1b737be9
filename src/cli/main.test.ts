import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { CliIo } from "./cli-io.ts";
import { main } from "./main.ts";

function io(): CliIo & { out: string; err: string } {
  const captured = {
    out: "",
    err: "",
    cwd: process.cwd(),
    env: {},
    stdin: (async function* () {})(),
    stdout: { write: (text: string) => (captured.out += text) },
    stderr: { write: (text: string) => (captured.err += text) },
  };
  return captured;
}

test("--version prints package.json's version", async () => {
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  for (const flag of ["--version", "-v"]) {
    const term = io();
    assert.equal(await main([flag], term), 0);
    assert.equal(term.out, `${version}\n`);
  }
});

test("--help lists the commands; help <command> shows its options", async () => {
  const term = io();
  assert.equal(await main(["--help"], term), 0);
  assert.match(term.out, /^onbrand: brand guardrails as code/);
  for (const command of ["check", "init", "schema"]) assert.match(term.out, new RegExp(`^  ${command} `, "m"));
  const help = io();
  assert.equal(await main(["help", "init"], help), 0);
  assert.match(help.out, /^Usage: onbrand init \[folder\] \[--force\]/);
  const own = io();
  assert.equal(await main(["schema", "--help"], own), 0);
  assert.match(own.out, /^Usage: onbrand schema/);
});

test("no command, an unknown command or an unknown option: usage on stderr, exit 2", async () => {
  const none = io();
  assert.equal(await main([], none), 2);
  assert.match(none.err, /^onbrand: brand guardrails as code/);
  const unknown = io();
  assert.equal(await main(["lint"], unknown), 2);
  assert.equal(unknown.err, 'onbrand: error: unknown command "lint"; run `onbrand --help` for the commands\n');
  const option = io();
  assert.equal(await main(["--verbose"], option), 2);
  assert.equal(option.err, "onbrand: error: unknown option --verbose; run `onbrand --help` for the commands\n");
  const inherited = io();
  assert.equal(await main(["toString"], inherited), 2);
});

test("a command's usage error is printed, not thrown", async () => {
  const term = io();
  assert.equal(await main(["init", "a", "b"], term), 2);
  assert.equal(term.err, "onbrand: error: init takes one folder; run `onbrand init --help`\n");
});
