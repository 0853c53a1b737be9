import assert from "node:assert/strict";
import { test } from "node:test";
import { KitError } from "../core/errors.ts";
import { looksLikeSecret, parseProviderConfig } from "./provider-config.ts";

test("defaults fill in timeout_ms and max_retries", () => {
  assert.deepEqual(parseProviderConfig({ provider: "openai", model: "gpt-4.1-mini" }), { provider: "openai", model: "gpt-4.1-mini", timeout_ms: 60000, max_retries: 3 });
});

test("key-looking values are told apart from names", () => {
  for (const secret of ["sk-proj-4f9a0c2e7d1b8a6c5e3f", "sk-ant-api03-abcdefghijklmnop", "0123456789abcdef0123456789abcdef", "Bearer abcdefghijklmnop", "https://llm.example.com/v1?api-key=abc", "https://user:pw@llm.example.com/v1", "prefix-Zk3mQ9xW2vB7nL4pR8tY6uJ1hG5fD0s"]) {
    assert.equal(looksLikeSecret(secret), true, secret);
  }
  for (const name of ["gpt-4.1-mini", "claude-sonnet-4-5-20250929", "meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo", "http://localhost:11434/v1", "OPENAI_API_KEY", "llama3.1:8b"]) {
    assert.equal(looksLikeSecret(name), false, name);
  }
});

test("errors name the field and never repeat a key", () => {
  const messages = (raw: unknown) => {
    try {
      parseProviderConfig(raw);
    } catch (e) {
      assert.ok(e instanceof KitError);
      return e.diagnostics.map((d) => d.message);
    }
    return assert.fail("expected a KitError");
  };
  assert.deepEqual(messages({ provider: "openai", model: "gpt-4.1-mini", api_key: "abc" }), [
    "generate.api_key must be an environment variable holding the key, named in api_key_env; onbrand never reads API keys from its files",
  ]);
  assert.deepEqual(messages({ provider: "openai", model: "sk-proj-4f9a0c2e7d1b8a6c5e3f" }), [
    "generate.model must be an environment variable holding the key, named in api_key_env; onbrand never reads API keys from its files (this value looks like a key or carries one)",
  ]);
  assert.deepEqual(messages({ provider: "openai-compatible", model: "llama3.1:8b" }), [
    "generate.base_url must be the endpoint's base URL for openai-compatible, e.g. http://localhost:11434/v1 for Ollama",
  ]);
  assert.deepEqual(messages({ provider: "openai", model: "gpt-4.1-mini", api_key_env: "my key" }), [
    "generate.api_key_env must be the name of an environment variable, like MY_LLM_KEY",
  ]);
  assert.deepEqual(messages({ provider: "openai", model: "gpt-4.1-mini", base_url: "localhost:11434" }), [
    "generate.base_url must be an http(s) URL like http://localhost:11434/v1",
  ]);
  assert.deepEqual(messages({ provider: "openai", model: "gpt-4.1-mini", timeout: 5 }), ["generate has unknown field(s) timeout"]);
});
