import assert from "node:assert/strict";
import { test } from "node:test";
import { brandJsonSchema, BrandSchema } from "./brand-schema.ts";
import { configJsonSchema } from "./config-schema.ts";

interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: string[];
  pattern?: string;
  required?: string[];
}

test("brand JSON Schema has every section, with descriptions, and rejects unknown keys", () => {
  const schema = brandJsonSchema() as JsonSchema;
  assert.equal(schema.type, "object");
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties ?? {}), Object.keys(BrandSchema.shape));
  assert.deepEqual(Object.keys(schema.properties ?? {}), [
    "name",
    "locale",
    "voice",
    "examples",
    "terms",
    "claims",
    "disclaimers",
    "channels",
    "visual",
    "characters",
    "audiences",
    "regions",
  ]);
  for (const [key, section] of Object.entries(schema.properties ?? {})) {
    assert.ok(section.description, `${key} has a description`);
  }
  assert.deepEqual(schema.required ?? [], []);
});

test("brand JSON Schema: claim level enum, hex pattern, input defaults are optional", () => {
  const schema = brandJsonSchema() as JsonSchema;
  const claim = schema.properties?.claims?.items;
  assert.deepEqual(claim?.properties?.level?.enum, ["error", "warning", "suggestion"]);
  assert.deepEqual(claim?.required, ["id", "level", "message", "phrases"]);
  const hex = schema.properties?.visual?.properties?.palette?.items?.properties?.hex;
  assert.ok(hex?.pattern && new RegExp(hex.pattern).test("#E4002B") && !new RegExp(hex.pattern).test("red"));
  const terms = schema.properties?.terms?.properties;
  assert.ok(terms?.brand_names?.description);
  const json = JSON.stringify(schema);
  assert.ok(json.includes("double-width"), "channel counting modes are listed");
});

test("config JSON Schema has every key", () => {
  const schema = configJsonSchema() as JsonSchema;
  assert.deepEqual(Object.keys(schema.properties ?? {}), ["kit", "styles", "min_level", "channel", "ignore", "rules", "score", "prompt", "generate"]);
  assert.deepEqual(schema.required ?? [], []);
  const generate = schema.properties?.generate as JsonSchema | undefined;
  assert.deepEqual(Object.keys(generate?.properties ?? {}), [
    "provider", "model", "base_url", "api_key_env", "temperature", "max_output_tokens", "max_repairs",
    "timeout_ms", "max_retries", "concurrency", "requests_per_minute", "tokens_per_minute", "prices",
  ]);
  assert.equal(schema.additionalProperties, false);
  assert.ok(schema.properties?.kit?.description);
});
