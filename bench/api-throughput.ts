/**
 * API throughput: requests per second and p99 latency of `POST /api/check` with a ~1 KB structured
 * asset on the demo kit, against a bare Hono hello-world on @hono/node-server measured in the same
 * run as the ceiling; `GET /api/health` shows what the app's own layers (routing, body limit, error
 * handling) cost without the engine, and `check()` timed alone in this process shows what the engine
 * costs per request. Prints a table and, on a full run, rewrites the api section of
 * bench/RESULTS.md.
 *
 *   node bench/api-throughput.ts            # 10 s per target after a 2 s warm-up
 *   node bench/api-throughput.ts --quick    # 3 s per target; prints only
 *
 * Each server runs in its own process (bench/api-server.ts), pinned to the first core when taskset is
 * available; autocannon runs here, on the other. A server sharing its event loop with the load
 * generator would be measured together with it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { check } from "../src/core/engine/check.ts";
import { loadKit } from "../src/core/engine/load-kit.ts";
import { readWorkspace } from "../src/node/workspace.ts";
import { writeResultsSection } from "./results-file.ts";

const { values } = parseArgs({ options: { quick: { type: "boolean" } } });
const quick = values.quick === true;
const DURATION_S = quick ? 3 : 10;
const WARMUP_S = 2;
const CONNECTIONS = 50;
const GOALS = { ratio: 0.5, p99Ms: 20 };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverScript = path.join(root, "bench/api-server.ts");

/** A launch email as a team would check it before review: four fields, a few findings, ~1 KB of JSON. */
const ASSET = {
  channel: "email",
  locale: "en-US",
  id: "summer-launch-07",
  audience: "office-workers",
  fields: {
    subject: "Meet Fizzwell Citrus Lift, the afternoon pick-me-up",
    preheader: "Yuzu, lemon and a gentle lift from green tea. Contains caffeine.",
    body:
      "The 3 p.m. slump has met its match. Fizzwell Citrus Lift pairs bright yuzu and lemon with a gentle lift " +
      "from green tea, so the afternoon feels a little lighter without a sugar crash.\n\n" +
      "Each can has 35 calories and no added sugar. Keep a few in the office fridge and share them at the next " +
      "team meeting: it is the best soda for a long day. Order a 12-pack today and get free delivery on your " +
      "first box. Contains caffeine.\n\n" +
      "Not into caffeine? Fizzwell Original and Fizzwell Zero bring the same sparkle with hibiscus, ginger and lime. " +
      "Fizzwell Zero is sweetened with stevia leaf and has 5 calories a can, so the whole team can pick a favorite.",
    cta: "Find your can",
    footer: "You are getting this email because you joined Fizz Club. Manage your preferences at any time.",
  },
};
const CHECK_BODY = JSON.stringify({ asset: ASSET });

interface Target {
  name: string;
  server: "onbrand" | "hello";
  path: string;
  method: "GET" | "POST";
  body?: string;
}

const TARGETS: Target[] = [
  { name: "hello-world (ceiling)", server: "hello", path: "/", method: "GET" },
  { name: "POST /api/check (1 KB asset)", server: "onbrand", path: "/api/check", method: "POST", body: CHECK_BODY },
  { name: "GET /api/health", server: "onbrand", path: "/api/health", method: "GET" },
];

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
}

/** Median microseconds of one `check()` of the asset, in process, warm: the engine's share of a request. */
function engineMicroseconds(): number {
  const workspace = readWorkspace(path.join(root, "examples/demo/onbrand.yaml"));
  const { kit } = loadKit(workspace.files, { configFile: workspace.configFile });
  const asset = { path: "asset", content: JSON.stringify(ASSET), format: "json" as const };
  for (let i = 0; i < 500; i++) check(kit, asset);
  const times: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const start = process.hrtime.bigint();
    check(kit, asset);
    times.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const pinned = spawnSync("taskset", ["--version"]).status === 0;

async function startServer(kind: Target["server"]): Promise<{ child: ChildProcess; port: number; token?: string }> {
  const node = [process.execPath, serverScript, kind];
  const [command, ...args] = pinned ? ["taskset", "-c", "0", ...node] : node;
  const child = spawn(command as string, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { port, token } = await new Promise<{ port: number; token?: string }>((resolve, reject) => {
    child.once("message", (message) => resolve(message as { port: number; token?: string }));
    child.once("exit", (code) => reject(new Error(`bench/api-server.ts ${kind} exited with ${code} before listening`)));
  });
  return { child, port, token };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The request's headers: JSON for a body, the API token for the studio. */
function headersOf(target: Target, token: string | undefined): Record<string, string> {
  return { ...(target.body === undefined ? {} : { "content-type": "application/json" }), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
}

async function measure(target: Target, port: number, token: string | undefined): Promise<Figures> {
  const options = {
    url: `http://127.0.0.1:${port}${target.path}`,
    connections: CONNECTIONS,
    method: target.method,
    headers: headersOf(target, token),
    ...(target.body === undefined ? {} : { body: target.body }),
  };
  await autocannon({ ...options, duration: WARMUP_S });
  const result = await autocannon({ ...options, duration: DURATION_S });
  return {
    name: target.name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** One request before the run, so a broken endpoint fails the benchmark instead of timing 400s. */
async function probe(target: Target, port: number, token: string | undefined): Promise<string> {
  const init: RequestInit = { method: target.method, headers: headersOf(target, token), ...(target.body === undefined ? {} : { body: target.body }) };
  const response = await fetch(`http://127.0.0.1:${port}${target.path}`, init);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target.name} answered ${response.status}: ${text}`);
  return text;
}

console.log(`check request body: ${Buffer.byteLength(CHECK_BODY)} bytes; ${DURATION_S} s per target after ${WARMUP_S} s of warm-up`);
const load = () => os.loadavg()[0]?.toFixed(2) ?? "?";
const loadAtStart = load();
const figures: Figures[] = [];
let checkSample = "";
for (const target of TARGETS) {
  const { child, port, token } = await startServer(target.server);
  try {
    const answer = await probe(target, port, token);
    if (target.server === "onbrand" && target.method === "POST") checkSample = answer;
    const result = await measure(target, port, token);
    figures.push(result);
    console.log(`${result.name}: ${fmt(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
  } finally {
    await stopServer(child);
  }
}
const engineUs = engineMicroseconds();
console.log(`check() alone, in process: ${engineUs.toFixed(0)} µs median`);
const loadAtEnd = load();

const [ceiling, checkFigures] = figures;
if (!ceiling || !checkFigures) throw new Error("a target was not measured");
const ratio = checkFigures.requestsPerSecond / ceiling.requestsPerSecond;
const findings = (JSON.parse(checkSample) as { findings: { rule: string }[] }).findings.map((f) => f.rule);

const machine = `${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "unknown CPU"}, ${os.cpus().length} logical cores, ${os.platform()} ${os.release()}, Node ${process.version}`;
const table = [
  "| target | requests/s | p50 | p99 | requests | failed |",
  "|---|---:|---:|---:|---:|---:|",
  ...figures.map((f) => `| ${f.name} | ${fmt(f.requestsPerSecond)} | ${f.p50Ms} ms | ${f.p99Ms} ms | ${fmt(f.requests)} | ${f.failures} |`),
].join("\n");
const status = (met: boolean) => (met ? "met" : "**not met**");
const goals = [
  "| goal | measured | status |",
  "|---|---|---|",
  `| check >= ${GOALS.ratio * 100}% of the ceiling's requests/s | ${(ratio * 100).toFixed(0)}% | ${status(ratio >= GOALS.ratio)} |`,
  `| check p99 < ${GOALS.p99Ms} ms at ${CONNECTIONS} connections | ${checkFigures.p99Ms} ms | ${status(checkFigures.p99Ms < GOALS.p99Ms)} |`,
].join("\n");

const report = `# API throughput

Written by \`node bench/api-throughput.ts\`; see bench/README.md for how it works. Figures depend on the
machine: compare runs on the same one.

Machine: ${machine}; 1-minute load average ${loadAtStart} at the start, ${loadAtEnd} at the end.
Each server in its own process${pinned ? " pinned to core 0 (taskset), autocannon on the other core" : " (not pinned: no taskset)"};
autocannon, ${CONNECTIONS} connections, no pipelining, ${WARMUP_S} s warm-up then ${DURATION_S} s per target, loopback.
The check request is a ${Buffer.byteLength(CHECK_BODY)}-byte structured email asset with ${findings.length} findings (${findings.join(", ")}).

## Goals

${goals}

## Figures

${table}

Check / ceiling: ${(ratio * 100).toFixed(0)}% of the hello-world's requests per second.

The engine's share: \`check()\` of the same asset alone, in process, warm, takes ${engineUs.toFixed(0)} µs (median of 2,000),
so one core checks at most ${fmt(1e6 / engineUs)} of these assets a second before any HTTP work; the
measured check requests take ${fmt(1e6 / checkFigures.requestsPerSecond)} µs each, the hello-world's ${fmt(1e6 / ceiling.requestsPerSecond)} µs.
At ${CONNECTIONS} connections a request waits behind the others, so its latency is about ${CONNECTIONS} / (requests/s).
`;

console.log(`\n${table}\n\n${goals}\n\ncheck() alone: ${engineUs.toFixed(0)} µs; a check request: ${fmt(1e6 / checkFigures.requestsPerSecond)} µs\n`);
if (quick) console.log("(--quick: bench/RESULTS.md left as it is)");
else {
  writeResultsSection(path.join(root, "bench/RESULTS.md"), "api", report);
  console.log("bench/RESULTS.md: api section rewritten");
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
