import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { parseYamlFile } from "./yaml-file.ts";
import { validateBrand, validateConfig } from "./validate.ts";

test("value, positions of values and keys", () => {
  const yaml = parseYamlFile("b.yaml", "terms:\n  prefer:\n    sugar free: zero sugar\n");
  assert.deepEqual(yaml.value, { terms: { prefer: { "sugar free": "zero sugar" } } });
  assert.deepEqual(yaml.positionOf(["terms", "prefer", "sugar free"]), { line: 3, column: 17 });
  assert.deepEqual(yaml.keyPositionOf(["terms", "prefer", "sugar free"]), { line: 3, column: 5 });
});

test("a missing path points at the deepest existing parent", () => {
  const yaml = parseYamlFile("b.yaml", "claims:\n  - id: x\n");
  assert.deepEqual(yaml.positionOf(["claims", 0, "phrases", 3]), { line: 2, column: 5 });
  assert.deepEqual(yaml.positionOf(["nothing", "here"]), { line: 1, column: 1 });
});

test("an empty value points at its key", () => {
  const yaml = parseYamlFile("b.yaml", "name: Fizzwell\nlocale:\n");
  assert.deepEqual(yaml.positionOf(["locale"]), { line: 2, column: 1 });
});

test("aliases resolve to the anchored node", () => {
  const yaml = parseYamlFile("b.yaml", "a: &x\n  - one\nb: *x\n");
  assert.deepEqual(yaml.value, { a: ["one"], b: ["one"] });
  assert.deepEqual(yaml.positionOf(["b", 0]), { line: 2, column: 5 });
});

test("CRLF line endings", () => {
  const yaml = parseYamlFile("b.yaml", "name: a\r\nlocale: en\r\n");
  assert.deepEqual(yaml.positionOf(["locale"]), { line: 2, column: 9 });
});

test("an unterminated quote is a syntax error with a place and a fix", () => {
  const yaml = parseYamlFile("b.yaml", 'name: "Fizzwell\nlocale: en\n');
  assert.equal(yaml.value, undefined);
  const [d] = yaml.diagnostics;
  assert.equal(d?.level, "error");
  assert.equal(d?.file, "b.yaml");
  assert.match(d?.message ?? "", /^YAML syntax error: /);
  assert.ok(d && d.line >= 1 && d.column >= 1);
  assert.ok(d?.fix);
});

test("two documents in one file are an error", () => {
  const yaml = parseYamlFile("b.yaml", "name: a\n---\nname: b\n");
  assert.equal(yaml.diagnostics[0]?.level, "error");
  assert.equal(yaml.diagnostics[0]?.line, 2);
});

test("alias bombs are refused, not expanded", () => {
  const rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 8; i++) rows.push(`${"abcdefgh"[i]}: &${"abcdefgh"[i]} [${Array(10).fill(`*${"abcdefgh"[i - 1]}`).join(", ")}]`);
  const yaml = parseYamlFile("b.yaml", rows.join("\n") + "\n");
  assert.equal(yaml.value, undefined);
  assert.equal(yaml.diagnostics[0]?.level, "error");
});

test("property: any text gives diagnostics with valid places, never a throw", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (content) => {
      for (const result of [validateBrand("b.yaml", content), validateConfig("c.yaml", content)]) {
        const lineCount = content.split("\n").length;
        for (const d of result.diagnostics) {
          assert.ok(d.line >= 0 && d.line <= lineCount, `line ${d.line} of ${lineCount}`);
          assert.ok(d.message.length > 0);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test("property: any YAML data gives either a kit or errors that point into the file", () => {
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("node"), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom("name", "terms", "claims", "avoid", "id", "level", "phrases", "x"), tie("node"), { maxKeys: 3 }),
    ),
  })).node;
  fc.assert(
    fc.property(value, (data) => {
      const content = stringify(data);
      const { brand, diagnostics } = validateBrand("b.yaml", content);
      const errors = diagnostics.filter((d) => d.level === "error");
      assert.equal(brand === null, errors.length > 0);
      for (const d of errors) assert.ok(d.line >= 1 || d.message.startsWith("YAML"), JSON.stringify(d));
    }),
    { numRuns: 300 },
  );
});
