import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import { KitError } from "../../src/core/errors.ts";
import { createModelClient, type GenerateRequest, type ModelClientOptions } from "../../src/providers/model-client.ts";
import { type ProviderConfigInput, parseProviderConfig } from "../../src/providers/provider-config.ts";
import { ProviderError } from "../../src/providers/provider-error.ts";
import { anthropicAnswer, errorAnswer, type MockLlmServer, type MockUsage, openaiAnswer, type ScriptedResponse, startMockLlmServer } from "./mock-llm-server.ts";

const SYSTEM = "You write copy for Fizzwell. Never claim a drink detoxes anyone.";
const USER = "Write a push notification about Fizzwell Zero.";
const SCHEMA = {
  type: "object",
  properties: { fields: { type: "object", properties: { title: { type: "string" }, body: { type: "string" } }, required: ["title", "body"], additionalProperties: false } },
  required: ["fields"],
  additionalProperties: false,
};
const ANSWER = { fields: { title: "Zero sugar, all fizz", body: "Fizzwell Zero is here." } };
const REQUEST: GenerateRequest = {
  messages: [
    { role: "system", content: SYSTEM },
    { role: "user", content: USER },
  ],
  schema: SCHEMA,
  schemaName: "push",
};
const USAGE: MockUsage = { input: 900, output: 40, cached: 800 };

interface Contract {
  provider: "openai" | "anthropic" | "openai-compatible";
  model: string;
  keyEnv: string;
  key: string;
  /** Extra config the provider needs (the compatible one names its key variable). */
  config: Partial<ProviderConfigInput>;
  answer(text: string, usage?: MockUsage): ScriptedResponse;
  protocol: "openai" | "anthropic";
  path: string;
  /** Where this protocol puts the system prompt, the user turn, the schema and the key. */
  assertSent(body: Record<string, unknown>, headers: Record<string, string>, key: string): void;
}

function assertOpenAISent(body: Record<string, unknown>, headers: Record<string, string>, key: string): void {
  assert.deepEqual(body.messages, [
    { role: "system", content: SYSTEM },
    { role: "user", content: USER },
  ]);
  assert.deepEqual(body.response_format, { type: "json_schema", json_schema: { name: "push", schema: SCHEMA, strict: false } });
  assert.equal(headers.authorization, `Bearer ${key}`);
}

const CONTRACTS: Contract[] = [
  {
    provider: "openai",
    model: "gpt-4.1-mini",
    keyEnv: "OPENAI_API_KEY",
    key: "fake-openai-key-0001",
    config: {},
    answer: openaiAnswer,
    protocol: "openai",
    path: "/v1/chat/completions",
    assertSent: assertOpenAISent,
  },
  {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    keyEnv: "ANTHROPIC_API_KEY",
    key: "fake-anthropic-key-0002",
    config: {},
    answer: anthropicAnswer,
    protocol: "anthropic",
    path: "/v1/messages",
    assertSent(body, headers, key) {
      // The prefix ends with a cache breakpoint, so Anthropic caches it across variants.
      assert.deepEqual(body.system, [{ type: "text", text: SYSTEM, cache_control: { type: "ephemeral" } }]);
      assert.deepEqual(body.messages, [{ role: "user", content: [{ type: "text", text: USER }] }]);
      const format = (body.output_config as { format: { type: string; schema: unknown } }).format;
      assert.equal(format.type, "json_schema");
      assert.deepEqual((format.schema as { required: unknown }).required, ["fields"]);
      assert.equal(headers["x-api-key"], key);
      assert.equal(headers.authorization, undefined);
    },
  },
  {
    provider: "openai-compatible",
    model: "llama3.1:8b",
    keyEnv: "LOCAL_LLM_KEY",
    key: "fake-local-key-0003",
    config: { api_key_env: "LOCAL_LLM_KEY" },
    answer: openaiAnswer,
    protocol: "openai",
    path: "/v1/chat/completions",
    assertSent: assertOpenAISent,
  },
];

for (const c of CONTRACTS) {
  describe(`model client contract: ${c.provider}`, () => {
    let server: MockLlmServer;
    let sleeps: number[];
    const env = { [c.keyEnv]: c.key };
    const options = (): ModelClientOptions => ({
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    });
    const client = (extra: Partial<ProviderConfigInput> = {}) =>
      createModelClient(parseProviderConfig({ provider: c.provider, model: c.model, base_url: server.baseURL, ...c.config, ...extra }), env, options());
    const failure = async (promise: Promise<unknown>): Promise<ProviderError> => {
      const error = await promise.then(
        () => assert.fail("expected a ProviderError"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
      assert.ok(!error.message.includes(c.key), "the key never appears in a message");
      return error;
    };

    before(async () => {
      server = await startMockLlmServer();
    });
    after(() => server.close());
    beforeEach(() => {
      server.requests.length = 0;
      sleeps = [];
    });

    test("a valid JSON answer: output parsed, usage mapped, the prompt sent as the provider expects", async () => {
      server.enqueue(c.answer(JSON.stringify(ANSWER), USAGE));
      const result = await client({ temperature: 0.7 }).generate(REQUEST);
      assert.deepEqual(result.output, ANSWER);
      assert.equal(result.text, JSON.stringify(ANSWER));
      assert.deepEqual(result.usage, { inputTokens: 900, outputTokens: 40, cachedInputTokens: 800 });
      assert.equal(result.attempts, 1);
      assert.equal(typeof result.latencyMs, "number");
      assert.equal(server.requests.length, 1);
      const sent = server.requests[0]!;
      assert.equal(sent.method, "POST");
      assert.equal(sent.path, c.path);
      const body = sent.body as Record<string, unknown>;
      assert.equal(body.model, c.model);
      assert.equal(body.temperature, 0.7);
      c.assertSent(body, sent.headers, c.key);
    });

    test("a malformed answer returns the text and a null output without throwing", async () => {
      const text = 'Here you go: {"fields": {"title": "Zero sugar"';
      server.enqueue(c.answer(text));
      const result = await client().generate(REQUEST);
      assert.equal(result.text, text);
      assert.equal(result.output, null);
      assert.deepEqual(result.usage, { inputTokens: 12, outputTokens: 5, cachedInputTokens: 0 });
    });

    test("429 with Retry-After: 2 waits 2000 ms, then succeeds", async () => {
      server.enqueue(errorAnswer(c.protocol, 429, "Rate limit reached", { "retry-after": "2" }), c.answer(JSON.stringify(ANSWER)));
      const result = await client().generate(REQUEST);
      assert.deepEqual(sleeps, [2000]);
      assert.equal(result.attempts, 2);
      assert.deepEqual(result.output, ANSWER);
    });

    test("500 then success: one jittered backoff", async () => {
      server.enqueue(errorAnswer(c.protocol, 500, "The server had an error"), c.answer(JSON.stringify(ANSWER)));
      const result = await client().generate(REQUEST);
      assert.deepEqual(sleeps, [250]);
      assert.equal(result.attempts, 2);
      assert.equal(server.requests.length, 2);
    });

    test("5xx with Retry-After (a 502 and an HTTP date) waits what the server asked", async () => {
      const date = new Date(Date.now() + 3000).toUTCString();
      server.enqueue(errorAnswer(c.protocol, 502, "Bad gateway", { "retry-after": "1" }), errorAnswer(c.protocol, 503, "Overloaded", { "retry-after": date }), c.answer(JSON.stringify(ANSWER)));
      const result = await client({ max_retries: 2 }).generate(REQUEST);
      assert.equal(sleeps[0], 1000);
      // An HTTP date is a wait until then: a little under 3 s by the time it is read.
      assert.ok(sleeps[1]! > 1000 && sleeps[1]! <= 3000, String(sleeps[1]));
      assert.equal(result.attempts, 3);
    });

    test("500 until retries run out: provider_unavailable with the attempts", async () => {
      server.enqueue(...[1, 2, 3].map(() => errorAnswer(c.protocol, 500, "The server had an error")));
      const error = await failure(client({ max_retries: 2 }).generate(REQUEST));
      assert.equal(error.code, "provider_unavailable");
      assert.equal(error.attempts, 3);
      assert.equal(error.status, 500);
      assert.equal(error.message, `${server.baseURL} failed (500, The server had an error) after 3 attempts: try again later or raise max_retries`);
      assert.deepEqual(sleeps, [250, 500]);
      assert.equal(server.requests.length, 3);
    });

    test("an answer slower than timeout_ms is provider_timeout once retries run out", async () => {
      const slow = { delayMs: 2000, then: c.answer(JSON.stringify(ANSWER)) };
      server.enqueue(slow, slow);
      const started = performance.now();
      const error = await failure(client({ timeout_ms: 200, max_retries: 1 }).generate(REQUEST));
      assert.equal(error.code, "provider_timeout");
      assert.equal(error.attempts, 2);
      assert.equal(error.message, `no answer from ${server.baseURL} within 200 ms after 2 attempts: raise timeout_ms or check the server`);
      assert.ok(performance.now() - started < 1500, "the client gave up at the timeout, not at the answer");
      assert.equal(server.requests.length, 2);
    });

    test("401 is provider_auth naming the variable, without the key and without retrying", async () => {
      server.enqueue(errorAnswer(c.protocol, 401, `Incorrect API key provided: ${c.key}`));
      const error = await failure(client().generate(REQUEST));
      assert.equal(error.code, "provider_auth");
      assert.equal(error.attempts, 1);
      assert.equal(error.message, `${server.baseURL} refused the request (401, Incorrect API key provided: ***): check the key in ${c.keyEnv} (or set api_key_env in onbrand.yaml)`);
      assert.deepEqual(sleeps, []);
    });

    test("a refused connection is provider_unreachable naming the URL", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const url = `http://127.0.0.1:${port}/v1`;
      const error = await failure(client({ base_url: url, max_retries: 1 }).generate(REQUEST));
      assert.equal(error.code, "provider_unreachable");
      assert.equal(error.attempts, 2);
      assert.equal(error.message, `cannot reach ${url} (connection refused) after 2 attempts: start the server or set base_url`);
    });

    test("a missing key variable is a one-line error naming it", () => {
      const config = parseProviderConfig({ provider: c.provider, model: c.model, base_url: server.baseURL, ...c.config });
      assert.throws(
        () => createModelClient(config, {}),
        (e: unknown) => e instanceof ProviderError && e.code === "provider_auth" && e.message === `set ${c.keyEnv} (or api_key_env in onbrand.yaml) to use ${c.provider}:${c.model}`,
      );
    });

    test("a key value in the config is rejected without repeating it", () => {
      for (const raw of [
        { provider: c.provider, model: c.model, base_url: server.baseURL, api_key: c.key },
        { provider: c.provider, model: c.model, base_url: server.baseURL, api_key_env: "sk-proj-4f9a0c2e7d1b8a6c5e3f" },
      ]) {
        assert.throws(
          () => parseProviderConfig(raw),
          (e: unknown) => {
            assert.ok(e instanceof KitError);
            assert.ok(!e.message.includes(c.key) && !e.message.includes("4f9a0c2e"), e.message);
            assert.match(e.message, /must be an environment variable holding the key, named in api_key_env/);
            return true;
          },
        );
      }
    });
  });
}

describe("model client: provider specifics", () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer();
  });
  after(() => server.close());

  test("an openai-compatible endpoint without api_key_env sends no Authorization header", async () => {
    server.enqueue(openaiAnswer(JSON.stringify(ANSWER)));
    const client = createModelClient(parseProviderConfig({ provider: "openai-compatible", model: "llama3.1:8b", base_url: server.baseURL }), {});
    assert.equal(client.id, "openai-compatible:llama3.1:8b");
    const result = await client.generate(REQUEST);
    assert.deepEqual(result.output, ANSWER);
    assert.equal(server.requests.at(-1)?.headers.authorization, undefined);
  });

  test("an Anthropic model without native structured output gets the json tool and its input back", async () => {
    server.enqueue(anthropicAnswer(JSON.stringify(ANSWER)));
    const config = parseProviderConfig({ provider: "anthropic", model: "claude-3-haiku-20240307", base_url: server.baseURL });
    const result = await createModelClient(config, { ANTHROPIC_API_KEY: "fake" }).generate(REQUEST);
    const body = server.requests.at(-1)?.body as { tools: { name: string }[]; tool_choice: unknown };
    assert.deepEqual(body.tools.map((t) => t.name), ["json"]);
    assert.deepEqual(result.output, ANSWER);
  });

  test("the caller's signal cancels without retrying and rethrows its reason", async () => {
    server.enqueue({ delayMs: 2000, then: openaiAnswer("{}") });
    const config = parseProviderConfig({ provider: "openai", model: "gpt-4.1-mini", base_url: server.baseURL });
    const reason = new Error("user pressed ctrl-c");
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(createModelClient(config, { OPENAI_API_KEY: "fake" }).generate({ ...REQUEST, signal: controller.signal }), reason);
  });

  test("the template provider has no model client", () => {
    const config = parseProviderConfig({ provider: "template", model: "default" });
    assert.throws(() => createModelClient(config, {}), /^ProviderError: template is built in; the pipeline handles it/);
  });
});
