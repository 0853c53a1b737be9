import assert from "node:assert/strict";
import { test } from "node:test";
import { BrandSchema } from "../../kit/brand-schema.ts";
import { runKitRule } from "../../kit/rule-test-runner.ts";
import { compileBrandTerms, matchCase } from "./index.ts";

function rule(prefer: Record<string, string>) {
  const rules = compileBrandTerms(BrandSchema.parse({ terms: { prefer } }));
  assert.equal(rules.length, 1);
  return rules[0]!;
}

const cases: Array<{ name: string; prefer: Record<string, string>; text: string; want: Array<[number, number, string, string]> }> = [
  { name: "the right term passes", prefer: { "e-mail": "email" }, text: "Send an email.", want: [] },
  {
    name: "wrong term mid-sentence keeps the kit's case",
    prefer: { "e-mail": "email" },
    text: "Send an e-mail.",
    want: [[8, 14, "Use 'email' instead of 'e-mail'.", "email"]],
  },
  {
    name: "capitalised at sentence start",
    prefer: { "e-mail": "email" },
    text: "E-mail us.",
    want: [[0, 6, "Use 'Email' instead of 'E-mail'.", "Email"]],
  },
  {
    name: "all capitals stay capitals",
    prefer: { soda: "sparkling drink" },
    text: "NEW SODA",
    want: [[4, 8, "Use 'SPARKLING DRINK' instead of 'SODA'.", "SPARKLING DRINK"]],
  },
  {
    name: "multi-word wrong term across a line break",
    prefer: { "sugar free": "zero sugar" },
    text: "Now sugar\nfree.",
    want: [[4, 14, "Use 'zero sugar' instead of 'sugar free'.", "zero sugar"]],
  },
  {
    name: "a proper noun in the suggestion is never lower-cased",
    prefer: { "fizz well": "Fizzwell" },
    text: "try fizz well",
    want: [[4, 13, "Use 'Fizzwell' instead of 'fizz well'.", "Fizzwell"]],
  },
  {
    name: "the right term containing the wrong one is not flagged",
    prefer: { free: "sugar-free" },
    text: "Sugar-free and free",
    want: [[15, 19, "Use 'sugar-free' instead of 'free'.", "sugar-free"]],
  },
];

for (const c of cases) {
  test(`Brand.Terms: ${c.name}`, () => {
    const reports = runKitRule(rule(c.prefer), c.text);
    assert.deepEqual(
      reports.map((r) => [r.start, r.end, r.message, r.suggestions?.[0]]),
      c.want,
    );
  });
}

test("Brand.Terms: metadata, level warning, no inflections", () => {
  const r = rule({ soda: "sparkling drink" });
  assert.equal(r.meta.id, "Brand.Terms");
  assert.equal(r.meta.level, "warning");
  assert.ok(r.phrases!.every((p) => !p.inflect && !p.caseSensitive));
});

test("matchCase", () => {
  assert.equal(matchCase("email", "E-mail"), "Email");
  assert.equal(matchCase("email", "e-mail"), "email");
  assert.equal(matchCase("email", "E-MAIL"), "EMAIL");
  assert.equal(matchCase("iPhone", "i-phone"), "iPhone");
  assert.equal(matchCase("'quoted'", "Quoted"), "'Quoted'");
});

test("Brand.Terms: no prefer, no rule", () => {
  assert.deepEqual(compileBrandTerms(BrandSchema.parse({})), []);
});
