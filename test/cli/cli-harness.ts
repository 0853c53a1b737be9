import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The installed entry point: it runs the built CLI in dist/, as a user's shell would. */
export const BIN = fileURLToPath(new URL("../../bin/onbrand.js", import.meta.url));
const BUILT = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/onbrand.js ...args` in `cwd`, with colour settings cleared so output is plain;
 * `extraEnv` sets (or, with "", blanks) variables on top of this process's environment.
 */
export function runCli(args: readonly string[], cwd: string, input?: string | Uint8Array, extraEnv: Record<string, string> = {}): Promise<CliRun> {
  if (!existsSync(BUILT)) throw new Error("dist/cli/main.js is missing: run `npm run build` before the CLI tests");
  const env = { ...process.env, ...extraEnv };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/** A temporary folder with these files (workspace-relative paths); `dispose()` removes it. */
export function makeFolder(files: Record<string, string | Uint8Array>): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "onbrand-cli-"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
