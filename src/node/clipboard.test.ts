import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { clipboardTools, copyToClipboard } from "./clipboard.ts";

const bin = mkdtempSync(join(tmpdir(), "onbrand-clip-"));
after(() => rmSync(bin, { recursive: true, force: true }));

test("picks the platform's clipboard commands", () => {
  assert.deepEqual(clipboardTools("darwin", {}).map((t) => t.command), ["pbcopy"]);
  assert.deepEqual(clipboardTools("win32", {}).map((t) => t.command), ["clip"]);
  assert.deepEqual(clipboardTools("linux", { WAYLAND_DISPLAY: "wayland-0", DISPLAY: ":0" }).map((t) => t.command), ["wl-copy", "xclip", "xsel"]);
  assert.deepEqual(clipboardTools("linux", { WSL_DISTRO_NAME: "Ubuntu" }).map((t) => t.command), ["clip.exe"]);
  assert.deepEqual(clipboardTools("linux", {}), []);
});

test("copies through the first tool that works, with the text on stdin", { skip: process.platform === "win32" }, async () => {
  const out = join(bin, "clipboard.txt");
  writeFileSync(join(bin, "xsel"), `#!/bin/sh\n/bin/cat > "${out}"\n`);
  chmodSync(join(bin, "xsel"), 0o755);
  const text = "Zero sugar, all the sparkle. ✨\n";
  // xclip is not on this PATH, so xsel is used.
  const result = await copyToClipboard(text, "linux", { PATH: bin, DISPLAY: ":0" });
  assert.deepEqual(result, { ok: true, tool: "xsel" });
  assert.equal(readFileSync(out, "utf8"), text);
});

test("says what to install when no tool is there, and why a tool failed", { skip: process.platform === "win32" }, async () => {
  assert.deepEqual(await copyToClipboard("x", "linux", {}), {
    ok: false,
    reason: "no clipboard here (no display: a server, a container or CI); on a Linux desktop install wl-clipboard, xclip or xsel",
  });
  const empty = mkdtempSync(join(tmpdir(), "onbrand-clip-empty-"));
  assert.deepEqual(await copyToClipboard("x", "linux", { PATH: empty, DISPLAY: ":0" }), {
    ok: false,
    reason: "no clipboard tool found (tried xclip, xsel); install one of them",
  });
  rmSync(empty, { recursive: true, force: true });
  writeFileSync(join(bin, "wl-copy"), "#!/bin/sh\necho 'Failed to connect to a Wayland server' >&2\nexit 1\n");
  chmodSync(join(bin, "wl-copy"), 0o755);
  assert.deepEqual(await copyToClipboard("x", "linux", { PATH: bin, WAYLAND_DISPLAY: "wayland-0" }), {
    ok: false,
    reason: "wl-copy: exited with 1: Failed to connect to a Wayland server",
  });
});
