import assert from "node:assert/strict";
import { test } from "node:test";
import { charRunPattern } from "./char-run-pattern.ts";

test("one ASCII set, alone or with +, maybe in one group, is a char-run pattern", () => {
  const cases: Array<[string, string, boolean, boolean]> = [
    // pattern, characters in the set among " a,!?.1\t\u00a0é", repeated, captured
    ["[^\\s]+", "a,!?.1\u00a0é", true, false],
    ["([^\\s]+)", "a,!?.1\u00a0é", true, true],
    ["(?:\\S+)", "a,!?.1\u00a0é", true, false],
    [",", ",", false, false],
    ["!", "!", false, false],
    ["\\?", "?", false, false],
    ["[!?]+", "!?", true, false],
    ["\\d+", "1", true, false],
    ["[^\\d\\s.,]+", "a!?\u00a0é", true, false],
    ["\\s", " \t", false, false],
  ];
  const sample = " a,!?.1\t\u00a0é";
  for (const [pattern, members, repeated, captured] of cases) {
    const run = charRunPattern(pattern);
    assert.ok(run, pattern);
    const found = [...sample].filter((c) => run.has(c.charCodeAt(0))).join("");
    assert.deepEqual([found, run.repeated, run.captured], [members, repeated, captured], pattern);
  }
});

test("anything else is not: letters (they fold), ranges, negated sets without +, other syntax", () => {
  for (const pattern of [
    "a", "[a-z]+", "[A-Z]{4,}", "[^,]", "\\S", "\\w+", ".+", "[]a]+", "[[:alpha:]]+", "[,-]+", "(a)|(b)", "(,)(,)",
    ",*", ",{2}", "(?i),", "(?P<x>,)", "\\x{2c}", "\\p{P}+", "\\b,", ",+?", "]", "{", "", "é", "[^é]+", "\\ ",
  ]) {
    assert.equal(charRunPattern(pattern), null, pattern);
  }
});
