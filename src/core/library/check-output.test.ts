import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadKit } from "../engine/load-kit.ts";
import type { Finding } from "../findings.ts";
import { checkOutput, outputJsonSchema } from "./check-output.ts";
import type { Target } from "./library.ts";
import { loadLibrary } from "./load-library.ts";
import { resolveTarget } from "./target.ts";

const FILES = {
  "onbrand.yaml": "kit: brand\n",
  "brand/brand.yaml": `name: Fizzwell
locale: en-US
terms:
  brand_names: [Fizzwell]
claims:
  - id: detox
    level: error
    message: "A drink cannot detox; drop '%s'."
    phrases: [detox]
regions:
  - id: de
    locale: de-DE
  - id: us
`,
  "brand/usecases/launch.yaml": `name: Launch
asset_type: email
channels: [email]
output:
  fields:
    - name: subject
      max_chars: 20
    - name: preheader
      required: false
    - name: headlines
      count: {min: 2, max: 3}
    - name: scenes
      count: 2
      fields:
        - name: on_screen_text
          max_words: 3
        - name: duration_seconds
          type: number
          min: 1
          max: 10
    - name: note
      required: false
instructions: Announce {{product}}.
inputs:
  - name: product
`,
  "brand/usecases/text.yaml": `name: Text message
asset_type: sms
channels: [sms]
output:
  fields:
    - name: body
      max_segments: 2
instructions: Write a text.
`,
};

const { kit } = loadKit(FILES);
const { library } = loadLibrary(kit, FILES);
const launch = library.get("launch")!;
const text = library.get("text")!;

function targetOf(useCase: typeof launch, request: { channel?: string; region?: string } = {}): Target {
  const { target, problems } = resolveTarget(kit, useCase, request);
  assert.deepEqual(problems, []);
  return target!;
}

const SCENES = [
  { on_screen_text: "Cold can", duration_seconds: 3 },
  { on_screen_text: "First sip", duration_seconds: 4 },
];
const GOOD = { subject: "Meet Fizzwell Zero", headlines: ["Zero sugar", "All sparkle"], scenes: SCENES };

/** A finding on one line: `field rule line:column-endLine:endColumn "match" message`. */
function show(f: Finding): string {
  return `${f.field} ${f.rule} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${JSON.stringify(f.match)} ${f.message}`;
}

describe("checkOutput", () => {
  const cases: { name: string; output: Record<string, unknown>; expected: string[] }[] = [
    { name: "a good output has no findings", output: GOOD, expected: [] },
    {
      name: "Output.Missing: required fields absent or null, in the use case's order",
      output: { preheader: "Hello", headlines: null },
      expected: [
        'subject Output.Missing 1:1-1:1 "" subject is missing; the use case requires it',
        'headlines Output.Missing 1:1-1:1 "" headlines is missing; the use case requires it',
        'scenes Output.Missing 1:1-1:1 "" scenes is missing; the use case requires it',
      ],
    },
    {
      name: "Output.Missing: blank text and a missing sub-field name their place",
      output: { ...GOOD, subject: "  ", scenes: [SCENES[0], { duration_seconds: 2 }] },
      expected: [
        'subject Output.Missing 1:1-1:3 "  " subject is empty; the use case requires it',
        'scenes[1].on_screen_text Output.Missing 1:1-1:1 "" scenes[1].on_screen_text is missing; the use case requires it',
      ],
    },
    {
      name: "Output.Unknown is a warning with the closest field name, also inside a group",
      output: { ...GOOD, notes: "x", scenes: [SCENES[0], { ...SCENES[1], extra: "y" }] },
      expected: [
        'scenes[1].extra Output.Unknown 1:1-1:1 "" scenes[1].extra is not a field of the use case; its fields are on_screen_text, duration_seconds',
        'notes Output.Unknown 1:1-1:1 "" notes is not a field of the use case; did you mean "note"?',
      ],
    },
    {
      name: "Output.Type: text vs number vs list vs group",
      output: {
        subject: ["Hi"],
        headlines: "Zero sugar",
        scenes: ["Cold can", { on_screen_text: 5, duration_seconds: "3" }],
      },
      expected: [
        'subject Output.Type 1:1-1:1 "" subject must be one text; found a list',
        'headlines Output.Type 1:1-1:11 "Zero sugar" headlines must be a list of texts; found "Zero sugar"',
        'scenes[0] Output.Type 1:1-1:9 "Cold can" scenes[0] must be a group of on_screen_text, duration_seconds; found "Cold can"',
        'scenes[1].on_screen_text Output.Type 1:1-1:2 "5" scenes[1].on_screen_text must be text; found 5; write it as text: "5"',
        'scenes[1].duration_seconds Output.Type 1:1-1:2 "3" scenes[1].duration_seconds must be a number; found "3"; write it without quotes: 3',
      ],
    },
    {
      name: "Output.Count: too few on the list, too many at the first extra item",
      output: { ...GOOD, headlines: ["One"], scenes: [...SCENES, SCENES[0], SCENES[1]] },
      expected: [
        'headlines Output.Count 1:1-1:1 "" headlines has 1 item; the use case asks for at least 2 (add 1)',
        'scenes[2] Output.Count 1:1-1:1 "" scenes has 4 items; the use case asks for 2 (remove 2)',
      ],
    },
    {
      name: "Output.Range: a number outside min and max",
      output: { ...GOOD, scenes: [{ on_screen_text: "Cold can", duration_seconds: 12 }, { on_screen_text: "Sip", duration_seconds: 0.5 }] },
      expected: [
        'scenes[0].duration_seconds Output.Range 1:1-1:3 "12" scenes[0].duration_seconds is 12; the use case asks for between 1 and 10',
        'scenes[1].duration_seconds Output.Range 1:1-1:4 "0.5" scenes[1].duration_seconds is 0.5; the use case asks for between 1 and 10',
      ],
    },
    {
      name: "Output.Length replaces Brand.Length where the use case overrides the channel's limit",
      // 65 characters: over the use case's 20 and over email's 60, reported once.
      output: { ...GOOD, subject: `Meet Fizzwell Zero ${"a".repeat(46)}` },
      expected: [
        `subject Output.Length 1:21-1:66 "${"a".repeat(45)}" subject line is 65 characters; the use case's limit is 20 (cut 45)`,
      ],
    },
    {
      name: "a channel's own limit stays the engine's Brand.Length (a warning on email)",
      output: { ...GOOD, preheader: "p".repeat(101) },
      expected: [
        'preheader Brand.Length.email.preheader 1:101-1:102 "p" preheader is 101 characters; the email preheader limit is 100 (cut 1)',
      ],
    },
    {
      name: "Output.Length in words points at the first word over, on its line",
      output: { ...GOOD, scenes: [{ on_screen_text: "Cold\ncan, cold day", duration_seconds: 3 }, SCENES[1]] },
      expected: [
        'scenes[0].on_screen_text Output.Length 2:11-2:14 "day" on screen text is 4 words; the use case\'s limit is 3 words (cut 1)',
      ],
    },
    {
      name: "engine and shape findings of one field are in reading order; the label is the channel's",
      output: { ...GOOD, subject: "Fizzwell is not a detox, it is fizz" },
      expected: [
        `subject Brand.Claims.detox 1:19-1:24 "detox" A drink cannot detox; drop 'detox'.`,
        `subject Output.Length 1:21-1:36 "tox, it is fizz" subject line is 35 characters; the use case's limit is 20 (cut 15)`,
      ],
    },
  ];
  for (const { name, output, expected } of cases) {
    test(name, () => {
      assert.deepEqual(checkOutput(kit, launch, targetOf(launch), output).findings.map(show), expected);
    });
  }

  test("an SMS limit the use case sets is counted in segments, at the first character that does not fit", () => {
    const body = `${"a".repeat(306)}bc`;
    const { findings } = checkOutput(kit, text, targetOf(text), { body });
    assert.deepEqual(findings.map(show), [
      `body Output.Length 1:307-1:309 "bc" body needs 3 SMS segments as GSM-7 (308 septets; 153 fit in each part of a longer message); the limit is 2 segments`,
    ]);
    assert.deepEqual(checkOutput(kit, text, targetOf(text), { body: "a".repeat(200) }).findings, [], "2 segments are fine: no Brand.Length.sms.body");
  });

  test("the asset is the structured JSON the engine checked: channel, the region's locale, the use case, the fields", () => {
    const { asset } = checkOutput(kit, launch, targetOf(launch, { region: "de" }), { subject: "Hallo", empty: null, flag: true, nan: Number.NaN });
    assert.equal(
      asset,
      JSON.stringify({ channel: "email", locale: "de-DE", use_case: "launch", fields: { subject: "Hallo" } }, null, 2),
    );
    const us = JSON.parse(checkOutput(kit, launch, targetOf(launch, { region: "us" }), GOOD).asset) as { locale: string };
    assert.equal(us.locale, "en-US", "a region without a locale takes the kit's");
  });

  test("minLevel leaves out shape findings below it as well as the engine's, and the score counts what is left", () => {
    const output = { ...GOOD, notes: "x", headlines: ["Detox in a can", "All sparkle"] };
    const all = checkOutput(kit, launch, targetOf(launch), output);
    assert.deepEqual(all.findings.map((f) => `${f.rule} ${f.level}`), ["Brand.Claims.detox error", "Output.Unknown warning"]);
    const errors = checkOutput(kit, launch, targetOf(launch), output, { minLevel: "error" });
    assert.deepEqual(errors.findings.map((f) => f.rule), ["Brand.Claims.detox"]);
    assert.deepEqual([all.score, errors.score], [74, 80]);
  });

  test("the copy's own locale, when given, over the target region's", () => {
    const { asset } = checkOutput(kit, launch, targetOf(launch, { region: "de" }), GOOD, { locale: "fr-FR" });
    assert.equal((JSON.parse(asset) as { locale: string }).locale, "fr-FR");
  });

  test("the score counts the shape findings with the engine's: 100 minus 10 per error per 100 words, at least 50 words", () => {
    assert.equal(checkOutput(kit, launch, targetOf(launch), GOOD).score, 100);
    // Output.Missing (subject) and Brand.Claims.detox in a headline: two errors over fewer than 50 words.
    const { findings, score } = checkOutput(kit, launch, targetOf(launch), { headlines: ["Detox in a can", "All sparkle"], scenes: SCENES });
    assert.deepEqual(findings.map((f) => `${f.field} ${f.rule}`), ["subject Output.Missing", "headlines[0] Brand.Claims.detox"]);
    assert.equal(score, 60);
  });

  test("copy with no channel runs on onbrand.yaml's, whose limit the use case's replaces as it does on a named channel", () => {
    const files = { ...FILES, "onbrand.yaml": "kit: brand\nchannel: email\n" };
    const withDefault = loadKit(files).kit;
    const useCase = loadLibrary(withDefault, files).library.get("launch")!;
    const subject = "Fizzwell Zero is back in shops this week, in elderflower and pear";
    const noChannel = checkOutput(withDefault, useCase, { channel: null, audience: null, region: null }, { ...GOOD, subject });
    const named = checkOutput(withDefault, useCase, targetOf(useCase, { channel: "email" }), { ...GOOD, subject });
    assert.deepEqual(noChannel.findings.map(show), named.findings.map(show));
    assert.deepEqual(noChannel.findings.map((f) => f.rule), ["Output.Length"], "the use case's 20 characters, not the channel's own subject limit as well");
    assert.equal((JSON.parse(noChannel.asset) as { channel: string }).channel, "email");
  });

  test("an output with no fields is not handed to the engine", () => {
    const { findings, asset } = checkOutput(kit, text, targetOf(text), {});
    assert.deepEqual(findings.map((f) => f.rule), ["Output.Missing"]);
    assert.deepEqual(JSON.parse(asset), { channel: "sms", locale: "en-US", use_case: "text", fields: {} });
  });
});

describe("outputJsonSchema", () => {
  test("draft 2020-12: fields with types, counts, bounds, maxLength and the limits in words", () => {
    assert.deepEqual(outputJsonSchema(kit, launch, "email"), {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "Launch",
      type: "object",
      properties: {
        fields: {
          type: "object",
          properties: {
            subject: { type: "string", description: "At most 20 characters.", maxLength: 20 },
            preheader: { type: "string", description: "At most 100 characters.", maxLength: 100 },
            headlines: { type: "array", description: "2 to 3 items.", items: { type: "string" }, minItems: 2, maxItems: 3 },
            scenes: {
              type: "array",
              description: "Exactly 2 items.",
              items: {
                type: "object",
                properties: {
                  on_screen_text: { type: "string", description: "At most 3 words." },
                  duration_seconds: { type: "number", description: "Between 1 and 10.", minimum: 1, maximum: 10 },
                },
                required: ["on_screen_text", "duration_seconds"],
                additionalProperties: false,
              },
              minItems: 2,
              maxItems: 2,
            },
            note: { type: "string" },
          },
          required: ["subject", "headlines", "scenes"],
          additionalProperties: false,
        },
      },
      required: ["fields"],
      additionalProperties: false,
    });
  });

  test("no maxLength where the platform counts otherwise; the description says how", () => {
    const rsa = loadLibrary(kit, {
      ...FILES,
      "brand/usecases/ad.yaml": "name: Ad\nasset_type: ad\nchannels: [google-rsa]\noutput:\n  fields:\n    - name: headlines\n      description: Short headlines\n      count: 3\ninstructions: Write.\n",
    }).library.get("ad")!;
    const schema = outputJsonSchema(kit, rsa, "google-rsa") as { properties: { fields: { properties: Record<string, unknown> } } };
    assert.deepEqual(schema.properties.fields.properties["headlines"], {
      type: "array",
      description: "Short headlines Exactly 3 items. Each at most 30 characters (double-width characters count 2).",
      items: { type: "string" },
      minItems: 3,
      maxItems: 3,
    });
    const sms = outputJsonSchema(kit, text, "sms") as { properties: { fields: { properties: Record<string, unknown> } } };
    assert.deepEqual(sms.properties.fields.properties["body"], {
      type: "string",
      description: "Fits in 2 SMS segments (306 GSM-7 characters, 134 with emoji or other non-GSM characters).",
    });
  });
});
