import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, test } from "node:test";
import { humanSize, readTextFile, readTextStream } from "./read-text-file.ts";

const dir = mkdtempSync(join(tmpdir(), "onbrand-read-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

test("reads UTF-8 text", () => {
  assert.deepEqual(readTextFile(file("a.md", "# Fizzwell\n"), 1024), { ok: true, text: "# Fizzwell\n" });
});

test("a missing file says so", () => {
  assert.deepEqual(readTextFile(join(dir, "nope.md"), 1024), { ok: false, level: "error", message: "no such file or directory" });
});

test("a binary file is skipped with a warning", () => {
  assert.deepEqual(readTextFile(file("logo.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])), 1024), {
    ok: false,
    level: "warning",
    message: "binary file skipped",
  });
});

test("invalid UTF-8 names line, column and byte offset", () => {
  const result = readTextFile(file("latin1.txt", Uint8Array.from([0x61, 0x0a, 0x62, 0xe9, 0x0a])), 1024);
  assert.deepEqual(result, {
    ok: false,
    level: "error",
    message: "invalid UTF-8 at line 2, column 2 (byte offset 3); save the file as UTF-8 to check it",
  });
});

test("a file over the limit is refused before it is read, naming the limit and the option", () => {
  const result = readTextFile(file("big.txt", "x".repeat(3 * 1024 * 1024)), 2 * 1024 * 1024);
  assert.deepEqual(result, {
    ok: false,
    level: "error",
    message: "the file is 3 MB, above the 2 MB limit; split it, or raise the limit with --max-file-size <MB>",
  });
});

test("an unreadable file says permission denied", { skip: process.getuid?.() === 0 || process.platform === "win32" }, () => {
  const path = file("secret.md", "x");
  chmodSync(path, 0o000);
  assert.deepEqual(readTextFile(path, 1024), { ok: false, level: "error", message: "permission denied" });
});

test("a stream is read to the end, or refused once it passes the limit", async () => {
  assert.deepEqual(await readTextStream(Readable.from([Buffer.from("Fizz"), Buffer.from("well")]), 1024), { ok: true, text: "Fizzwell" });
  const big = await readTextStream(Readable.from([Buffer.alloc(1024 * 1024, 0x61), Buffer.alloc(1024 * 1024, 0x61)]), 1024 * 1024);
  assert.equal(big.ok, false);
  assert.match(big.ok ? "" : big.message, /^the file is over 2 MB, above the 1 MB limit/);
});

test("sizes read as MB, KB or bytes with at most one decimal", () => {
  assert.equal(humanSize(64 * 1024 * 1024), "64 MB");
  assert.equal(humanSize(1.25 * 1024 * 1024), "1.3 MB");
  assert.equal(humanSize(2048), "2 KB");
  assert.equal(humanSize(1536), "1.5 KB");
  assert.equal(humanSize(1), "1 byte");
  assert.equal(humanSize(10), "10 bytes");
});
