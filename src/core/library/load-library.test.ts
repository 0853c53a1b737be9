import assert from "node:assert/strict";
import { test } from "node:test";
import { loadKit } from "../engine/load-kit.ts";
import { type Diagnostic, formatDiagnostic, KitError } from "../errors.ts";
import { loadLibrary } from "./load-library.ts";

const BRAND = `name: Fizzwell
locale: en-US
terms:
  brand_names: [Fizzwell]
audiences:
  - id: students
    description: 18-24, on a budget.
regions:
  - id: uk
    name: United Kingdom
    locale: en-GB
`;

const EMAIL = `name: Promotional email
owner: Maya Chen
asset_type: email
channels: [email]
inputs:
  - name: product
    enum: [Fizzwell Zero, Fizzwell Original]
    required: true
  - name: offer
output:
  fields:
    - name: subject
    - name: body
      max_words: 120
instructions: Write an email about {{product}} for {{audience}}.
tests:
  - brief: {product: Fizzwell Zero}
    output: {subject: Hi, body: Hello}
    expect: pass
variants:
  audiences: [students]
  regions: [uk]
`;

function workspace(usecases: Record<string, string>, brand = BRAND): Record<string, string> {
  const files: Record<string, string> = { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": brand };
  for (const [name, text] of Object.entries(usecases)) files[`brand/usecases/${name}`] = text;
  return files;
}

function load(usecases: Record<string, string>) {
  const files = workspace(usecases);
  return loadLibrary(loadKit(files).kit, files);
}

function errorsOf(usecases: Record<string, string>): string[] {
  try {
    load(usecases);
  } catch (error) {
    assert.ok(error instanceof KitError);
    return error.diagnostics.filter((d: Diagnostic) => d.level === "error").map(formatDiagnostic);
  }
  assert.fail("expected the library to be refused");
}

test("loads use cases with ids from file names, defaults, versions and positions", () => {
  const { library, warnings } = load({ "email.yaml": EMAIL, "sms.yml": "name: SMS\nasset_type: sms\nchannels: [sms]\noutput:\n  fields: [{name: body}]\ninstructions: Write a text.\n" });
  assert.deepEqual(warnings, []);
  assert.deepEqual(library.useCases.map((u) => [u.id, u.file]), [
    ["email", "brand/usecases/email.yaml"],
    ["sms", "brand/usecases/sms.yml"],
  ]);
  const email = library.get("email");
  assert.ok(email);
  assert.equal(email.inputs[1]?.required, false);
  assert.equal(email.output.fields[0]?.required, true);
  assert.deepEqual(email.variants, { audiences: ["students"], regions: ["uk"], channels: [] });
  assert.match(email.version, /^[0-9a-f]{16}$/);
  assert.deepEqual(email.positionOf(["output", "fields", 1, "max_words"]), { line: 14, column: 18 });
  assert.equal(library.get("nope"), undefined);
});

test("a use case version changes with its file; the kit version does not", () => {
  const a = workspace({ "email.yaml": EMAIL });
  const b = workspace({ "email.yaml": EMAIL.replace("Maya Chen", "Sam Ortiz") });
  const kitA = loadKit(a).kit;
  const kitB = loadKit(b).kit;
  assert.equal(kitA.version, kitB.version);
  assert.notEqual(loadLibrary(kitA, a).library.get("email")?.version, loadLibrary(kitB, b).library.get("email")?.version);
});

test("a use case's generate settings load; a key in them is refused without repeating it", () => {
  const email = load({ "email.yaml": `${EMAIL}generate: {provider: anthropic, model: claude-haiku-4-5, max_repairs: 0}\n` }).library.get("email");
  assert.deepEqual(email?.generate, { provider: "anthropic", model: "claude-haiku-4-5", max_repairs: 0 });
  assert.deepEqual(load({ "email.yaml": `${EMAIL}generate: {model: x}\n` }).library.get("email")?.generate, { model: "x" });
  assert.equal(load({ "email.yaml": EMAIL }).library.get("email")?.generate, undefined);

  const errors = errorsOf({ "email.yaml": `${EMAIL}generate: {token: abc}\n` });
  assert.deepEqual(errors, [
    "brand/usecases/email.yaml:23:19: error: generate.token must be an environment variable holding the key, named in api_key_env; onbrand never reads API keys from its files (move the key into an environment variable and name that variable in api_key_env)",
  ]);
  assert.ok(errors.every((e) => !e.includes("abc")));
  // Run limits belong to onbrand.yaml, not to a use case.
  assert.deepEqual(errorsOf({ "email.yaml": `${EMAIL}generate: {model: x, concurrency: 2}\n` }), [
    'brand/usecases/email.yaml:23:22: error: unknown key "concurrency" in generate (remove it; generate takes provider, model, base_url, api_key_env, temperature, max_output_tokens, max_repairs)',
  ]);
});

test("a workspace without usecases/ has an empty library", () => {
  assert.deepEqual(load({}).library.useCases, []);
});

test("errors name file:line:column and the fix", () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      "schema: missing keys and a wrong type",
      { "a.yaml": "name: A\nchannels: email\n" },
      [
        'brand/usecases/a.yaml:1:1: error: the file is missing "asset_type" (text) (add "asset_type:" with text)',
        'brand/usecases/a.yaml:1:1: error: the file is missing "output" (a mapping (key: value)) (add "output:" with a mapping (key: value))',
        'brand/usecases/a.yaml:1:1: error: the file is missing "instructions" (text) (add "instructions:" with text)',
        'brand/usecases/a.yaml:2:11: error: channels must be a list; found "email" (write it as a list item: "- email" on the line below "channels:")',
      ],
    ],
    [
      "id differs from the file name",
      { "a.yaml": "id: b\nname: A\nasset_type: x\noutput:\n  fields: [{name: body}]\ninstructions: Go.\n" },
      ['brand/usecases/a.yaml:1:5: error: id "b" differs from the file name a (rename the file to b.yaml or write id: a)'],
    ],
    [
      "unknown channel with did-you-mean",
      { "a.yaml": "name: A\nasset_type: x\nchannels: [emial]\noutput:\n  fields: [{name: body}]\ninstructions: Go.\n" },
      ['brand/usecases/a.yaml:3:12: error: channel "emial" is neither a built-in channel nor one of the kit\'s; did you mean "email"? (write "email")'],
    ],
    [
      "an input named like a target variable, and twice",
      {
        "a.yaml":
          "name: A\nasset_type: x\ninputs:\n  - name: audience\n  - name: topic\n  - name: topic\noutput:\n  fields: [{name: body}]\ninstructions: Go.\n",
      },
      [
        "brand/usecases/a.yaml:4:11: error: input \"audience\" has the name of a target variable (audience, region, channel) (rename it, such as audience_notes; {{audience}} already means the target's audience)",
        'brand/usecases/a.yaml:6:11: error: input "topic" is defined twice (also inputs[1]) (give each input its own name)',
      ],
    ],
    [
      "a default that is not one of the enum values",
      { "a.yaml": "name: A\nasset_type: x\ninputs:\n  - name: tone\n    enum: [calm, upbeat]\n    default: loud\noutput:\n  fields: [{name: body}]\ninstructions: Go.\n" },
      ['brand/usecases/a.yaml:6:14: error: default: brief field "tone" must be one of calm, upbeat; found "loud" (write tone: calm)'],
    ],
    [
      "output fields: twice, count min above max, a limit on a number",
      {
        "a.yaml":
          "name: A\nasset_type: x\noutput:\n  fields:\n    - name: body\n    - name: body\n    - name: tags\n      count: {min: 5, max: 2}\n    - name: seconds\n      type: number\n      max_chars: 4\ninstructions: Go.\n",
      },
      [
        'brand/usecases/a.yaml:6:13: error: output field "body" is defined twice (also at index 0) (give each field its own name)',
        "brand/usecases/a.yaml:8:14: error: count has min 5 above max 2 (swap them)",
        'brand/usecases/a.yaml:11:18: error: max_chars only apply to a text field; "seconds" is a number (use min and max for a number)',
      ],
    ],
    [
      "variants name an audience the kit does not define",
      {
        "a.yaml": "name: A\nasset_type: x\nchannels: [email]\noutput:\n  fields: [{name: body}]\ninstructions: Go.\nvariants:\n  audiences: [studnets]\n  channels: [sms]\n",
      },
      [
        'brand/usecases/a.yaml:8:15: error: variants.audiences names "studnets", which is not one of the kit\'s audiences; did you mean "students"? (write "students")',
        "brand/usecases/a.yaml:9:14: error: variants.channels names \"sms\", which is not one of the use case's channels (use one of email)",
      ],
    ],
    [
      "a test brief with a missing required field and an unknown one",
      {
        "email.yaml": EMAIL.replace("  - brief: {product: Fizzwell Zero}", "  - brief: {prodcut: Fizzwell Zero}"),
      },
      [
        'brand/usecases/email.yaml:17:12: error: the brief needs "product" (add product: Fizzwell Zero)',
        'brand/usecases/email.yaml:17:22: error: the brief has a field "prodcut" that the use case does not define; did you mean "product"? (rename it to "product")',
      ],
    ],
    [
      "a test on a region the kit does not define",
      { "email.yaml": EMAIL.replace("    expect: pass", "    expect: pass\n    region: fr") },
      ["brand/usecases/email.yaml:20:13: error: region \"fr\" is not one of the kit's regions (use one of uk)"],
    ],
    [
      "YAML syntax",
      { "a.yaml": "name: [A\n" },
      [],
    ],
  ];
  for (const [name, files, expected] of cases) {
    const errors = errorsOf(files);
    if (expected.length === 0) assert.ok(errors.length > 0 && errors.every((e) => e.startsWith("brand/usecases/a.yaml:")), name);
    else assert.deepEqual(errors, expected, name);
  }
});
