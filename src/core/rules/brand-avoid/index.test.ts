import assert from "node:assert/strict";
import { test } from "node:test";
import { BrandSchema } from "../../kit/brand-schema.ts";
import { runKitRule } from "../../kit/rule-test-runner.ts";
import { compileBrandAvoid } from "./index.ts";

function rule(avoid: unknown[]) {
  const rules = compileBrandAvoid(BrandSchema.parse({ terms: { avoid } }));
  assert.equal(rules.length, 1);
  return rules[0]!;
}

const cases: Array<{ name: string; avoid: unknown[]; text: string; want: Array<[number, number, string, string | undefined]> }> = [
  { name: "clean copy passes", avoid: ["cheap"], text: "Great value.", want: [] },
  {
    name: "plain term: default message and level",
    avoid: ["cheap"],
    text: "So Cheap!",
    want: [[3, 8, "Avoid 'cheap'.", "warning"]],
  },
  {
    name: "item with level and a %s message",
    avoid: [{ term: "cheap", level: "error", message: "Say 'great value' rather than '%s'." }],
    text: "so CHEAP",
    want: [[3, 8, "Say 'great value' rather than 'CHEAP'.", "error"]],
  },
  {
    name: "both forms in one list, in source order",
    avoid: ["diet", { term: "guilt-free", message: "We never talk about guilt." }],
    text: "Guilt-free, not diet.",
    want: [
      [0, 10, "We never talk about guilt.", "warning"],
      [16, 20, "Avoid 'diet'.", "warning"],
    ],
  },
  {
    name: "multi-word term over a line break",
    avoid: ["game changer"],
    text: "a game\n  changer",
    want: [[2, 16, "Avoid 'game changer'.", "warning"]],
  },
];

for (const c of cases) {
  test(`Brand.Avoid: ${c.name}`, () => {
    const reports = runKitRule(rule(c.avoid), c.text);
    assert.deepEqual(
      reports.map((r) => [r.start, r.end, r.message, r.level]),
      c.want,
    );
  });
}

test("Brand.Avoid: terms are matched with inflections, case-insensitively", () => {
  const r = rule(["disrupt", { term: "cheap" }]);
  assert.equal(r.meta.id, "Brand.Avoid");
  assert.equal(r.meta.level, "warning");
  assert.deepEqual(
    r.phrases!.map((p) => [p.phrase, p.inflect, p.caseSensitive]),
    [
      ["disrupt", true, undefined],
      ["cheap", true, undefined],
    ],
  );
});

test("Brand.Avoid: no terms, no rule", () => {
  assert.deepEqual(compileBrandAvoid(BrandSchema.parse({})), []);
});
