import assert from "node:assert/strict";
import { test } from "node:test";
import { BrandSchema, type BrandInput } from "../../kit/brand-schema.ts";
import { runKitRule } from "../../kit/rule-test-runner.ts";
import { check } from "../../engine/check.ts";
import { loadKit } from "../../engine/load-kit.ts";
import { compileBrandNames } from "./index.ts";

function rule(brandNames: string[]) {
  const brand = BrandSchema.parse({ terms: { brand_names: brandNames } } satisfies BrandInput);
  const rules = compileBrandNames(brand);
  assert.equal(rules.length, 1);
  return rules[0]!;
}

const cases: Array<{ name: string; names: string[]; text: string; want: Array<[number, number, string, string]> }> = [
  { name: "exact spelling passes", names: ["Fizzwell"], text: "Fizzwell is cold.", want: [] },
  {
    name: "wrong case is an error with the right spelling",
    names: ["Fizzwell"],
    text: "Try FizzWell today.",
    want: [[4, 12, "Use 'Fizzwell' instead of 'FizzWell'.", "Fizzwell"]],
  },
  {
    name: "lower and upper case",
    names: ["Fizzwell"],
    text: "fizzwell and FIZZWELL",
    want: [
      [0, 8, "Use 'Fizzwell' instead of 'fizzwell'.", "Fizzwell"],
      [13, 21, "Use 'Fizzwell' instead of 'FIZZWELL'.", "Fizzwell"],
    ],
  },
  {
    name: "multi-word name: line break between words is fine, wrong case is not",
    names: ["Fizzwell Zero"],
    text: "Fizzwell\nZero and Fizzwell zero",
    want: [[18, 31, "Use 'Fizzwell Zero' instead of 'Fizzwell zero'.", "Fizzwell Zero"]],
  },
  {
    name: "possessive is reported on the name part only",
    names: ["Fizzwell"],
    text: "FizzWell's range and Fizzwell’s taste",
    want: [[0, 8, "Use 'Fizzwell' instead of 'FizzWell'.", "Fizzwell"]],
  },
  {
    name: "hyphenated split of a single lower-case word",
    names: ["Fizzwell"],
    text: "Fizz-Well and Fizz-well",
    want: [
      [0, 9, "Use 'Fizzwell' instead of 'Fizz-Well'.", "Fizzwell"],
      [14, 23, "Use 'Fizzwell' instead of 'Fizz-well'.", "Fizzwell"],
    ],
  },
  {
    name: "the longest name wins over its prefix",
    names: ["Fizzwell", "Fizzwell Zero"],
    text: "fizzwell zero",
    want: [[0, 13, "Use 'Fizzwell Zero' instead of 'fizzwell zero'.", "Fizzwell Zero"]],
  },
  { name: "part of a longer word is not the name", names: ["Fizzwell"], text: "Fizzwellness", want: [] },
];

for (const c of cases) {
  test(`Brand.Names: ${c.name}`, () => {
    const reports = runKitRule(rule(c.names), c.text);
    assert.deepEqual(
      reports.map((r) => [r.start, r.end, r.message, r.suggestions?.[0]]),
      c.want,
    );
  });
}

test("Brand.Names: metadata, level error, case-insensitive phrases", () => {
  const r = rule(["Fizzwell"]);
  assert.equal(r.meta.id, "Brand.Names");
  assert.equal(r.meta.type, "brand.names");
  assert.equal(r.meta.level, "error");
  assert.ok(r.phrases!.every((p) => !p.caseSensitive && !p.inflect));
});

test("Brand.Names: camel-case and multi-word names get no hyphen variants", () => {
  const phrases = (names: string[]) => rule(names).phrases!.map((p) => p.phrase);
  assert.ok(!phrases(["FizzWell"]).some((p) => p.includes("-")));
  assert.ok(!phrases(["Fizzwell Zero"]).some((p) => p.includes("-")));
  assert.ok(phrases(["Fizzwell"]).includes("Fizz-well"));
});

test("Brand.Names: no names, no rule", () => {
  assert.deepEqual(compileBrandNames(BrandSchema.parse({})), []);
});

test("Brand.Names leaves handles, hashtags and domains alone, and still checks the name beside them", () => {
  const kit = loadKit({ "brand/brand.yaml": "terms:\n  brand_names: [Fizzwell]\n" }).kit;
  const { findings } = check(kit, { path: "a.md", content: "Follow @fizzwell, tag #fizzwell, shop fizzwell.com or www.fizzwell.co.uk. FizzWell rocks." });
  assert.deepEqual(findings.map((f) => `${f.column} ${f.match}`), ["75 FizzWell"]);
});
