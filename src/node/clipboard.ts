import { spawn } from "node:child_process";

/** A command that reads text on stdin and puts it on the clipboard. */
interface ClipboardTool {
  command: string;
  args: string[];
}

export type CopyResult = { ok: true; tool: string } | { ok: false; reason: string };

/**
 * The clipboard commands to try on this platform, in order. Each platform ships one (macOS
 * pbcopy, Windows clip); on Linux it depends on the desktop: wl-copy on Wayland, xclip or xsel on
 * X11, clip.exe under WSL. Spawning the platform's own command keeps this dependency-free.
 */
export function clipboardTools(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): ClipboardTool[] {
  if (platform === "darwin") return [{ command: "pbcopy", args: [] }];
  if (platform === "win32") return [{ command: "clip", args: [] }];
  const tools: ClipboardTool[] = [];
  if (env.WAYLAND_DISPLAY) tools.push({ command: "wl-copy", args: [] });
  if (env.DISPLAY) {
    tools.push({ command: "xclip", args: ["-selection", "clipboard"] });
    tools.push({ command: "xsel", args: ["--clipboard", "--input"] });
  }
  if (env.WSL_DISTRO_NAME) tools.push({ command: "clip.exe", args: [] });
  return tools;
}

/**
 * Puts `text` on the system clipboard with the first tool that works. Never throws: when no tool
 * is there (a server, a container, CI) the result says what to install.
 *
 * @example
 * const copied = await copyToClipboard(prompt, process.platform, process.env);
 * if (!copied.ok) console.error(copied.reason);
 */
export async function copyToClipboard(
  text: string,
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CopyResult> {
  const tools = clipboardTools(platform, env);
  if (tools.length === 0) {
    return {
      ok: false,
      reason: "no clipboard here (no display: a server, a container or CI); on a Linux desktop install wl-clipboard, xclip or xsel",
    };
  }
  const failures: string[] = [];
  for (const tool of tools) {
    const outcome = await run(tool, text, env);
    if (outcome === null) return { ok: true, tool: tool.command };
    failures.push(`${tool.command}: ${outcome}`);
  }
  const missing = failures.every((f) => f.endsWith("not installed"));
  return {
    ok: false,
    reason: missing
      ? `no clipboard tool found (tried ${tools.map((t) => t.command).join(", ")}); install one of them`
      : failures.join("; "),
  };
}

/** Runs one tool; null when it worked, else why not. */
function run(tool: ClipboardTool, text: string, env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: string | null): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const child = spawn(tool.command, tool.args, { env: { ...env }, stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error: NodeJS.ErrnoException) => done(error.code === "ENOENT" ? "not installed" : error.message));
    // "exit", not "close": xclip and wl-copy leave a background process holding the clipboard (and
    // the stderr pipe) after the command itself has finished. A failure waits briefly for its message.
    let stderrEnded = false;
    child.stderr.on("end", () => (stderrEnded = true));
    child.on("exit", (code) => {
      if (code === 0) return done(null);
      const report = (): void => done(`exited with ${code}${stderr.trim() ? `: ${stderr.trim().split("\n")[0]}` : ""}`);
      if (stderrEnded) report();
      else {
        child.stderr.on("end", report);
        setTimeout(report, 200).unref();
      }
    });
    // A tool that dies before reading its input closes the pipe; its exit code says why.
    child.stdin.on("error", () => undefined);
    child.stdin.end(text);
  });
}
