import assert from "node:assert/strict";
import { test } from "node:test";
import { valeBase, valeRuleMeta } from "./vale-base.ts";

test("reads the common keys, with Vale's defaults: level warning, scope text, no limit", () => {
  const { base, problems } = valeBase({ extends: "existence", message: "Avoid '%s'." }, "Brand.Avoid");
  assert.deepEqual(problems, []);
  assert.deepEqual(base, {
    id: "Brand.Avoid",
    extends: "existence",
    message: "Avoid '%s'.",
    description: "",
    level: "warning",
    scope: { include: ["text"], exclude: [] },
    limit: 0,
    action: null,
  });
});

test("reads level, link, limit, description, action and a scope list with exclusions", () => {
  const { base, problems } = valeBase(
    {
      Extends: "substitution",
      message: "Use '%s'.",
      level: "error",
      link: "https://example.com/terms",
      limit: 3,
      description: "Preferred terms",
      scope: ["heading", "~blockquote", "sentence"],
      action: { name: "replace", params: ["sign in"] },
    },
    "Brand.Terms",
  );
  assert.deepEqual(problems, []);
  assert.equal(base.extends, "substitution");
  assert.equal(base.level, "error");
  assert.equal(base.link, "https://example.com/terms");
  assert.equal(base.limit, 3);
  assert.deepEqual(base.scope, { include: ["heading", "sentence"], exclude: ["blockquote"] });
  assert.deepEqual(base.action, { name: "replace", params: ["sign in"] });
});

test("a lone exclusion means every other block", () => {
  const { base } = valeBase({ extends: "existence", message: "m", scope: "~heading" }, "S.R");
  assert.deepEqual(base.scope, { include: ["text"], exclude: ["heading"] });
});

const invalid: Array<{ name: string; def: Record<string, unknown>; path: string; level: "error" | "warning"; message: RegExp }> = [
  { name: "missing extends", def: { message: "m" }, path: "extends", level: "error", message: /has no 'extends' key/ },
  { name: "missing message", def: { extends: "existence" }, path: "message", level: "error", message: /has no 'message' key/ },
  { name: "unknown level", def: { extends: "existence", message: "m", level: "fatal" }, path: "level", level: "error", message: /level 'fatal' is not one of suggestion, warning, error/ },
  { name: "limit not a count", def: { extends: "existence", message: "m", limit: -1 }, path: "limit", level: "error", message: /'limit' must be a whole number/ },
  { name: "message not text", def: { extends: "existence", message: ["a"] }, path: "message", level: "error", message: /'message' must be a string, got a list/ },
  { name: "removed inline scope", def: { extends: "existence", message: "m", scope: ["text", "code"] }, path: "scope.1", level: "warning", message: /scope 'code' is not supported \(Vale 3 removed inline scopes\)/ },
  { name: "unknown scope", def: { extends: "existence", message: "m", scope: "comment" }, path: "scope", level: "warning", message: /scope 'comment' is not supported/ },
  { name: "action not a map", def: { extends: "existence", message: "m", action: "replace" }, path: "action", level: "error", message: /'action' must be a map/ },
  { name: "unknown action", def: { extends: "existence", message: "m", action: { name: "fix" } }, path: "action.name", level: "warning", message: /action 'fix' is not a Vale action/ },
];

for (const { name, def, path, level, message } of invalid) {
  test(`problem: ${name}`, () => {
    const { problems } = valeBase(def, "Brand.Rule");
    const problem = problems.find((p) => p.path === path);
    assert.ok(problem, `expected a problem at '${path}', got ${JSON.stringify(problems)}`);
    assert.equal(problem.level, level);
    assert.match(problem.message, message);
    assert.match(problem.message, /Brand\.Rule/);
    assert.ok(problem.fix, "every problem says what to do");
  });
}

test("a scope with nothing supported left is an error", () => {
  const { problems } = valeBase({ extends: "existence", message: "m", scope: "comment" }, "S.R");
  assert.deepEqual(
    problems.map((p) => [p.level, p.path]),
    [
      ["warning", "scope"],
      ["error", "scope"],
    ],
  );
});

test("valeRuleMeta falls back to the message for the description", () => {
  const { base } = valeBase({ extends: "existence", message: "Avoid '%s'.", link: "https://x.test" }, "Brand.Avoid");
  assert.deepEqual(valeRuleMeta(base, { file: "styles/Brand/Avoid.yml", line: 1, column: 1 }), {
    id: "Brand.Avoid",
    type: "existence",
    level: "warning",
    description: "Avoid ….",
    scope: { include: ["text"], exclude: [] },
    link: "https://x.test",
    source: { file: "styles/Brand/Avoid.yml", line: 1, column: 1 },
  });
});
