/** What a file's bytes turned out to be. */
export type DecodedText =
  | { kind: "text"; text: string }
  | { kind: "binary" }
  | { kind: "utf16" }
  /** `offset` is the 0-based byte offset of the first bad byte; line and column (1-based, code points) place it in the text before it. */
  | { kind: "invalid-utf8"; offset: number; line: number; column: number };

/** How far into a file to look for a NUL byte, the sign of a binary file (as git does). */
export const BINARY_SNIFF_BYTES = 8192;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes a file's bytes as UTF-8 text, stripping a byte-order mark. Binary files (a NUL byte in
 * the first 8 KB) and UTF-16 files (a UTF-16 byte-order mark) are told apart so the message can
 * say what to do; invalid UTF-8 is placed by byte offset, line and column.
 *
 * @example decodeText(new Uint8Array([0x68, 0x69])) // { kind: "text", text: "hi" }
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { kind: "utf16" };
  }
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { kind: "binary" };
  try {
    return { kind: "text", text: utf8.decode(bytes) };
  } catch {
    // The native decoder says only that the bytes are bad; find where, for the message.
    const offset = firstInvalidUtf8Byte(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
    const lastBreak = before.lastIndexOf("\n");
    let line = 1;
    for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) line++;
    let column = 1;
    for (const _ of before.slice(lastBreak + 1)) column++;
    return { kind: "invalid-utf8", offset, line, column };
  }
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode Table 3-7:
 * no overlongs, no surrogates, nothing above U+10FFFF), or `bytes.length` when all are valid.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > bytes.length) return i;
    const second = bytes[i + 1] as number;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}
