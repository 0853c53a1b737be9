import assert from "node:assert/strict";
import { test } from "node:test";
import { expandLiteral, isWordBounded } from "./literal-phrases.ts";

const expansions: Array<[string, string[] | null]> = [
  ["synergy", ["synergy"]],
  ["appears to be", ["appears to be"]],
  ["colou?r", ["colour", "color"]],
  ["[Ee]-mail", ["E-mail", "e-mail"]],
  ["e-?mail", ["e-mail", "email"]],
  ["(?:log|sign) in", ["log in", "sign in"]],
  ["(log|sign)-?in", ["log-in", "login", "sign-in", "signin"]],
  ["utili[sz]e", ["utilise", "utilize"]],
  ["a|b c", ["a", "b c"]],
  ["U\\.S\\.A", ["U.S.A"]],
  ["web\\s+site", ["web site"]],
  ["on\\s*line", ["on line", "online"]],
  ["AT&T", ["AT&T"]],
  ["[a-c]at", ["aat", "bat", "cat"]],
  ["\\w+ly", null],
  ["foo.", null],
  ["(?i)foo", null],
  ["^foo", null],
  ["foo$", null],
  ["a{2}", null],
  ["[^a]b", null],
  ["\\bfoo", null],
  ["(?P<x>foo)", null],
  ["a(b", null],
  ["colou??r", null],
  ["[a-z]at", null],
];

for (const [pattern, expected] of expansions) {
  test(`expandLiteral(${JSON.stringify(pattern)})`, () => {
    assert.deepEqual(expandLiteral(pattern), expected);
  });
}

test("expansion stops at the cap instead of growing exponentially", () => {
  assert.equal(expandLiteral("[ab][ab][ab][ab][ab][ab][ab]", 64), null);
  assert.equal(expandLiteral("[ab][ab][ab][ab][ab][ab]", 64)?.length, 64);
});

test("isWordBounded wants a letter or digit at both ends", () => {
  assert.equal(isWordBounded(["e-mail", "café", "3D"]), true);
  assert.equal(isWordBounded(["etc."]), false);
  assert.equal(isWordBounded(["-ish"]), false);
  assert.equal(isWordBounded(["C++"]), false);
});
