import { readFileSync, statSync } from "node:fs";
import { type DecodedText, decodeText } from "./decode-text.ts";

/** Files above this size are refused unless `--max-file-size` raises it (the engine checks >= 10 MB/s). */
export const DEFAULT_MAX_FILE_MB = 64;

export type TextFileResult =
  | { ok: true; text: string }
  | { ok: false; level: "error" | "warning"; message: string };

/**
 * Reads a file as UTF-8 text for checking. Never throws: a missing, unreadable, oversized, binary
 * or non-UTF-8 file comes back as a message saying what is wrong and what to do.
 */
export function readTextFile(path: string, maxBytes: number): TextFileResult {
  try {
    const size = statSync(path).size;
    if (size > maxBytes) return tooLarge(size, maxBytes);
    return fromBytes(readFileSync(path));
  } catch (error) {
    return { ok: false, level: "error", message: ioMessage(error) };
  }
}

/** Reads a stream (stdin) to the end, stopping early once it passes `maxBytes`. */
export async function readTextStream(stream: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<TextFileResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
      size += buffer.length;
      if (size > maxBytes) return tooLarge(size, maxBytes, true);
      chunks.push(buffer);
    }
  } catch (error) {
    return { ok: false, level: "error", message: ioMessage(error) };
  }
  return fromBytes(Buffer.concat(chunks));
}

export function fromBytes(bytes: Uint8Array): TextFileResult {
  const decoded: DecodedText = decodeText(bytes);
  switch (decoded.kind) {
    case "text":
      return { ok: true, text: decoded.text };
    case "binary":
      return { ok: false, level: "warning", message: "binary file skipped" };
    case "utf16":
      return { ok: false, level: "error", message: "the file is UTF-16 text; save it as UTF-8 to check it" };
    case "invalid-utf8":
      return {
        ok: false,
        level: "error",
        message:
          `invalid UTF-8 at line ${decoded.line}, column ${decoded.column} (byte offset ${decoded.offset}); ` +
          "save the file as UTF-8 to check it",
      };
    default: {
      const unknown: never = decoded;
      throw new Error(`unknown decode result ${JSON.stringify(unknown)}`);
    }
  }
}

function tooLarge(size: number, maxBytes: number, atLeast = false): TextFileResult {
  return {
    ok: false,
    level: "error",
    message:
      `the file is ${atLeast ? "over " : ""}${humanSize(size)}, above the ${humanSize(maxBytes)} limit; ` +
      "split it, or raise the limit with --max-file-size <MB>",
  };
}

/** 3 MB, 1.5 KB, 12 bytes: one decimal at most, none when it is zero. */
export function humanSize(bytes: number): string {
  const oneDecimal = (n: number) => n.toFixed(1).replace(/\.0$/, "");
  if (bytes >= 1024 * 1024) return `${oneDecimal(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${oneDecimal(bytes / 1024)} KB`;
  return `${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/** A file-system error as a short message without the path (the caller prints the path). */
export function ioMessage(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a folder, not a file";
  if (code === "ELOOP") return "too many levels of symbolic links";
  return error instanceof Error ? error.message : String(error);
}
