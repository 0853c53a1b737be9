import assert from "node:assert/strict";
import { test } from "node:test";
import { contentHash } from "../engine/content-hash.ts";
import { loadKit } from "../engine/load-kit.ts";
import { FIXTURE_BRAND, FIXTURE_EMAIL } from "../library/fixture-workspace.ts";
import type { Brief, Target } from "../library/library.ts";
import { loadLibrary } from "../library/load-library.ts";
import { canonicalJson, MAX_PLANNED_VARIANTS, planVariants, type PlannedVariant, targetKey } from "./variant-plan.ts";

const BRAND = `${FIXTURE_BRAND}audiences:
  - id: students
    name: College students
    description: 18-24, on a budget.
  - id: parents
regions:
  - id: uk
    name: United Kingdom
    locale: en-GB
  - id: us
`;
const EMAIL = FIXTURE_EMAIL.replace("channels: [email]", "channels: [email, sms]");
const ZERO: Brief = { product: "Fizzwell Zero" };
const ORIGINAL: Brief = { product: "Fizzwell Original" };

/** The kit and the email use case of the fixture workspace, with other brand or use-case text when given. */
function load(brand = BRAND, usecases: Record<string, string> = { "email.yaml": EMAIL }) {
  const files: Record<string, string> = { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": brand };
  for (const [name, text] of Object.entries(usecases)) files[`brand/usecases/${name}`] = text;
  const { kit } = loadKit(files);
  const { library } = loadLibrary(kit, files);
  const useCase = library.get("email");
  assert.ok(useCase);
  return { kit, useCase, library };
}

const { kit, useCase } = load();

/** `brief target n` per variant, in plan order. */
const rows = (variants: readonly PlannedVariant[]) => variants.map((v) => `${v.briefIndex} ${targetKey(v.target)} ${v.n}`);

test("plans briefs x channels x audiences x regions x count, in that order", () => {
  const plan = planVariants(kit, useCase, [ZERO, ORIGINAL], { channels: ["email", "sms"], audiences: ["students", "parents"], regions: ["uk", "us"] });
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(rows(plan.variants), [
    "0 email/students/uk 0",
    "0 email/students/us 0",
    "0 email/parents/uk 0",
    "0 email/parents/us 0",
    "0 sms/students/uk 0",
    "0 sms/students/us 0",
    "0 sms/parents/uk 0",
    "0 sms/parents/us 0",
    "1 email/students/uk 0",
    "1 email/students/us 0",
    "1 email/parents/uk 0",
    "1 email/parents/us 0",
    "1 sms/students/uk 0",
    "1 sms/students/us 0",
    "1 sms/parents/uk 0",
    "1 sms/parents/us 0",
  ]);
  const counted = planVariants(kit, useCase, [ZERO], { channels: ["sms"], regions: ["uk", "us"], count: 3 });
  assert.deepEqual(rows(counted.variants), ["0 sms/-/uk 0", "0 sms/-/uk 1", "0 sms/-/uk 2", "0 sms/-/us 0", "0 sms/-/us 1", "0 sms/-/us 2"]);
});

test("a planned variant carries its use case, versions, brief and resolved target", () => {
  const plan = planVariants(kit, useCase, [ORIGINAL], { channels: ["email"], audiences: ["students"], regions: ["uk"] });
  assert.equal(plan.variants.length, 1);
  const [variant] = plan.variants;
  assert.ok(variant);
  const { id, ...rest } = variant;
  assert.match(id, /^[0-9a-f]{16}$/);
  assert.deepEqual(rest, {
    useCase: "email",
    kitVersion: kit.version,
    useCaseVersion: useCase.version,
    briefIndex: 0,
    briefHash: contentHash(['{"product":"Fizzwell Original"}', ""]),
    brief: ORIGINAL,
    target: {
      channel: { id: "email", name: "email" },
      audience: { id: "students", name: "College students", description: "18-24, on a budget." },
      region: { id: "uk", name: "United Kingdom", locale: "en-GB", notes: null },
    },
    n: 0,
  });
});

test("absent or empty lists take the use case's variants; channels fall back to the use case's channels", () => {
  const withVariants = load(BRAND, { "email.yaml": `${EMAIL}variants:\n  channels: [sms]\n  audiences: [parents, students]\n` }).useCase;
  const cases: [string, typeof useCase, Parameters<typeof planVariants>[3], string[]][] = [
    ["no variants, no request: every channel, no audience, no region", useCase, {}, ["0 email/-/- 0", "0 sms/-/- 0"]],
    ["empty lists count as absent", useCase, { channels: [], audiences: [], regions: [] }, ["0 email/-/- 0", "0 sms/-/- 0"]],
    ["variants give channels and audiences; regions stay unset", withVariants, {}, ["0 sms/parents/- 0", "0 sms/students/- 0"]],
    ["a requested list replaces the variants' list, the others stay", withVariants, { channels: ["email"] }, ["0 email/parents/- 0", "0 email/students/- 0"]],
    ["a requested region crosses with the variants' audiences", withVariants, { regions: ["us"] }, ["0 sms/parents/us 0", "0 sms/students/us 0"]],
    ["count below 1 is 1; a fraction is truncated", useCase, { channels: ["sms"], count: 0 }, ["0 sms/-/- 0"]],
    ["count 2.9 is 2", useCase, { channels: ["sms"], count: 2.9 }, ["0 sms/-/- 0", "0 sms/-/- 1"]],
    ["repeated ids are planned once", useCase, { channels: ["sms", "email", "sms"], audiences: ["parents", "parents"], regions: ["uk", "uk"] }, ["0 sms/parents/uk 0", "0 email/parents/uk 0"]],
  ];
  for (const [name, uc, request, expected] of cases) {
    const plan = planVariants(kit, uc, [ZERO], request);
    assert.deepEqual(plan.problems, [], name);
    assert.deepEqual(rows(plan.variants), expected, name);
  }
  assert.deepEqual(planVariants(kit, useCase, []).variants, []);
  assert.equal(planVariants(kit, useCase, []).planHash, contentHash([]));
});

test("ids are stable across calls and change with every input that makes the variant", () => {
  const idOf = (plan: ReturnType<typeof planVariants>, i = 0) => {
    assert.deepEqual(plan.problems, []);
    const variant = plan.variants[i];
    assert.ok(variant);
    return variant.id;
  };
  const request = { channels: ["email"], audiences: ["students"], regions: ["uk"] };
  const base = idOf(planVariants(kit, useCase, [{ product: "Fizzwell Zero", offer: "2 for 1" }], request));
  assert.equal(idOf(planVariants(kit, useCase, [{ product: "Fizzwell Zero", offer: "2 for 1" }], request)), base);
  assert.equal(idOf(planVariants(kit, useCase, [{ offer: "2 for 1", product: "Fizzwell Zero" }], request)), base, "brief key order");
  const master = { subject: "Meet Fizzwell Zero", body: { lead: "Zero sugar.", tags: ["a", "b"] } };
  const withMaster = idOf(planVariants(kit, useCase, [{ product: "Fizzwell Zero", offer: "2 for 1" }], request, master));
  assert.equal(
    idOf(planVariants(kit, useCase, [{ product: "Fizzwell Zero", offer: "2 for 1" }], request, { body: { tags: ["a", "b"], lead: "Zero sugar." }, subject: "Meet Fizzwell Zero" })),
    withMaster,
    "master key order",
  );

  const other = load(BRAND.replace("name: Fizzwell", "name: Fizzwell Drinks"));
  assert.notEqual(other.kit.version, kit.version);
  const renamedOwner = load(BRAND, { "email.yaml": EMAIL.replace("owner: Maya", "owner: Sam") }).useCase;
  assert.notEqual(renamedOwner.version, useCase.version);
  const twin = load(BRAND, { "email.yaml": EMAIL, "newsletter.yaml": EMAIL }).library.get("newsletter");
  assert.ok(twin);
  assert.equal(twin.version, useCase.version, "the same content has the same version");

  const ids: [string, string][] = [
    ["base", base],
    ["kit version", idOf(planVariants(other.kit, other.useCase, [{ product: "Fizzwell Zero", offer: "2 for 1" }], request))],
    ["use-case version", idOf(planVariants(kit, renamedOwner, [{ product: "Fizzwell Zero", offer: "2 for 1" }], request))],
    ["use case", idOf(planVariants(kit, twin, [{ product: "Fizzwell Zero", offer: "2 for 1" }], request))],
    ["brief", idOf(planVariants(kit, useCase, [{ product: "Fizzwell Zero", offer: "3 for 2" }], request))],
    ["master", withMaster],
    ["target", idOf(planVariants(kit, useCase, [{ product: "Fizzwell Zero", offer: "2 for 1" }], { ...request, regions: ["us"] }))],
    ["n", idOf(planVariants(kit, useCase, [{ product: "Fizzwell Zero", offer: "2 for 1" }], { ...request, count: 2 }), 1)],
  ];
  assert.equal(new Set(ids.map(([, id]) => id)).size, ids.length, JSON.stringify(ids));
  // The brief's place in the batch is not part of the id: the same brief later in a batch is the same variant.
  const batch = planVariants(kit, useCase, [ORIGINAL, { product: "Fizzwell Zero", offer: "2 for 1" }], request);
  assert.equal(idOf(batch, 1), base);
});

test("the plan hash hashes every id in order", () => {
  const plan = planVariants(kit, useCase, [ZERO, ORIGINAL], { audiences: ["students", "parents"] });
  assert.equal(plan.planHash, contentHash(plan.variants.map((v) => v.id)));
  assert.equal(planVariants(kit, useCase, [ZERO, ORIGINAL], { audiences: ["students", "parents"] }).planHash, plan.planHash);
  assert.notEqual(planVariants(kit, useCase, [ORIGINAL, ZERO], { audiences: ["students", "parents"] }).planHash, plan.planHash);
  assert.notEqual(planVariants(kit, useCase, [ZERO, ORIGINAL], { audiences: ["students"] }).planHash, plan.planHash);
});

test("an unknown target part is one problem with a did-you-mean, however many combinations name it", () => {
  const plan = planVariants(kit, useCase, [ZERO, ORIGINAL], { channels: ["email", "sms"], audiences: ["studnets", "parents"], regions: ["uk", "us"], count: 2 });
  assert.deepEqual(plan, {
    variants: [],
    planHash: contentHash([]),
    problems: [{ path: ["audience"], message: `audience "studnets" is not one of the kit's audiences; did you mean "students"?`, fix: 'write "students"' }],
  });
  assert.deepEqual(planVariants(kit, useCase, [ZERO], { channels: ["sms", "fax"], regions: ["fr", "uk", "de"] }).problems, [
    { path: ["region"], message: `region "fr" is not one of the kit's regions`, fix: "use one of uk, us" },
    { path: ["region"], message: `region "de" is not one of the kit's regions`, fix: "use one of uk, us" },
    { path: ["channel"], message: `channel "fax" is not one of the use case's channels`, fix: "use one of email, sms" },
  ]);
});

test("a run of more than MAX_PLANNED_VARIANTS is a problem, not a plan", () => {
  assert.equal(MAX_PLANNED_VARIANTS, 100_000);
  const tooMany = planVariants(kit, useCase, [ZERO, ORIGINAL], { channels: ["email", "sms"], count: 25_001 });
  assert.deepEqual(tooMany, {
    variants: [],
    planHash: contentHash([]),
    problems: [{ path: [], message: "the run would make 100004 variants, more than 100000", fix: "split the briefs into several runs or ask for fewer targets" }],
  });
  const atLimit = planVariants(kit, useCase, [ZERO, ORIGINAL], { channels: ["email", "sms"], count: 25_000 });
  assert.deepEqual(atLimit.problems, []);
  assert.equal(atLimit.variants.length, MAX_PLANNED_VARIANTS);
  assert.equal(new Set(atLimit.variants.map((v) => v.id)).size, MAX_PLANNED_VARIANTS);
});

test("targetKey writes channel/audience/region with - for an unset part", () => {
  const cases: [Target, string][] = [
    [{ channel: null, audience: null, region: null }, "-/-/-"],
    [{ channel: { id: "email", name: "Email" }, audience: null, region: null }, "email/-/-"],
    [{ channel: null, audience: { id: "students", name: "Students", description: null }, region: null }, "-/students/-"],
    [
      {
        channel: { id: "sms", name: "SMS" },
        audience: { id: "parents", name: "parents", description: null },
        region: { id: "uk", name: "United Kingdom", locale: "en-GB", notes: null },
      },
      "sms/parents/uk",
    ],
  ];
  for (const [target, expected] of cases) assert.equal(targetKey(target), expected);
});

test("canonicalJson sorts object keys at every level and keeps array order", () => {
  const cases: [unknown, string][] = [
    [{ b: 1, a: [{ d: 2, c: 3 }] }, '{"a":[{"c":3,"d":2}],"b":1}'],
    [{ z: { y: { x: 1, w: 2 } }, a: null }, '{"a":null,"z":{"y":{"w":2,"x":1}}}'],
    [[3, 1, { b: "x", a: "y" }], '[3,1,{"a":"y","b":"x"}]'],
    // Integer-like keys come first in numeric order (how JavaScript objects order them), whatever the input order.
    [{ B: 1, a: 2, _: 3, "10": 4, "9": 5 }, '{"9":5,"10":4,"B":1,"_":3,"a":2}'],
    [{ skip: undefined, keep: false }, '{"keep":false}'],
    ["text", '"text"'],
    [42, "42"],
    [null, "null"],
    [{}, "{}"],
  ];
  for (const [value, expected] of cases) assert.equal(canonicalJson(value), expected, expected);
  assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
});
