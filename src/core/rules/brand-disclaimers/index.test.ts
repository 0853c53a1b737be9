import assert from "node:assert/strict";
import { test } from "node:test";
import { BrandSchema } from "../../kit/brand-schema.ts";
import { runKitRule } from "../../kit/rule-test-runner.ts";
import { compileBrandDisclaimers } from "./index.ts";

const caffeine = {
  id: "caffeine",
  when: ["energy boost", "caffeine kick"],
  require: "Contains caffeine. Not for children.",
};

function rule(disclaimer: object = caffeine) {
  const rules = compileBrandDisclaimers(BrandSchema.parse({ disclaimers: [disclaimer] }));
  assert.equal(rules.length, 1);
  return rules[0]!;
}

const MESSAGE = '"energy boost" needs the disclaimer: "Contains caffeine. Not for children."';

const cases: Array<{ name: string; docs: string[]; want: Array<[number, number, number, string]> }> = [
  { name: "no trigger, no finding", docs: ["Cold and crisp."], want: [] },
  { name: "trigger with the disclaimer", docs: ["An energy boost.\n\nContains caffeine. Not for children."], want: [] },
  {
    name: "trigger without the disclaimer, reported at the trigger",
    docs: ["An energy boost."],
    want: [[0, 3, 15, MESSAGE]],
  },
  {
    name: "reported once per asset, at the first trigger",
    docs: ["An Energy Boost and a caffeine kick.", "Another energy boost."],
    want: [[0, 3, 15, '"Energy Boost" needs the disclaimer: "Contains caffeine. Not for children."']],
  },
  {
    name: "the disclaimer in another field of the asset counts",
    docs: ["An energy boost.", "CONTAINS caffeine.\nNot for children"],
    want: [],
  },
  {
    name: "curly quotes and collapsed whitespace",
    docs: ["An energy boost. Contains  caffeine.   Not\nfor children."],
    want: [],
  },
  {
    name: "part of the disclaimer is not enough",
    docs: ["An energy boost. Contains caffeine."],
    want: [[0, 3, 15, MESSAGE]],
  },
];

for (const c of cases) {
  test(`Brand.Disclaimers: ${c.name}`, () => {
    const reports = runKitRule(rule(), c.docs);
    assert.deepEqual(
      reports.map((r) => [r.doc, r.start, r.end, r.message]),
      c.want,
    );
  });
}

test("Brand.Disclaimers: quotes in the required text match either style", () => {
  const r = rule({ id: "terms", when: ["win"], require: "See ‘Terms’ at fizzwell.example." });
  assert.deepEqual(runKitRule(r, "Win a trip. See 'terms' at fizzwell.example"), []);
  assert.equal(runKitRule(r, "Win a trip.").length, 1);
});

test("Brand.Disclaimers: id, default level warning, own level, inflecting triggers", () => {
  const r = rule();
  assert.equal(r.meta.id, "Brand.Disclaimers.caffeine");
  assert.equal(r.meta.level, "warning");
  assert.ok(r.phrases!.every((p) => p.inflect === true));
  assert.equal(rule({ ...caffeine, level: "error" }).meta.level, "error");
});
