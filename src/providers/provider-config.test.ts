import assert from "node:assert/strict";
import { test } from "node:test";
import { KitError } from "../core/errors.ts";
import { looksLikeSecret, parseProviderConfig, resolveProviderConfig, type SettingsLayer } from "./provider-config.ts";

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

const YAML = "onbrand.yaml";
const EMAIL = "brand/usecases/email.yaml";
const CLI = "the command line";

/** The three layers generate merges, each given or left undefined. */
function layers(config?: SettingsLayer["settings"], useCase?: SettingsLayer["settings"], cli?: SettingsLayer["settings"]): SettingsLayer[] {
  return [
    { source: YAML, settings: config },
    { source: EMAIL, settings: useCase },
    { source: CLI, settings: cli },
  ];
}

test("resolveProviderConfig: later layers win, field by field; unset values and run limits do not take part", () => {
  const cases: [string, SettingsLayer[], ReturnType<typeof resolveProviderConfig>][] = [
    ["nothing anywhere: the template provider", layers(), { provider: "template", model: "template", timeout_ms: 60000, max_retries: 3 }],
    [
      "onbrand.yaml alone, run limits left out",
      layers({ provider: "openai", model: "gpt-4.1-mini", temperature: 0.2, concurrency: 4, max_repairs: 1, prices: {} }),
      { provider: "openai", model: "gpt-4.1-mini", temperature: 0.2, timeout_ms: 60000, max_retries: 3 },
    ],
    [
      "the use case over onbrand.yaml, the command line over both",
      layers(
        { provider: "openai", model: "gpt-4.1-mini", api_key_env: "TEAM_KEY", timeout_ms: 30000, max_retries: 5 },
        { model: "gpt-4.1", temperature: 0.7 },
        { provider: undefined, model: "gpt-4.1-nano", base_url: undefined, timeout_ms: 5000 },
      ),
      { provider: "openai", model: "gpt-4.1-nano", api_key_env: "TEAM_KEY", temperature: 0.7, timeout_ms: 5000, max_retries: 5 },
    ],
    [
      "naming the same provider again keeps its model",
      layers({ provider: "anthropic", model: "claude-haiku-4-5" }, undefined, { provider: "anthropic" }),
      { provider: "anthropic", model: "claude-haiku-4-5", timeout_ms: 60000, max_retries: 3 },
    ],
    [
      "switching provider drops model, base_url and api_key_env, and keeps the rest",
      layers(
        { provider: "openai", model: "gpt-4.1-mini", base_url: "https://proxy.example.com/v1", api_key_env: "TEAM_KEY", max_output_tokens: 800 },
        { provider: "anthropic", model: "claude-sonnet-4-5" },
      ),
      { provider: "anthropic", model: "claude-sonnet-4-5", max_output_tokens: 800, timeout_ms: 60000, max_retries: 3 },
    ],
    [
      "switching to template drops the model for the template's own",
      layers({ provider: "openai", model: "gpt-4.1-mini" }, undefined, { provider: "template" }),
      { provider: "template", model: "template", timeout_ms: 60000, max_retries: 3 },
    ],
    [
      "settings given before any provider belong to the provider named later",
      layers({ model: "llama3.1:8b", base_url: "http://localhost:11434/v1" }, undefined, { provider: "openai-compatible" }),
      { provider: "openai-compatible", model: "llama3.1:8b", base_url: "http://localhost:11434/v1", timeout_ms: 60000, max_retries: 3 },
    ],
  ];
  for (const [name, given, expected] of cases) assert.deepEqual(resolveProviderConfig(given), expected, name);
});

test("resolveProviderConfig: a provider without a model names the layer that chose it and the fix", () => {
  const diagnostics = (given: SettingsLayer[]) => {
    try {
      resolveProviderConfig(given);
    } catch (e) {
      assert.ok(e instanceof KitError);
      return e.diagnostics;
    }
    return assert.fail("expected a KitError");
  };
  assert.deepEqual(diagnostics(layers({ provider: "openai" }, undefined, { provider: undefined, model: undefined })), [
    {
      level: "error",
      file: YAML,
      line: 0,
      column: 0,
      message: "provider openai needs a model",
      fix: "set generate.model (onbrand.yaml, brand/usecases/email.yaml, the command line), e.g. --model gpt-4.1-mini",
    },
  ]);
  assert.deepEqual(diagnostics(layers({ provider: "openai", model: "gpt-4.1-mini" }, { provider: "anthropic" })), [
    {
      level: "error",
      file: EMAIL,
      line: 0,
      column: 0,
      message: "provider anthropic needs a model",
      fix: "set generate.model (onbrand.yaml, brand/usecases/email.yaml, the command line), e.g. --model claude-sonnet-4-5",
    },
  ]);
  assert.deepEqual(
    diagnostics(layers({ provider: "openai", model: "gpt-4.1-mini", base_url: "https://proxy.example.com/v1" }, undefined, { provider: "openai-compatible", model: "llama3.1:8b" })),
    [
      {
        level: "error",
        file: "onbrand.yaml + brand/usecases/email.yaml + the command line",
        line: 0,
        column: 0,
        message: "generate.base_url must be the endpoint's base URL for openai-compatible, e.g. http://localhost:11434/v1 for Ollama",
      },
    ],
  );
});
