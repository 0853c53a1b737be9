import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { positionAt } from "../document/prose-document.ts";
import { InputError } from "../errors.ts";
import { jsonErrorOffset, parseStructured } from "./structured.ts";

const YAML_ASSET = `id: summer-01
channel: instagram
locale: en-US
audience: teens
fields:
  headline: Taste the summer
  body: |
    Zero sugar.
    Real fruit.
  headlines:
    - Cool down
    - Fizz more
  scenes:
    - on_screen_text: Fizzwell Zero
      voiceover: Crack one open
`;

test("structured YAML: every text value under fields is a document named by its path", () => {
  const asset = parseStructured(YAML_ASSET, "yaml", "assets/summer.yaml");
  assert.equal(asset.channel, "instagram");
  assert.equal(asset.locale, "en-US");
  assert.deepEqual(asset.meta, { id: "summer-01", audience: "teens" });
  assert.deepEqual(
    asset.documents.map((d) => [d.field, d.source]),
    [
      ["headline", "Taste the summer"],
      ["body", "Zero sugar.\nReal fruit.\n"],
      ["headlines[0]", "Cool down"],
      ["headlines[1]", "Fizz more"],
      ["scenes[0].on_screen_text", "Fizzwell Zero"],
      ["scenes[0].voiceover", "Crack one open"],
    ],
  );
});

test("structured: positions are within the field's own text", () => {
  const asset = parseStructured(YAML_ASSET, "yaml", "assets/summer.yaml");
  const body = asset.documents[1];
  assert.ok(body);
  assert.equal(body.text, body.source);
  assert.deepEqual(positionAt(body, body.text.indexOf("fruit")), { line: 2, column: 6 });
  assert.deepEqual(
    body.blocks.map((b) => body.text.slice(b.start, b.end)),
    ["Zero sugar.\nReal fruit."],
  );
});

test("structured JSON: same shape; channel and locale may be absent", () => {
  const asset = parseStructured(
    '{"id": 7, "fields": {"headline": "Hi \\"there\\"", "cta": "Buy now", "scenes": [{"on_screen_text": "One"}]}}',
    "json",
    "a.json",
  );
  assert.deepEqual([asset.channel, asset.locale, asset.meta], [null, null, { id: 7 }]);
  assert.deepEqual(
    asset.documents.map((d) => [d.field, d.text]),
    [
      ["headline", 'Hi "there"'],
      ["cta", "Buy now"],
      ["scenes[0].on_screen_text", "One"],
    ],
  );
});

test("structured: numbers are data, not prose: kept out of the documents, not an error", () => {
  const asset = parseStructured(
    "fields:\n  scenes:\n    - on_screen_text: Crack one open\n      duration_seconds: 4\n    - on_screen_text: Zero sugar\n      duration_seconds: 3.5\n",
    "yaml",
    "board.yaml",
  );
  assert.deepEqual(
    asset.documents.map((d) => [d.field, d.text]),
    [
      ["scenes[0].on_screen_text", "Crack one open"],
      ["scenes[1].on_screen_text", "Zero sugar"],
    ],
  );
});

const failures: { name: string; kind: "json" | "yaml"; source: string; message: string }[] = [
  {
    name: "true in a list (YAML)",
    kind: "yaml",
    source: "fields:\n  headlines:\n    - One\n    - true\n",
    message: 'a.yaml: line 4, column 7: fields.headlines[1] must be text; found true (put the value in quotes to make it text ("true"))',
  },
  {
    name: "an empty value (YAML)",
    kind: "yaml",
    source: "fields:\n  scenes:\n    - on_screen_text:\n",
    message: 'a.yaml: line 3, column 7: fields.scenes[0].on_screen_text must be text; found an empty value (write the text after "on_screen_text:" or remove the key)',
  },
  {
    name: "false where text belongs (JSON)",
    kind: "json",
    source: '{\n  "fields": {\n    "cta": false\n  }\n}',
    message: 'a.json: line 3, column 12: fields.cta must be text; found false (put the value in quotes to make it text ("false"))',
  },
  {
    name: "no fields key",
    kind: "yaml",
    source: "id: x\nchannel: sms\n",
    message: 'a.yaml: line 1, column 1: the file is missing "fields" (a mapping (key: value)) (add "fields:" with a mapping (key: value))',
  },
  {
    name: "fields with nothing in it",
    kind: "json",
    source: '{"fields": {}}',
    message: "a.json: line 1, column 12: fields must be at least one field (headline: ...); found a mapping (write at least one field (headline: ...))",
  },
  {
    name: "a channel that is not text",
    kind: "json",
    source: '{"channel": 3, "fields": {"a": "x"}}',
    message: "a.json: line 1, column 13: channel must be text; found 3 (write text; quote it if it looks like a number, a date or true/false)",
  },
  {
    name: "a list instead of a mapping",
    kind: "yaml",
    source: "- headline: x\n",
    message: 'a.yaml: line 1, column 1: the asset must be a mapping with a "fields" key; found a list (write "fields:" and under it one "name: text" line per field (see docs/formats.md))',
  },
  {
    name: "an empty file",
    kind: "yaml",
    source: "",
    message: 'a.yaml: line 1, column 1: the asset must be a mapping with a "fields" key; found nothing (write "fields:" and under it one "name: text" line per field (see docs/formats.md))',
  },
  {
    name: "a YAML syntax error",
    kind: "yaml",
    source: 'fields:\n  headline: "Taste the summer\n',
    message: 'a.yaml: line 3, column 1: YAML syntax error: Missing closing "quote (close the quote or bracket that was opened)',
  },
  {
    name: "a duplicate key",
    kind: "yaml",
    source: "fields:\n  cta: Buy\n  cta: Shop\n",
    message: 'a.yaml: line 3, column 3: duplicate key "cta"; it is first set at line 2 (keep one "cta" and merge the two)',
  },
  {
    name: "a JSON trailing comma",
    kind: "json",
    source: '{\n  "fields": {\n    "cta": "Buy",\n  }\n}',
    message:
      'a.json: line 4, column 3: JSON syntax error: Expected double-quoted property name (quote keys and text with ", separate items with commas, and leave no comma after the last item)',
  },
  {
    name: "JSON cut short",
    kind: "json",
    source: '{"fields": {"cta": "Buy"',
    message:
      "a.json: line 1, column 25: JSON syntax error: Expected ',' or '}' after property value (quote keys and text with \", separate items with commas, and leave no comma after the last item)",
  },
];

for (const failure of failures) {
  test(`structured: ${failure.name} is an InputError naming line, column and fix`, () => {
    assert.throws(
      () => parseStructured(failure.source, failure.kind, `a.${failure.kind}`),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.file, `a.${failure.kind}`);
        assert.equal(error.message, failure.message);
        return true;
      },
    );
  });
}

test("structured JSON: a byte order mark is accepted; error columns count it, as every position does", () => {
  assert.equal(parseStructured('\uFEFF{"fields": {"a": "x"}}', "json", "a.json").documents.length, 1);
  assert.throws(() => parseStructured('\uFEFF{"fields": x}', "json", "a.json"), /line 1, column 13:/);
});

test("jsonErrorOffset points at the first character that breaks the JSON grammar", () => {
  const cases: [string, number][] = [
    ['{"a": 1}', -1],
    [' [1, {"b": [true, null, -0.5e3, "\\u00e9"]}] ', -1],
    ['{"a" 1}', 5],
    ["[1, 2,]", 6],
    ['{"a": tru}', 6],
    ['{"a": "x\ny"}', 8],
    ['"bad \\q escape"', 6],
    ['{"a": 1} extra', 9],
    ["{'a': 1}", 1],
    ['{"a": [1, {"b": 01}]}', 17],
    ["", 0],
    ['{"a": "open', 11],
  ];
  for (const [json, offset] of cases) assert.equal(jsonErrorOffset(json), offset, json);
});

test("jsonErrorOffset property: -1 exactly when JSON.parse accepts the text", () => {
  const pieces = ["{", "}", "[", "]", ",", ":", '"', '"a"', "\\", "1", "-", "0", ".5", "e3", "true", "nul", " ", "\n", "x", "'"];
  const jsonish = fc.array(fc.constantFrom(...pieces), { maxLength: 20 }).map((parts) => parts.join(""));
  fc.assert(
    fc.property(fc.oneof(fc.json(), jsonish), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      assert.equal(jsonErrorOffset(text) === -1, valid);
    }),
    { numRuns: 2000 },
  );
});
