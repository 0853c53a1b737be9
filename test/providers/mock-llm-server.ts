import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server on 127.0.0.1 that answers like the OpenAI Chat Completions API
 * (POST /v1/chat/completions) and the Anthropic Messages API (POST /v1/messages), from a script
 * of responses the test queues. Every request is recorded (headers and parsed body) so tests can
 * assert exactly what a client sent.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case header names, as node:http gives them. */
  headers: Record<string, string>;
  /** The JSON body parsed; the raw text when it is not JSON. */
  body: unknown;
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string, which is sent as is. */
  body?: unknown;
}

/** An answer, an answer sent after a delay, or a function of the request that picks one. */
export type ScriptedResponse =
  | ScriptedAnswer
  | { delayMs: number; then: ScriptedResponse }
  | ((request: RecordedRequest) => ScriptedResponse);

export interface MockLlmServer {
  /** `http://127.0.0.1:<port>/v1`, what a client takes as its base URL. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Queues responses, answered in order; an empty queue answers 500 so a missing script fails loudly. */
  enqueue(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

export async function startMockLlmServer(): Promise<MockLlmServer> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Keep the raw text; the test will see it.
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const request: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers, body };
    requests.push(request);
    const next = queue.shift() ?? { status: 500, body: { error: { message: "mock: no scripted response left", type: "server_error" } } };
    await respond(next, request, res);
  }

  async function respond(step: ScriptedResponse, request: RecordedRequest, res: ServerResponse): Promise<void> {
    if (typeof step === "function") return respond(step(request), request, res);
    if ("delayMs" in step) {
      // Stop waiting when the client gives up (its timeout aborts the socket).
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), step.delayMs);
        res.once("close", () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (closed) return;
      return respond(step.then, request, res);
    }
    if (res.destroyed) return;
    const text = typeof step.body === "string" ? step.body : JSON.stringify(step.body ?? {});
    res.writeHead(step.status ?? 200, { "content-type": "application/json", ...step.headers });
    res.end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Token counts of a scripted answer; `cached` is the part of `input` read from the prompt cache. */
export interface MockUsage {
  input: number;
  output: number;
  cached: number;
}

const DEFAULT_USAGE: MockUsage = { input: 12, output: 5, cached: 0 };

/** A Chat Completions answer (also what OpenAI-compatible servers send). */
export function openaiAnswer(content: string, usage: MockUsage = DEFAULT_USAGE): ScriptedResponse {
  return (request) => ({
    status: 200,
    body: {
      id: "chatcmpl-mock",
      object: "chat.completion",
      created: 1_700_000_000,
      model: (request.body as { model?: string }).model ?? "mock",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: {
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
        prompt_tokens_details: { cached_tokens: usage.cached },
      },
    },
  });
}

/**
 * A Messages API answer. `usage.input` counts all input tokens; on the wire Anthropic reports the
 * uncached part as input_tokens and the cached part as cache_read_input_tokens. When the client
 * asked for JSON through the `json` tool (models without native structured output), the answer
 * comes back as that tool's call, as the real API does.
 */
export function anthropicAnswer(content: string, usage: MockUsage = DEFAULT_USAGE): ScriptedResponse {
  return (request) => {
    const body = request.body as { model?: string; tools?: { name: string }[] };
    const viaTool = body.tools?.some((t) => t.name === "json") ?? false;
    const block = viaTool ? { type: "tool_use", id: "toolu_mock", name: "json", input: JSON.parse(content) as unknown } : { type: "text", text: content };
    return {
      status: 200,
      body: {
        id: "msg_mock",
        type: "message",
        role: "assistant",
        model: body.model ?? "mock",
        content: [block],
        stop_reason: viaTool ? "tool_use" : "end_turn",
        stop_sequence: null,
        usage: {
          input_tokens: usage.input - usage.cached,
          output_tokens: usage.output,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: usage.cached,
        },
      },
    };
  };
}

/** An error answer in the shape of either protocol. */
export function errorAnswer(protocol: "openai" | "anthropic", status: number, message: string, headers: Record<string, string> = {}): ScriptedAnswer {
  const body =
    protocol === "anthropic"
      ? { type: "error", error: { type: status === 429 ? "rate_limit_error" : status === 401 ? "authentication_error" : "api_error", message } }
      : { error: { message, type: status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_request_error" : "server_error", param: null, code: null } };
  return { status, headers, body };
}

/** A URL on which nothing listens (a port that was free a moment ago): a refused connection. */
export async function refusedURL(): Promise<string> {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
