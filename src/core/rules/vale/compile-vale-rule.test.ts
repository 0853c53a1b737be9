import assert from "node:assert/strict";
import { test } from "node:test";
import { compileValeRule, supportedValeTypes } from "./compile-vale-rule.ts";

test("compiles a supported rule with no problems", () => {
  const { rule, problems } = compileValeRule(
    { extends: "existence", message: "Avoid '%s'.", level: "error", tokens: ["synergy"] },
    "Brand.Avoid",
    { source: { file: "styles/Brand/Avoid.yml", line: 1, column: 1 } },
  );
  assert.deepEqual(problems, []);
  assert.ok(rule);
  assert.equal(rule.meta.id, "Brand.Avoid");
  assert.equal(rule.meta.type, "existence");
  assert.equal(rule.meta.level, "error");
  assert.deepEqual(rule.meta.source, { file: "styles/Brand/Avoid.yml", line: 1, column: 1 });
});

for (const type of ["spelling", "sequence", "script"]) {
  test(`extends: ${type} is skipped with a warning naming the type`, () => {
    const { rule, problems } = compileValeRule({ extends: type, message: "m" }, "Brand.X");
    assert.equal(rule, undefined);
    assert.deepEqual(
      problems.map((p) => [p.level, p.path, p.message]),
      [["warning", "extends", `rule Brand.X uses extends: ${type}, which onbrand does not support yet; it is skipped`]],
    );
  });
}

test("a type Vale does not have is skipped with a warning saying so", () => {
  const { rule, problems } = compileValeRule({ extends: "lint", message: "m" }, "Brand.X");
  assert.equal(rule, undefined);
  assert.equal(problems[0]?.message, "rule Brand.X uses extends: lint, which is not a Vale rule type; it is skipped");
  assert.match(problems[0]?.fix ?? "", /existence, substitution/);
});

test("unknown keys are warnings naming the key; the rule still compiles", () => {
  const { rule, problems } = compileValeRule(
    { extends: "existence", message: "m", tokens: ["a"], foo: 1, code: true },
    "Brand.Avoid",
  );
  assert.ok(rule);
  assert.deepEqual(
    problems.map((p) => [p.level, p.path, p.message]),
    [
      ["warning", "foo", "unsupported key 'foo' in rule Brand.Avoid; it is ignored"],
      ["warning", "code", "unsupported key 'code' in rule Brand.Avoid; it is ignored"],
    ],
  );
  assert.match(problems[1]?.fix ?? "", /scope: raw/);
});

test("keys are matched case-insensitively, as Vale does", () => {
  const { rule, problems } = compileValeRule(
    { Extends: "existence", Message: "m", IgnoreCase: true, Tokens: ["a"] },
    "Brand.Avoid",
  );
  assert.deepEqual(problems, []);
  assert.ok(rule);
});

test("a wrong type is an error naming the key, and no rule is returned", () => {
  const { rule, problems } = compileValeRule({ extends: "existence", message: "m", tokens: 5 }, "Brand.Avoid");
  assert.equal(rule, undefined);
  const problem = problems.find((p) => p.path === "tokens" && p.level === "error");
  assert.ok(problem);
  assert.equal(problem.message, "rule Brand.Avoid: 'tokens' must be a list of strings, got number 5");
});

test("an action the type does not turn into suggestions is a warning", () => {
  const { rule, problems } = compileValeRule(
    { extends: "occurrence", message: "m", token: ",", max: 3, action: { name: "edit", params: ["truncate"] } },
    "Brand.Commas",
  );
  assert.ok(rule);
  assert.deepEqual(problems.map((p) => [p.level, p.path]), [["warning", "action"]]);
});

test("an invalid pattern is an error naming the key and the position", () => {
  const { rule, problems } = compileValeRule(
    { extends: "existence", message: "m", tokens: ["fine", "bad(?=x)"] },
    "Brand.Avoid",
  );
  assert.equal(rule, undefined);
  assert.equal(problems[0]?.path, "tokens.1");
  assert.match(problems[0]?.message ?? "", /pattern 'bad\(\?=x\)' in 'tokens.1' cannot be used \(position 4\)/);
});

test("the supported types include the five pattern types", () => {
  for (const type of ["existence", "substitution", "occurrence", "repetition", "consistency"]) {
    assert.ok(supportedValeTypes().includes(type), type);
  }
});
