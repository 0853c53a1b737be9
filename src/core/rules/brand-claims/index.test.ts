import assert from "node:assert/strict";
import { test } from "node:test";
import { BrandSchema } from "../../kit/brand-schema.ts";
import { runKitRule } from "../../kit/rule-test-runner.ts";
import { compileBrandClaims } from "./index.ts";

const health = {
  id: "health",
  level: "error",
  message: "'%s' is a health claim; Fizzwell makes none.",
  phrases: ["boosts immunity", "cures"],
};
const clinical = {
  id: "clinical",
  level: "warning",
  message: "'%s' needs evidence.",
  phrases: ["clinically proven"],
  allow_with_evidence: true,
};

function rules(...claims: object[]) {
  return compileBrandClaims(BrandSchema.parse({ claims }));
}

const cases: Array<{ name: string; claim: object; text: string; want: Array<[number, number, string]> }> = [
  { name: "no claim, no finding", claim: health, text: "Tastes bright.", want: [] },
  {
    name: "%s is the matched text, whitespace collapsed",
    claim: health,
    text: "It Boosts\n immunity.",
    want: [[3, 19, "'Boosts immunity' is a health claim; Fizzwell makes none."]],
  },
  {
    name: "every hit is reported",
    claim: health,
    text: "It cures. It boosts immunity.",
    want: [
      [3, 8, "'cures' is a health claim; Fizzwell makes none."],
      [13, 28, "'boosts immunity' is a health claim; Fizzwell makes none."],
    ],
  },
  {
    name: "evidence markers do not excuse a claim without allow_with_evidence",
    claim: health,
    text: "It cures[1].",
    want: [[3, 8, "'cures' is a health claim; Fizzwell makes none."]],
  },
  { name: "evidence: footnote [1]", claim: clinical, text: "Clinically proven to refresh[1]. Really.", want: [] },
  { name: "evidence: footnote [^1]", claim: clinical, text: "Clinically proven to refresh.[^1]", want: [] },
  { name: "evidence: superscript digits", claim: clinical, text: "Clinically proven to refresh¹².", want: [] },
  { name: "evidence: dagger", claim: clinical, text: "Clinically proven† to refresh.", want: [] },
  { name: "evidence: double dagger", claim: clinical, text: "Clinically proven to refresh‡.", want: [] },
  { name: "evidence: trailing asterisk", claim: clinical, text: "It is clinically proven*.", want: [] },
  { name: "evidence: asterisk after the full stop", claim: clinical, text: "Clinically proven.* Other text.", want: [] },
  { name: "evidence: asterisk right after the claim", claim: clinical, text: "Clinically proven* to refresh you.", want: [] },
  {
    name: "no evidence: reported",
    claim: clinical,
    text: "Clinically proven to refresh.",
    want: [[0, 17, "'Clinically proven' needs evidence."]],
  },
  {
    name: "evidence in another sentence does not count",
    claim: clinical,
    text: "Clinically proven to refresh. Cold and crisp[1].",
    want: [[0, 17, "'Clinically proven' needs evidence."]],
  },
  {
    name: "a link is not a footnote",
    claim: clinical,
    text: "Clinically proven [1](https://example.com) to refresh.",
    want: [[0, 17, "'Clinically proven' needs evidence."]],
  },
];

for (const c of cases) {
  test(`Brand.Claims: ${c.name}`, () => {
    const [rule] = rules(c.claim);
    const reports = runKitRule(rule!, c.text);
    assert.deepEqual(
      reports.map((r) => [r.start, r.end, r.message]),
      c.want,
    );
  });
}

test("Brand.Claims: one rule per claim with its id, level and inflecting phrases", () => {
  const [h, c] = rules(health, clinical);
  assert.equal(h!.meta.id, "Brand.Claims.health");
  assert.equal(h!.meta.level, "error");
  assert.equal(c!.meta.id, "Brand.Claims.clinical");
  assert.equal(c!.meta.level, "warning");
  assert.deepEqual(
    h!.phrases!.map((p) => [p.phrase, p.inflect]),
    [
      ["boosts immunity", true],
      ["cures", true],
    ],
  );
  assert.deepEqual(h!.meta.scope.include, ["text"]);
  assert.deepEqual(c!.meta.scope.include, ["sentence"]);
});

test("Brand.Claims: rule source points at the claim in brand.yaml", () => {
  const [rule] = compileBrandClaims(BrandSchema.parse({ claims: [health] }), {
    file: "brand/brand.yaml",
    positionOf: (path) => ({ line: path.length * 10, column: 3 }),
  });
  assert.deepEqual(rule!.meta.source, { file: "brand/brand.yaml", line: 20, column: 3 });
});
