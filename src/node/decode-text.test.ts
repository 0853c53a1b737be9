import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { decodeText, firstInvalidUtf8Byte } from "./decode-text.ts";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : p)));

test("UTF-8 text decodes, with a byte-order mark stripped", () => {
  assert.deepEqual(decodeText(bytes("Fizzwell ✓ 🎉")), { kind: "text", text: "Fizzwell ✓ 🎉" });
  assert.deepEqual(decodeText(bytes([0xef, 0xbb, 0xbf], "hi")), { kind: "text", text: "hi" });
  assert.deepEqual(decodeText(bytes("")), { kind: "text", text: "" });
});

test("a NUL byte in the first 8 KB means binary; later ones do not", () => {
  assert.deepEqual(decodeText(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), { kind: "binary" });
  const late = new Uint8Array(9000).fill(0x61);
  late[8500] = 0;
  assert.equal(decodeText(late).kind, "text");
});

test("a UTF-16 byte-order mark is reported as UTF-16, either byte order", () => {
  assert.deepEqual(decodeText(bytes([0xff, 0xfe, 0x68, 0x00])), { kind: "utf16" });
  assert.deepEqual(decodeText(bytes([0xfe, 0xff, 0x00, 0x68])), { kind: "utf16" });
});

test("invalid UTF-8 names the byte offset, line and code-point column of the first bad byte", () => {
  // "héllo\nça 🎉 " is 16 bytes; the Latin-1 byte 0xe9 comes next: line 2, column 6.
  assert.deepEqual(decodeText(bytes("héllo\nça 🎉 ", [0xe9], "t")), { kind: "invalid-utf8", offset: 16, line: 2, column: 6 });
  assert.deepEqual(decodeText(bytes([0xff], "abc")), { kind: "invalid-utf8", offset: 0, line: 1, column: 1 });
  // A sequence cut off by the end of the file.
  assert.deepEqual(decodeText(bytes("ab", [0xe2, 0x82])), { kind: "invalid-utf8", offset: 2, line: 1, column: 3 });
});

test("overlongs, surrogates and code points above U+10FFFF are invalid", () => {
  assert.equal(firstInvalidUtf8Byte(bytes([0xc0, 0xaf])), 0);
  assert.equal(firstInvalidUtf8Byte(bytes([0xe0, 0x80, 0xaf])), 0);
  assert.equal(firstInvalidUtf8Byte(bytes("a", [0xed, 0xa0, 0x80])), 1);
  assert.equal(firstInvalidUtf8Byte(bytes("ab", [0xf4, 0x90, 0x80, 0x80])), 2);
  assert.equal(firstInvalidUtf8Byte(bytes([0xf0, 0x9f, 0x8e, 0x89])), 4);
});

test("agrees with the platform's strict decoder on arbitrary bytes", () => {
  const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
      const offset = firstInvalidUtf8Byte(data);
      let valid = true;
      try {
        strict.decode(data);
      } catch {
        valid = false;
      }
      assert.equal(offset === data.length, valid);
      if (!valid) assert.doesNotThrow(() => strict.decode(data.subarray(0, offset)));
    }),
  );
});
