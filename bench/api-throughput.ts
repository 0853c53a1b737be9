/**
 * API throughput: requests per second and p99 latency of `POST /api/check` with ~1 KB structured
 * assets on the demo kit, against a bare Hono hello-world on @hono/node-server measured in the same
 * run as the ceiling, and against a server that only reads the same requests and sends the same
 * answers (the floor of the request and answer themselves); `GET /api/health` shows what the app's
 * own layers (routing, body limit, error handling) cost without a caller or the engine. Every check
 * request is different: 16 assets with different copy, each sent with a fresh id. Each target is
 * measured in several rounds, one after the other, and the medians are reported. The engine alone
 * is timed in this process, and a CPU profile of the server under the check load says where a
 * request's time goes. Prints a table and,
 * on a full run, rewrites the api section of bench/RESULTS.md.
 *
 *   node bench/api-throughput.ts            # 3 rounds of 10 s per target after 2 s of warm-up
 *   node bench/api-throughput.ts --quick    # 1 round of 3 s per target; prints only
 *   node bench/api-throughput.ts --quick --save-profile check.cpuprofile   # keeps the check server's profile
 *
 * Each server runs in its own process (bench/api-server.ts), pinned to the first core when taskset is
 * available; autocannon runs here, pinned to the second. A server sharing its event loop or its core
 * with the load generator would be measured together with it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon, { type Result } from "autocannon";
import { checkParsed } from "../src/core/engine/check.ts";
import { loadKit } from "../src/core/engine/load-kit.ts";
import { structuredAsset } from "../src/core/parse/structured.ts";
import { readWorkspace } from "../src/node/workspace.ts";
import { emailAssets } from "./api-assets.ts";
import { writeResultsSection } from "./results-file.ts";

const { values } = parseArgs({ options: { quick: { type: "boolean" }, "save-profile": { type: "string" } } });
const quick = values.quick === true;
/** Where to write the check server's CPU profile (a `.cpuprofile` for Chrome's DevTools), if anywhere. */
const saveProfile = values["save-profile"];
const DURATION_S = quick ? 3 : 10;
const WARMUP_S = 2;
const ROUNDS = quick ? 1 : 3;
const PROFILE_S = quick ? 2 : 5;
const CONNECTIONS = 50;
const GOALS = { ratio: 0.5, p99Ms: 20 };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverScript = path.join(root, "bench/api-server.ts");

/** Launch emails as a team would check them before review: five fields, a few findings, ~1 KB of JSON. */
const ASSETS = emailAssets(16);
// autocannon puts a new random id in place of `[<id>]` in every request, so no two bodies are alike.
const CHECK_BODIES = ASSETS.map((asset) => JSON.stringify({ asset: { ...asset, id: "[<id>]" } }));
const bodyBytes = CHECK_BODIES.map((body) => Buffer.byteLength(body.replace("[<id>]", "x".repeat(24))));

interface Target {
  name: string;
  server: "onbrand" | "hello" | "onbrand-assets" | "onbrand-assets-postgres" | "answer";
  path: string;
  method: "GET" | "POST";
  bodies?: string[];
  /** GET paths the requests cycle through (default: `path`). */
  paths?: string[];
}

/** The asset list as a team browses it: the newest page, and pages filtered by status, kind and channel. */
const LIST_PATHS = ["/api/assets?limit=50", "/api/assets?status=published&limit=50", "/api/assets?kind=variant&limit=50", "/api/assets?channel=email&limit=50"];
const LIST_ASSETS = 10_000;

const TARGETS: Target[] = [
  { name: "hello-world (ceiling)", server: "hello", path: "/", method: "GET" },
  { name: "POST /api/check (1 KB asset)", server: "onbrand", path: "/api/check", method: "POST", bodies: CHECK_BODIES },
  { name: "the check's request and answer alone (no check)", server: "answer", path: "/api/check", method: "POST", bodies: CHECK_BODIES },
  { name: "GET /api/health", server: "onbrand", path: "/api/health", method: "GET" },
  { name: `GET /api/assets (${LIST_ASSETS.toLocaleString("en-US")} assets, 50 a page)`, server: "onbrand-assets", path: LIST_PATHS[0] as string, method: "GET", paths: LIST_PATHS },
  // The same list on PostgreSQL (a database of its own on DATABASE_URL's server) when there is one.
  ...(process.env.DATABASE_URL
    ? [{ name: "GET /api/assets on PostgreSQL (same)", server: "onbrand-assets-postgres", path: LIST_PATHS[0] as string, method: "GET", paths: LIST_PATHS } as const]
    : []),
];

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failures: number;
}

/** Median microseconds of the engine on one asset, as the route calls it (the asset already parsed), warm. */
function engineMicroseconds(): number {
  const workspace = readWorkspace(path.join(root, "examples/demo/onbrand.yaml"));
  const { kit } = loadKit(workspace.files, { configFile: workspace.configFile });
  const run = (i: number) => checkParsed(kit, "asset", structuredAsset(ASSETS[i % ASSETS.length] as (typeof ASSETS)[number]));
  for (let i = 0; i < 1_000; i++) run(i);
  const times: number[] = [];
  for (let i = 0; i < 4_000; i++) {
    const start = process.hrtime.bigint();
    run(i);
    times.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  return median(times);
}

const pinned = os.cpus().length >= 2 && spawnSync("taskset", ["--version"]).status === 0;
// The load generator on the second core, so the server has the first to itself.
if (pinned) spawnSync("taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });

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
  // Time to drop a PostgreSQL target's database of 10,000 assets before the kill.
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

/** The request's headers: JSON for a body, the API token for the studio. */
function headersOf(target: Target, token: string | undefined): Record<string, string> {
  return { ...(target.bodies === undefined ? {} : { "content-type": "application/json" }), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
}

function load(target: Target, port: number, token: string | undefined, duration: number): Promise<Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}${target.path}`,
    connections: CONNECTIONS,
    method: target.method,
    headers: headersOf(target, token),
    duration,
    ...(target.bodies === undefined ? {} : { requests: target.bodies.map((body) => ({ body })), idReplacement: true }),
    ...(target.paths === undefined ? {} : { requests: target.paths.map((path) => ({ path })) }),
  });
}

async function measure(target: Target, port: number, token: string | undefined): Promise<Figures> {
  await load(target, port, token, WARMUP_S);
  const result = await load(target, port, token, DURATION_S);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** Every check body once before the run, so a broken endpoint fails the benchmark instead of timing 400s. */
async function probe(target: Target, port: number, token: string | undefined): Promise<string[]> {
  const answers: string[] = [];
  for (const [i, body] of (target.bodies ?? target.paths ?? [undefined]).entries()) {
    const init: RequestInit = { method: target.method, headers: headersOf(target, token), ...(target.bodies === undefined || body === undefined ? {} : { body: body.replace("[<id>]", "probe") }) };
    const response = await fetch(`http://127.0.0.1:${port}${target.paths?.[i] ?? target.path}`, init);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${target.name} answered ${response.status}: ${text}`);
    answers.push(text);
  }
  return answers;
}

/** The server's CPU time under the check load, by where it goes, in percent of the samples. */
async function profileCheck(target: Target): Promise<Array<{ area: string; percent: number }>> {
  const { child, port, token } = await startServer(target.server);
  try {
    await load(target, port, token, WARMUP_S);
    const reply = (key: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const listener = (message: Record<string, unknown>) => {
          if (!(key in message)) return;
          child.off("message", listener);
          resolve(message);
        };
        child.on("message", listener);
      });
    const started = reply("profiling");
    child.send({ profile: "start" });
    await started;
    await load(target, port, token, PROFILE_S);
    const stopped = reply("profile");
    child.send({ profile: "stop" });
    const profile = (await stopped).profile as CpuProfile;
    if (saveProfile !== undefined) writeFileSync(saveProfile, JSON.stringify(profile));
    return byArea(profile);
  } finally {
    await stopServer(child);
  }
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a sample's own time counts, by the function's file (the first area that matches). */
const AREAS: Array<[string, RegExp]> = [
  ["engine (src/core, src/format)", /\/src\/(core|format)\//],
  ["database (PGlite, drizzle, src/store)", /@electric-sql|^wasm:|drizzle-orm|\/src\/store\//],
  ["request validation (zod)", /\/zod\/|zod-openapi|zod-to-openapi/],
  ["server (src/server, src/studio)", /\/src\/(server|studio)\//],
  ["HTTP (hono, @hono/node-server, node:http, sockets)", /\/hono\/|@hono\/node-server|^node:(_http|net|internal\/(streams|stream_base|http|url|webstreams|deps\/undici))|^node:stream|^writev$|^writeBuffer$|^writeUtf8String$|^(onStreamRead|onread)$/],
  ["garbage collection", /^\(garbage collector\)$/],
  ["idle", /^\(idle\)$/],
];

function byArea(profile: CpuProfile): Array<{ area: string; percent: number }> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const time = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    const where = frame ? frame.url || frame.functionName : "";
    const area = AREAS.find(([, pattern]) => pattern.test(where))?.[0] ?? "other (node internals, JSON, microtasks)";
    const delta = profile.timeDeltas[i] ?? 0;
    time.set(area, (time.get(area) ?? 0) + delta);
    total += delta;
  });
  return [...time].map(([area, t]) => ({ area, percent: (100 * t) / total })).sort((a, b) => b.percent - a.percent);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

console.log(
  `check request bodies: ${CHECK_BODIES.length} assets, ${Math.min(...bodyBytes)}-${Math.max(...bodyBytes)} bytes; ` +
    `${ROUNDS} round(s) of ${DURATION_S} s per target after ${WARMUP_S} s of warm-up`,
);
const loadAverage = () => os.loadavg()[0]?.toFixed(2) ?? "?";
const loadAtStart = loadAverage();
const rounds = new Map<Target, Figures[]>(TARGETS.map((target) => [target, []]));
const findings: string[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const target of TARGETS) {
    const { child, port, token } = await startServer(target.server);
    try {
      const answers = await probe(target, port, token);
      if (round === 1 && target.server === "onbrand" && target.bodies) for (const answer of answers) findings.push(...(JSON.parse(answer) as { findings: { rule: string }[] }).findings.map((f) => f.rule));
      const result = await measure(target, port, token);
      rounds.get(target)?.push(result);
      console.log(`round ${round}, ${target.name}: ${fmt(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    } finally {
      await stopServer(child);
    }
  }
}
const checkTarget = TARGETS[1] as Target;
const areas = await profileCheck(checkTarget);
const engineUs = engineMicroseconds();
console.log(`engine alone, in process: ${engineUs.toFixed(0)} µs median per asset`);
const loadAtEnd = loadAverage();

const summary = TARGETS.map((target) => {
  const all = rounds.get(target) ?? [];
  return {
    name: target.name,
    requestsPerSecond: median(all.map((f) => f.requestsPerSecond)),
    range: all.map((f) => f.requestsPerSecond),
    p50Ms: median(all.map((f) => f.p50Ms)),
    p99Ms: median(all.map((f) => f.p99Ms)),
    p99Range: all.map((f) => f.p99Ms),
    requests: all.reduce((sum, f) => sum + f.requests, 0),
    failures: all.reduce((sum, f) => sum + f.failures, 0),
  };
});
const [ceiling, checkFigures, floor, , listFigures, postgresListFigures] = summary;
if (!ceiling || !checkFigures || !floor) throw new Error("a target was not measured");
const ratio = checkFigures.requestsPerSecond / ceiling.requestsPerSecond;
const checkUs = 1e6 / checkFigures.requestsPerSecond;
const spread = (values: number[], unit = "") => (values.length > 1 ? ` (${fmt(Math.min(...values))}–${fmt(Math.max(...values))}${unit})` : "");

const machine = `${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ") ?? "unknown CPU"}, ${os.cpus().length} logical cores, ${os.platform()} ${os.release()}, Node ${process.version}`;
const table = [
  "| target | requests/s | p50 | p99 | requests | failed |",
  "|---|---:|---:|---:|---:|---:|",
  ...summary.map((f) => `| ${f.name} | ${fmt(f.requestsPerSecond)}${spread(f.range)} | ${f.p50Ms} ms | ${f.p99Ms} ms${spread(f.p99Range, " ms")} | ${fmt(f.requests)} | ${f.failures} |`),
].join("\n");
const status = (met: boolean) => (met ? "met" : "**not met**");
const goals = [
  "| goal | measured | status |",
  "|---|---|---|",
  `| check >= ${GOALS.ratio * 100}% of the ceiling's requests/s | ${(ratio * 100).toFixed(1)}% | ${status(ratio >= GOALS.ratio)} |`,
  `| check p99 < ${GOALS.p99Ms} ms at ${CONNECTIONS} connections | ${checkFigures.p99Ms} ms | ${status(checkFigures.p99Ms < GOALS.p99Ms)} |`,
].join("\n");
const areaTable = ["| where | share of the server's CPU time |", "|---|---:|", ...areas.map((a) => `| ${a.area} | ${a.percent.toFixed(1)}% |`)].join("\n");
const ruleCounts = [...new Set(findings)].map((rule) => `${rule} ${findings.filter((f) => f === rule).length}`).join(", ");

const report = `# API throughput

Written by \`node bench/api-throughput.ts\`; see bench/README.md for how it works. Figures depend on the
machine and on what else runs on it: compare runs on the same one.

Machine: ${machine}; 1-minute load average ${loadAtStart} at the start, ${loadAtEnd} at the end.
Each server in its own process${pinned ? " pinned to core 0 (taskset), autocannon pinned to core 1" : " (not pinned: no taskset or one core)"};
autocannon, ${CONNECTIONS} connections, no pipelining, loopback; ${ROUNDS} rounds of ${WARMUP_S} s warm-up then ${DURATION_S} s per
target, one target after the other; the figures are the medians of the rounds (the range in brackets).
The check requests cycle through ${CHECK_BODIES.length} structured email assets of ${Math.min(...bodyBytes)}-${Math.max(...bodyBytes)} bytes, each
with different copy and a new id in every request; together they have ${findings.length} findings on the demo kit (${ruleCounts}).

## Goals

${goals}

## Figures

${table}

Check / ceiling: ${(ratio * 100).toFixed(1)}% of the hello-world's requests per second.
The check's request and answer alone: ${((100 * floor.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1)}% of the ceiling. That server reads the same bodies and sends the same
answers (worked out before the run) on the same adapter, with no token, validation or engine: no check
endpoint with this request and answer can beat it. The check endpoint makes ${((100 * checkFigures.requestsPerSecond) / floor.requestsPerSecond).toFixed(1)}% of its requests/s.
Asset list / ceiling: ${listFigures ? ((100 * listFigures.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1) : "?"}% (the list requests cycle through ${LIST_PATHS.length} pages: ${LIST_PATHS.map((p) => `\`${p.replace("/api/assets", "")}\``).join(", ")}, over ${LIST_ASSETS.toLocaleString("en-US")} assets in the caller's workspace, on the embedded database).
${
  postgresListFigures
    ? `On PostgreSQL (DATABASE_URL's server on this machine; its processes are not pinned, so they share both cores with the
load generator): ${((100 * postgresListFigures.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1)}% of the ceiling.`
    : "Not measured on PostgreSQL in this run (DATABASE_URL was not set)."
}

A check request takes ${fmt(checkUs)} µs of the server's core (1 / requests per second), the hello-world ${fmt(1e6 / ceiling.requestsPerSecond)} µs.
The engine's share: checking one of the assets alone, in process, warm, as the route does (the asset
parsed already), takes ${engineUs.toFixed(0)} µs (median of 4,000). At ${CONNECTIONS} connections a request waits behind the
others, so its latency is about ${CONNECTIONS} / (requests/s).

## Where a check request's time goes

A CPU profile of the check server under the same load (${PROFILE_S} s), by the file of the function running:

${areaTable}
`;

console.log(`\n${table}\n\n${goals}\n\n${areaTable}\n\nengine alone: ${engineUs.toFixed(0)} µs; a check request: ${fmt(checkUs)} µs\n`);
if (quick) console.log("(--quick: bench/RESULTS.md left as it is)");
else {
  writeResultsSection(path.join(root, "bench/RESULTS.md"), "api", report);
  console.log("bench/RESULTS.md: api section rewritten");
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
