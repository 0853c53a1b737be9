import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, test } from "node:test";
import { loadKit } from "../../src/core/engine/load-kit.ts";
import { malformedMessage } from "../../src/core/generate/repair-message.ts";
import { planVariants, type PlannedVariant } from "../../src/core/generate/variant-plan.ts";
import { FIXTURE_BRAND, FIXTURE_EMAIL } from "../../src/core/library/fixture-workspace.ts";
import { loadLibrary } from "../../src/core/library/load-library.ts";
import { compilePrompt } from "../../src/core/prompt/compile-prompt.ts";
import { type GenerateOptions, generateVariants, type VariantResult } from "../../src/generate/generate-variants.ts";
import type { RateLimiter } from "../../src/generate/rate-limiter.ts";
import { type ChatMessage, createModelClient } from "../../src/providers/model-client.ts";
import { type ProviderConfigInput, parseProviderConfig } from "../../src/providers/provider-config.ts";
import {
  anthropicAnswer,
  errorAnswer,
  type MockLlmServer,
  type MockUsage,
  openaiAnswer,
  refusedURL,
  type ScriptedAnswer,
  type ScriptedResponse,
  startMockLlmServer,
} from "../providers/mock-llm-server.ts";

const FILES = { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": FIXTURE_BRAND, "brand/usecases/email.yaml": FIXTURE_EMAIL };
const { kit } = loadKit(FILES);
const { library } = loadLibrary(kit, FILES);
const email = library.get("email")!;
const BRIEF = { product: "Fizzwell Zero" };
const PROMPT = compilePrompt(kit, email, BRIEF, planVariants(kit, email, [BRIEF]).variants[0]!.target);
const NOW = new Date("2026-03-04T05:06:07.000Z");

const GOOD = { subject: "Meet Fizzwell Zero", body: "Zero sugar, all the sparkle." };
const GOOD_TEXT = JSON.stringify({ fields: GOOD });
// "detox" starts at column 20 of the body.
const OFF_BRAND = { subject: "Meet Fizzwell Zero", body: "Fizzwell Zero will detox you." };
const OFF_BRAND_TEXT = JSON.stringify({ fields: OFF_BRAND });
const DETOX_REPAIR =
  "Your answer breaks 1 brand rule. Fix each one below and answer again with the whole JSON object. Keep everything else as it was.\n\n" +
  `1. body, line 1, column 20 (Brand.Claims.detox): "detox". A drink cannot detox; drop 'detox'.`;
const DETOX_FINDING = { rule: "Brand.Claims.detox", level: "error", field: "body", line: 1, column: 20, match: "detox", message: "A drink cannot detox; drop 'detox'." };
const NOT_JSON = "Sure! Here is your email: Meet Fizzwell Zero.";
const USAGE: MockUsage = { input: 900, output: 40, cached: 800 };

/** `count` variants of the one brief, on the use case's only channel. */
function plan(count: number): PlannedVariant[] {
  return planVariants(kit, email, [BRIEF], { count }).variants;
}

/** What a protocol needs for the same tests to run against it. */
interface Protocol {
  provider: "openai" | "anthropic";
  model: string;
  keyEnv: string;
  answer(text: string, usage?: MockUsage): ScriptedResponse;
  /** Where the wire format puts the cached prefix, as sent. */
  prefix(body: WireBody): unknown;
  /** The conversation as sent, one ChatMessage per message, whatever the wire format. */
  conversation(body: WireBody): ChatMessage[];
}

type WireBody = Record<string, unknown>;
type AnthropicBlock = { type: string; text: string };

const PROTOCOLS: Protocol[] = [
  {
    provider: "openai",
    model: "gpt-4.1-mini",
    keyEnv: "OPENAI_API_KEY",
    answer: openaiAnswer,
    prefix: (body) => (body.messages as unknown[])[0],
    conversation: (body) => body.messages as ChatMessage[],
  },
  {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    keyEnv: "ANTHROPIC_API_KEY",
    answer: anthropicAnswer,
    prefix: (body) => body.system,
    conversation(body) {
      const text = (blocks: AnthropicBlock[]) => blocks.map((b) => (b.type === "text" ? b.text : `<${b.type}>`)).join("");
      return [
        { role: "system", content: text(body.system as AnthropicBlock[]) },
        ...(body.messages as { role: ChatMessage["role"]; content: AnthropicBlock[] }[]).map((m) => ({ role: m.role, content: text(m.content) })),
      ];
    },
  },
];

/** A spy limiter: records what the pipeline asks of it and never waits. */
function spyLimiter(): RateLimiter & { acquired: number[]; penalties: number[] } {
  const acquired: number[] = [];
  const penalties: number[] = [];
  return {
    acquired,
    penalties,
    acquire: async (tokens) => {
      acquired.push(tokens);
    },
    penalize: (ms) => {
      penalties.push(ms);
    },
    stats: () => ({ granted: acquired.length, tokens: 0, waiting: 0, cancelled: 0, waitedMs: 0, penalties: penalties.length }),
  };
}

function lineageOf(result: VariantResult): Record<string, unknown> {
  assert.ok(result.asset !== null, "the variant has an asset");
  return (JSON.parse(result.asset) as { lineage: Record<string, unknown> }).lineage;
}

for (const p of PROTOCOLS) {
  describe(`generateVariants over ${p.provider} (${p.model})`, () => {
    let server: MockLlmServer;
    let sleeps: number[];
    const error = (status: number, message: string, headers: Record<string, string> = {}): ScriptedAnswer => errorAnswer(p.provider, status, message, headers);

    beforeEach(async () => {
      server = await startMockLlmServer();
      sleeps = [];
    });
    afterEach(() => server.close());

    /** A client of the mock server that records retry waits instead of waiting. */
    function client(config: Partial<ProviderConfigInput> = {}) {
      return createModelClient(
        parseProviderConfig({ provider: p.provider, model: p.model, base_url: server.baseURL, max_retries: 0, ...config }),
        { [p.keyEnv]: "fake-key-for-tests" },
        {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          random: () => 0.5,
        },
      );
    }

    /** Runs the pipeline; `onVariant` results are collected to compare with the run's. */
    async function generate(options: Partial<GenerateOptions> & { config?: Partial<ProviderConfigInput> } = {}) {
      const { config, ...rest } = options;
      const reported: VariantResult[] = [];
      const run = await generateVariants({
        kit,
        useCase: email,
        variants: plan(1),
        writer: { kind: "model", client: client(config) },
        now: () => NOW,
        onVariant: (result) => {
          reported.push(result);
        },
        ...rest,
      });
      assert.deepEqual(reported, run.results, "onVariant saw each finished variant once, in finishing order");
      return run;
    }

    const sent = (i: number): WireBody => server.requests[i]!.body as WireBody;

    test("a valid answer passes at once: fields, lineage, tokens (cached included), the compiled prompt sent", async () => {
      server.enqueue(p.answer(GOOD_TEXT, USAGE));
      const variants = plan(1);
      const run = await generate({ variants });
      assert.equal(run.cancelled, false);
      assert.equal(run.fatal, null);
      assert.equal(run.results.length, 1);
      const r = run.results[0]!;
      assert.equal(r.variant, variants[0]);
      assert.equal(r.status, "passed");
      assert.deepEqual(r.output, GOOD);
      assert.deepEqual(r.findings, []);
      assert.equal(r.model, `${p.provider}:${p.model}`);
      assert.equal(r.prefixHash, PROMPT.prefixHash);
      assert.equal(r.answers, 1);
      assert.equal(r.repairs, 0);
      assert.deepEqual(r.tokens, { input: 900, output: 40, cachedInput: 800 });
      assert.equal(r.latenciesMs.length, 1);
      assert.equal(r.error, null);
      assert.equal(r.rawAnswer, null);
      assert.deepEqual(JSON.parse(r.asset!), {
        channel: "email",
        locale: "en-US",
        use_case: "email",
        fields: GOOD,
        audience: null,
        region: null,
        status: "passed",
        findings: [],
        lineage: {
          variant_id: variants[0]!.id,
          kit_version: kit.version,
          use_case_version: email.version,
          provider: p.provider,
          model: p.model,
          prompt_prefix_hash: PROMPT.prefixHash,
          brief_hash: variants[0]!.briefHash,
          brief_index: 0,
          variant: 0,
          answers: 1,
          repairs: 0,
          generated_at: "2026-03-04T05:06:07.000Z",
        },
      });
      assert.match(kit.version, /^[0-9a-f]{16}$/);
      assert.match(email.version, /^[0-9a-f]{16}$/);
      assert.match(variants[0]!.briefHash, /^[0-9a-f]{16}$/);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(p.conversation(sent(0)), PROMPT.messages.map((m) => ({ role: m.role, content: m.content })));
    });

    test("an off-brand answer is re-asked once with the finding after the model's own answer; the prefix is unchanged", async () => {
      server.enqueue(p.answer(OFF_BRAND_TEXT, USAGE), p.answer(GOOD_TEXT, { input: 950, output: 38, cached: 900 }));
      const run = await generate();
      const r = run.results[0]!;
      assert.equal(r.status, "repaired");
      assert.deepEqual(r.output, GOOD);
      assert.deepEqual(r.findings, []);
      assert.equal(r.answers, 2);
      assert.equal(r.repairs, 1);
      assert.deepEqual(r.tokens, { input: 1850, output: 78, cachedInput: 1700 });
      assert.equal(r.latenciesMs.length, 2);
      assert.deepEqual([lineageOf(r).answers, lineageOf(r).repairs], [2, 1]);
      assert.equal(JSON.parse(r.asset!).status, "repaired");

      assert.equal(server.requests.length, 2);
      const first = p.conversation(sent(0));
      const second = p.conversation(sent(1));
      assert.deepEqual(second, [...first, { role: "assistant", content: OFF_BRAND_TEXT }, { role: "user", content: DETOX_REPAIR }]);
      assert.equal(JSON.stringify(p.prefix(sent(1))), JSON.stringify(p.prefix(sent(0))), "the system prefix is byte-identical");
      assert.equal(first[0]!.content, PROMPT.messages[0]!.content);
    });

    for (const maxRepairs of [2, 0]) {
      test(`an answer that never passes is kept as needs_review after ${maxRepairs + 1} answer(s) (maxRepairs ${maxRepairs})`, async () => {
        for (let i = 0; i <= maxRepairs; i++) server.enqueue(p.answer(OFF_BRAND_TEXT));
        const run = await generate({ maxRepairs });
        const r = run.results[0]!;
        assert.equal(r.status, "needs_review");
        assert.deepEqual(r.output, OFF_BRAND);
        assert.equal(r.answers, maxRepairs + 1);
        assert.equal(r.repairs, maxRepairs);
        assert.deepEqual(
          r.findings.map((f) => ({ rule: f.rule, level: f.level, field: f.field, line: f.line, column: f.column, match: f.match, message: f.message })),
          [DETOX_FINDING],
        );
        const asset = JSON.parse(r.asset!) as { status: string; fields: unknown; findings: unknown };
        assert.equal(asset.status, "needs_review");
        assert.deepEqual(asset.fields, OFF_BRAND);
        assert.deepEqual(asset.findings, [DETOX_FINDING]);
        assert.deepEqual([lineageOf(r).answers, lineageOf(r).repairs], [maxRepairs + 1, maxRepairs]);
        assert.equal(server.requests.length, maxRepairs + 1);
        // Each re-ask adds the last answer and the findings; nothing earlier changes.
        const last = p.conversation(sent(maxRepairs));
        assert.equal(last.length, 2 + 2 * maxRepairs);
        assert.deepEqual(last.slice(2), Array.from({ length: maxRepairs }, () => [{ role: "assistant", content: OFF_BRAND_TEXT }, { role: "user", content: DETOX_REPAIR }]).flat());
      });
    }

    test("an answer that is not JSON is re-asked with the parse error, and then passes", async () => {
      server.enqueue(p.answer(NOT_JSON), p.answer(GOOD_TEXT));
      const run = await generate();
      const r = run.results[0]!;
      assert.equal(r.status, "repaired");
      assert.deepEqual(r.output, GOOD);
      assert.deepEqual([r.answers, r.repairs], [2, 1]);
      const conversation = p.conversation(sent(1));
      assert.deepEqual(conversation.slice(2), [
        { role: "assistant", content: NOT_JSON },
        { role: "user", content: malformedMessage(parseError(NOT_JSON)) },
      ]);
      assert.match(conversation[3]!.content, /^Your answer was not a valid JSON object \(Unexpected token 'S', "Sure! Here"\.\.\. is not valid JSON\)\. Answer again/);
    });

    test("an answer still not JSON after the last re-ask fails as malformed_output, keeping the raw answer", async () => {
      const second = '{"fields": {"subject": "Meet Fizzwell Zero"';
      server.enqueue(p.answer(NOT_JSON), p.answer(second));
      const run = await generate({ maxRepairs: 1 });
      const r = run.results[0]!;
      assert.equal(r.status, "failed");
      assert.equal(r.output, null);
      assert.equal(r.asset, null);
      assert.deepEqual(r.findings, []);
      assert.deepEqual([r.answers, r.repairs], [2, 1]);
      assert.deepEqual(r.error, { code: "malformed_output", message: `the model's answer was not a JSON object (${parseError(second)}) after 1 re-ask` });
      assert.equal(r.rawAnswer, second);
      assert.equal(server.requests.length, 2);
      assert.equal(run.fatal, null);
    });

    test("429 with Retry-After: 1 waits 1000 ms, tells the rate limiter, then passes", async () => {
      server.enqueue(error(429, "Rate limit reached", { "retry-after": "1" }), p.answer(GOOD_TEXT));
      const limiter = spyLimiter();
      const run = await generate({ limiter, estimateTokens: (messages) => messages.length * 100, config: { max_retries: 2 } });
      assert.equal(run.results[0]!.status, "passed");
      assert.deepEqual(sleeps, [1000]);
      assert.deepEqual(limiter.penalties, [1000]);
      // One slot per request sent: the retry after the 429 takes its own, after the Retry-After wait.
      assert.deepEqual(limiter.acquired, [200, 200]);
      assert.equal(server.requests.length, 2);
    });

    test("500 then OK: the retry passes the variant", async () => {
      server.enqueue(error(500, "The server had an error"), p.answer(GOOD_TEXT, USAGE));
      const limiter = spyLimiter();
      const run = await generate({ limiter, config: { max_retries: 2 } });
      const r = run.results[0]!;
      assert.equal(r.status, "passed");
      assert.deepEqual([r.answers, r.repairs, r.requests], [1, 0, 2], "the retried request counts as sent");
      assert.deepEqual(r.tokens, { input: 900, output: 40, cachedInput: 800 });
      assert.deepEqual(sleeps, [250]);
      assert.deepEqual(limiter.penalties, [], "only a rate limit slows the run down");
      assert.equal(server.requests.length, 2);
    });

    test("500 until retries run out fails that variant as provider_unavailable; the others continue", async () => {
      server.enqueue(p.answer(GOOD_TEXT), error(500, "The server had an error"), error(500, "The server had an error"), p.answer(GOOD_TEXT));
      const variants = plan(3);
      const run = await generate({ variants, concurrency: 1, config: { max_retries: 1 } });
      assert.equal(run.fatal, null);
      assert.deepEqual(run.results.map((r) => [r.variant.id, r.status]), variants.map((v, i) => [v.id, i === 1 ? "failed" : "passed"]));
      const failed = run.results[1]!;
      assert.deepEqual(failed.error, {
        code: "provider_unavailable",
        message: `${server.baseURL} failed (500, The server had an error) after 2 attempts: try again later or raise max_retries`,
      });
      assert.equal(failed.output, null);
      assert.equal(failed.asset, null);
      assert.equal(failed.rawAnswer, null);
      assert.deepEqual([failed.answers, failed.repairs, failed.requests], [0, 0, 2]);
      assert.deepEqual(sleeps, [250]);
      assert.equal(server.requests.length, 4);
    });

    test("an answer slower than timeout_ms fails the variant as provider_timeout without waiting for it", async () => {
      server.enqueue({ delayMs: 2000, then: p.answer(GOOD_TEXT) });
      const started = performance.now();
      const run = await generate({ config: { timeout_ms: 200 } });
      assert.ok(performance.now() - started < 1500, "the pipeline gave up at the timeout");
      const r = run.results[0]!;
      assert.equal(r.status, "failed");
      assert.deepEqual(r.error, { code: "provider_timeout", message: `no answer from ${server.baseURL} within 200 ms: raise timeout_ms or check the server` });
      assert.equal(run.fatal, null);
    });

    test("401 stops the run: fatal provider_auth, no further variant starts", async () => {
      server.enqueue(p.answer(GOOD_TEXT), error(401, "invalid x-api-key"));
      const variants = plan(4);
      const run = await generate({ variants, concurrency: 1, config: { max_retries: 3 } });
      assert.equal(run.fatal?.code, "provider_auth");
      assert.equal(
        run.fatal?.message,
        `${server.baseURL} refused the request (401, invalid x-api-key): check the key in ${p.keyEnv} (or set api_key_env in onbrand.yaml)`,
      );
      assert.deepEqual(run.results.map((r) => [r.variant.id, r.status]), [[variants[0]!.id, "passed"]]);
      assert.equal(run.cancelled, false);
      assert.equal(server.requests.length, 2);
      assert.deepEqual(sleeps, []);
    });

    test("401 while another variant is in flight: that request is aborted and nothing else starts", async () => {
      server.enqueue({ delayMs: 3000, then: p.answer(GOOD_TEXT) }, error(401, "invalid x-api-key"));
      const started = performance.now();
      const run = await generate({ variants: plan(5), concurrency: 2 });
      assert.ok(performance.now() - started < 2500, "the slow request was aborted, not awaited");
      assert.equal(run.fatal?.code, "provider_auth");
      assert.deepEqual(run.results, []);
      assert.equal(run.cancelled, false);
      assert.equal(server.requests.length, 2);
    });

    test("a refused connection stops the run: fatal provider_unreachable naming the URL", async () => {
      const url = await refusedURL();
      const run = await generate({ variants: plan(3), concurrency: 1, config: { base_url: url } });
      assert.equal(run.fatal?.code, "provider_unreachable");
      assert.equal(run.fatal?.message, `cannot reach ${url} (connection refused): start the server or set base_url`);
      assert.deepEqual(run.results, []);
      assert.equal(run.cancelled, false);
    });

    test("concurrency 3: never more than 3 requests in flight, and all 7 variants written", async () => {
      let inFlight = 0;
      let most = 0;
      const slow: ScriptedResponse = () => {
        inFlight++;
        most = Math.max(most, inFlight);
        return {
          delayMs: 150,
          then: () => {
            inFlight--;
            return p.answer(GOOD_TEXT);
          },
        };
      };
      for (let i = 0; i < 7; i++) server.enqueue(slow);
      const run = await generate({ variants: plan(7), concurrency: 3 });
      assert.equal(most, 3);
      assert.equal(server.requests.length, 7);
      assert.deepEqual(run.results.map((r) => r.status), Array(7).fill("passed"));
      assert.deepEqual(new Set(run.results.map((r) => r.variant.id)), new Set(plan(7).map((v) => v.id)));
    });

    test("cancelling mid-run keeps the finished variants and has no result for the aborted ones", async () => {
      const controller = new AbortController();
      // The first request answers at once; the next two hang until the run is cancelled.
      const hang: ScriptedResponse = () => {
        if (server.requests.length === 3) setTimeout(() => controller.abort(new Error("interrupted")), 20);
        return { delayMs: 5000, then: p.answer(GOOD_TEXT) };
      };
      server.enqueue(p.answer(GOOD_TEXT), hang, hang);
      const started = performance.now();
      const run = await generate({ variants: plan(5), concurrency: 2, signal: controller.signal });
      assert.ok(performance.now() - started < 2000, "requests in flight stop at the abort");
      assert.equal(run.cancelled, true);
      assert.equal(run.fatal, null);
      assert.deepEqual(run.results.map((r) => r.status), ["passed"]);
      assert.equal(server.requests.length, 3, "no variant starts after the abort");
    });

    test("a failure while recording a variant (a full disk) stops the run and is rethrown, not swallowed", async () => {
      for (let i = 0; i < 5; i++) server.enqueue(p.answer(GOOD_TEXT));
      const diskFull = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      let recorded = 0;
      await assert.rejects(
        generateVariants({
          kit,
          useCase: email,
          variants: plan(5),
          writer: { kind: "model", client: client() },
          concurrency: 1,
          onVariant: () => {
            recorded++;
            if (recorded === 2) throw diskFull;
          },
        }),
        diskFull,
      );
      assert.equal(recorded, 2);
      assert.equal(server.requests.length, 2, "no variant starts after the failure");
    });
  });
}

function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} is JSON`);
}
