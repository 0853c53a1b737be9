import assert from "node:assert/strict";
import { test } from "node:test";
import type { RuleProblem } from "../rule.ts";
import { compileExceptions } from "./exceptions.ts";

test("an exception cancels a match that contains it as a whole word, case-sensitively", () => {
  const filter = compileExceptions(["only", "(?i)early"], "S.R", []);
  assert.equal(filter.excludes("only"), true);
  assert.equal(filter.excludes(" only "), true);
  assert.equal(filter.excludes("not only"), true);
  assert.equal(filter.excludes("Only"), false);
  assert.equal(filter.excludes("EARLY"), true);
  assert.equal(filter.excludes("onlyx"), false);
  assert.equal(filter.hasPhrases, false);
});

test("a phrase exception cancels a match inside that phrase in its block", () => {
  const filter = compileExceptions(["mea culpa"], "S.R", []);
  assert.equal(filter.hasPhrases, true);
  const text = "Mea culpa. Mea maxima.";
  const region = { text, start: 0, end: text.length };
  assert.equal(filter.cancels("Mea", 0, 3, region), true);
  assert.equal(filter.cancels("Mea", 11, 14, region), false);
  assert.equal(filter.cancels("Mea", 0, 3, undefined), false);
});

test("phrase spans are not reused across documents", () => {
  const filter = compileExceptions(["mea culpa"], "S.R", []);
  const first = "mea culpa";
  const second = "mea maxim";
  assert.equal(filter.cancels("mea", 0, 3, { text: first, start: 0, end: 9 }), true);
  assert.equal(filter.cancels("mea", 0, 3, { text: second, start: 0, end: 9 }), false);
});

test("an invalid exception is an error at its index; the others still work", () => {
  const problems: RuleProblem[] = [];
  const filter = compileExceptions(["fine", "bad(?=x)"], "S.R", problems);
  assert.deepEqual(
    problems.map((p) => [p.level, p.path]),
    [["error", "exceptions.1"]],
  );
  assert.equal(filter.excludes("fine"), true);
});
