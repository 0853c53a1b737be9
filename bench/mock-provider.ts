/**
 * A stand-in model provider for bench/generate-throughput.ts, in its own process so its CPU time
 * is not counted as the pipeline's. It speaks the OpenAI Chat Completions protocol (the test
 * suite's mock server), answers every request after `--delay-ms` with the answer given in
 * `--answer-file`, and enforces `--rpm` like a provider does: a token bucket holding one second of
 * requests, refilled continuously; a request over the limit gets 429 with Retry-After.
 *
 * Prints `{"baseURL": ..., "port": ...}` on stdout once listening; on SIGTERM prints
 * `{"requests": n, "rateLimited": n}` and exits.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openaiAnswer, type ScriptedResponse, startMockLlmServer } from "../test/providers/mock-llm-server.ts";

const { values } = parseArgs({
  options: { "delay-ms": { type: "string" }, rpm: { type: "string" }, "answer-file": { type: "string" }, "prompt-tokens": { type: "string" } },
});
const delayMs = Number(values["delay-ms"] ?? 500);
const rpm = Number(values.rpm ?? 600);
const answer = readFileSync(values["answer-file"] ?? "", "utf8");
const promptTokens = Number(values["prompt-tokens"] ?? 3000);

const capacity = Math.max(1, rpm / 60);
let tokens = capacity;
let refilledAt = performance.now();
let served = 0;
let limited = 0;

function admit(): boolean {
  const now = performance.now();
  tokens = Math.min(capacity, tokens + ((now - refilledAt) / 60_000) * rpm);
  refilledAt = now;
  if (tokens >= 1) {
    tokens -= 1;
    return true;
  }
  return false;
}

const ok = openaiAnswer(answer, { input: promptTokens, output: 180, cached: Math.floor(promptTokens * 0.9) });
const step: ScriptedResponse = () => {
  if (!admit()) {
    limited++;
    return { status: 429, headers: { "retry-after": "1" }, body: { error: { message: "Rate limit reached for requests", type: "requests" } } };
  }
  served++;
  return { delayMs, then: ok };
};

const server = await startMockLlmServer();
// Enough script for any run: every request takes the same step.
for (let i = 0; i < 20; i++) server.enqueue(...Array.from({ length: 10_000 }, () => step));
process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`);
process.on("SIGTERM", () => {
  process.stdout.write(`${JSON.stringify({ requests: served, rateLimited: limited })}\n`);
  void server.close().then(() => process.exit(0));
});
