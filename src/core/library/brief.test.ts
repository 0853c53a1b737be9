import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_BRIEF_VALUE_CHARS, validateBrief } from "./brief.ts";
import type { InputSpec } from "./usecase-schema.ts";

const inputs: InputSpec[] = [
  { name: "product", required: true, enum: ["Fizzwell Zero", "Fizzwell Original"], description: "The product the copy is about." },
  { name: "key_message", required: true, max_chars: 40 },
  { name: "discount", type: "number", required: false },
  { name: "in_stores", type: "boolean", required: false, default: true },
  { name: "hashtags", type: "list", required: false },
  { name: "tone", required: false, default: "warm" },
];
const useCase = { inputs };

test("a valid brief gets its defaults; --set strings are read by the input's type", () => {
  const result = validateBrief(useCase, {
    product: "Fizzwell Zero",
    key_message: "Zero sugar, all the sparkle",
    discount: "15",
    hashtags: "#FizzwellSummer, #ZeroSugar",
  });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.brief, {
    product: "Fizzwell Zero",
    key_message: "Zero sugar, all the sparkle",
    discount: 15,
    in_stores: true,
    hashtags: ["#FizzwellSummer", "#ZeroSugar"],
    tone: "warm",
  });
  assert.deepEqual(validateBrief(useCase, { product: "Fizzwell Zero", key_message: "Hi", in_stores: "no" }).brief?.in_stores, false);
  assert.deepEqual(validateBrief(useCase, { product: "Fizzwell Zero", key_message: 2026 }).brief?.key_message, "2026");
});

test("every problem comes back at once, naming the field and what it expects", () => {
  const result = validateBrief(useCase, {
    prodcut: "Fizzwell Zero",
    discount: "a lot",
    in_stores: "maybe",
    hashtags: [["nested"]],
    tone: { loud: true },
  });
  assert.equal(result.brief, null);
  assert.deepEqual(result.problems, [
    {
      path: ["prodcut"],
      message: 'the brief has a field "prodcut" that the use case does not define; did you mean "product"?',
      fix: 'rename it to "product"',
    },
    { path: ["product"], message: 'the brief needs "product" (The product the copy is about.)', fix: "add product: Fizzwell Zero" },
    { path: ["key_message"], message: 'the brief needs "key_message"', fix: 'add key_message: "..."' },
    { path: ["discount"], message: 'brief field "discount" must be a number; found "a lot"', fix: "write discount: 12" },
    { path: ["in_stores"], message: 'brief field "in_stores" must be true or false; found "maybe"', fix: "write in_stores: true" },
    { path: ["hashtags"], message: 'brief field "hashtags" must be a list of texts; found a list', fix: "write hashtags: [first, second]" },
    { path: ["tone"], message: 'brief field "tone" must be a text; found a mapping', fix: 'write tone: "..."' },
  ]);
});

test("an enum value close to an allowed one gets a did-you-mean", () => {
  const { problems } = validateBrief(useCase, { product: "fizzwell zero", key_message: "Hi" });
  assert.deepEqual(problems, [
    {
      path: ["product"],
      message: 'brief field "product" must be one of Fizzwell Zero, Fizzwell Original; found "fizzwell zero"; did you mean "Fizzwell Zero"?',
      fix: "write product: Fizzwell Zero",
    },
  ]);
});

test("text limits: an input's max_chars, the default cap, and control characters", () => {
  const long = validateBrief(useCase, { product: "Fizzwell Zero", key_message: "x".repeat(41) });
  assert.deepEqual(long.problems.map((p) => p.message), ['brief field "key_message" is 41 characters long; it may have at most 40']);
  const huge = validateBrief({ inputs: [{ name: "master", required: true }] }, { master: "word ".repeat(MAX_BRIEF_VALUE_CHARS) });
  assert.deepEqual(huge.problems.map((p) => p.fix), ["shorten it: put the essentials in the brief, not the whole source document"]);
  const binary = validateBrief({ inputs: [{ name: "master", required: true }] }, { master: "PK\u0003\u0004 zip" });
  assert.deepEqual(binary.problems.map((p) => p.message), ['brief field "master" contains control characters (binary data or a bad paste)']);
});

test("a brief that is not a mapping", () => {
  assert.deepEqual(validateBrief(useCase, ["a", "b"]).problems, [
    { path: [], message: "a brief must be a mapping of field names to values; found a list", fix: "write one field per line, such as product: Fizzwell Zero" },
  ]);
  assert.deepEqual(validateBrief(useCase, null).problems.map((p) => p.path), [["product"], ["key_message"]]);
});
