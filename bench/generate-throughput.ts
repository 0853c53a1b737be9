/**
 * Generation throughput: `onbrand generate`'s pipeline (compile, rate limit, model call, check,
 * journal, asset file) over a stand-in provider that answers in 500 ms and allows 600 requests a
 * minute. Measures how close the run gets to the limit, the pipeline's own CPU time per variant,
 * and the share of each prompt's tokens that is the shared (cacheable) prefix. Prints a table and,
 * on a full run, rewrites the generation section of bench/RESULTS.md.
 *
 *   node bench/generate-throughput.ts            # 1,000 variants (about 100 s at 600 requests/min)
 *   node bench/generate-throughput.ts --quick    # 100 variants, prints only
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadKit } from "../src/core/engine/load-kit.ts";
import { generateFromTemplate } from "../src/core/generate/template-generator.ts";
import { percentile } from "../src/core/generate/run-summary.ts";
import { planVariants, type PlannedVariant } from "../src/core/generate/variant-plan.ts";
import { validateBrief } from "../src/core/library/brief.ts";
import { checkOutput } from "../src/core/library/check-output.ts";
import { loadLibrary } from "../src/core/library/load-library.ts";
import { compilePrompt } from "../src/core/prompt/compile-prompt.ts";
import { generateVariants, type VariantResult, type Writer } from "../src/generate/generate-variants.ts";
import { createRateLimiter } from "../src/generate/rate-limiter.ts";
import { openJournal, writeFileAtomic } from "../src/generate/run-journal.ts";
import { readWorkspace } from "../src/node/workspace.ts";
import { createModelClient, type ModelClient } from "../src/providers/model-client.ts";
import { parseProviderConfig } from "../src/providers/provider-config.ts";
import { countTokens } from "../src/tokenizer/count-tokens.ts";
import { writeResultsSection } from "./results-file.ts";

const { values } = parseArgs({ options: { quick: { type: "boolean" }, variants: { type: "string" } } });
const root = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const VARIANTS = Number(values.variants ?? (values.quick ? 100 : 1000));
const DELAY_MS = 500;
const RPM = 600;
const CONCURRENCY = 8;
const USE_CASE = "email";
const PIPELINE_RUNS = 5;

const workspace = readWorkspace(path.join(root, "examples/demo/onbrand.yaml"));
const { kit } = loadKit(workspace.files, { configFile: workspace.configFile });
const { library } = loadLibrary(kit, workspace.files);
const found = library.get(USE_CASE);
if (!found) throw new Error(`the demo has no ${USE_CASE} use case`);
const useCase = found;
const brief = validateBrief(useCase, useCase.examples[0]?.brief ?? {}).brief;
if (!brief) throw new Error("the demo email's first example brief is not valid");

// Every audience x region of the use case, as many times as it takes to reach VARIANTS.
const targets = planVariants(kit, useCase, [brief]).variants.length;
const plan = planVariants(kit, useCase, [brief], { count: Math.ceil(VARIANTS / targets) });
const variants = plan.variants.slice(0, VARIANTS);

// One answer that passes the kit's checks on every target, so every variant is one request.
const first = variants[0] as PlannedVariant;
const answerFields = generateFromTemplate(kit, useCase, brief, first.target);
for (const v of variants.slice(0, targets)) {
  const errors = checkOutput(kit, useCase, v.target, answerFields).findings.filter((f) => f.level === "error");
  if (errors.length > 0) throw new Error(`the canned answer fails ${errors.map((f) => f.rule).join(", ")} on ${v.target.audience?.id}`);
}
const answer = JSON.stringify({ fields: answerFields });

// Prefix share: the system message's tokens over the whole prompt's, for every variant.
const shares: number[] = [];
const promptTokens: number[] = [];
let prefixTokens = 0;
for (const v of variants) {
  const prompt = compilePrompt(kit, useCase, v.brief, v.target);
  prefixTokens ||= countTokens(prompt.prefix);
  const total = prefixTokens + countTokens(prompt.messages[1]?.content ?? "");
  promptTokens.push(total);
  shares.push(prefixTokens / total);
}

/** The same per-variant work as `onbrand generate`: the asset file (not fsynced), then the journal line (fsynced each second). */
async function runPipeline(writer: Writer, limiter: ReturnType<typeof createRateLimiter> | undefined) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "onbrand-bench-generate-"));
  const journal = await openJournal(path.join(dir, ".onbrand", "journal.jsonl"), { plan: plan.planHash }, { resume: false, syncIntervalMs: 1000 });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const run = await generateVariants({
    kit,
    useCase,
    variants,
    writer,
    concurrency: CONCURRENCY,
    limiter,
    estimateTokens: () => 0,
    onVariant: async (result: VariantResult) => {
      if (result.asset) await writeFileAtomic(path.join(dir, `${result.variant.id}.json`), result.asset, { sync: false });
      await journal.append({ type: "variant", id: result.variant.id, status: result.status, tokens: result.tokens, latencies_ms: result.latenciesMs });
    },
  });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
  const statuses = new Map<string, number>();
  for (const r of run.results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  const latencies = run.results.flatMap((r) => r.latenciesMs);
  return { wallMs, cpuMsPerVariant: (used.user + used.system) / 1000 / variants.length, statuses, latencies, results: run.results.length };
}

async function startProvider(): Promise<{ baseURL: string; stop: () => Promise<{ requests: number; rateLimited: number }> }> {
  const answerFile = path.join(os.tmpdir(), `onbrand-bench-answer-${process.pid}.json`);
  writeFileSync(answerFile, answer);
  const child = spawn(
    process.execPath,
    [path.join(root, "bench/mock-provider.ts"), "--delay-ms", String(DELAY_MS), "--rpm", String(RPM), "--answer-file", answerFile, "--prompt-tokens", String(Math.round(percentile(promptTokens, 0.5) ?? 0))],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const { baseURL } = JSON.parse(String((await lines.next()).value)) as { baseURL: string };
  return {
    baseURL,
    stop: async () => {
      child.kill("SIGTERM");
      const counts = JSON.parse(String((await lines.next()).value)) as { requests: number; rateLimited: number };
      rmSync(answerFile, { force: true });
      return counts;
    },
  };
}

/** A client that answers at once in process: the pipeline's own work with no network and no model. */
function instantClient(): ModelClient {
  return {
    id: "bench:instant",
    generate: async () => ({ text: answer, output: JSON.parse(answer) as unknown, usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 }, latencyMs: 0, attempts: 1 }),
  };
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

console.log(`${variants.length} variants of ${USE_CASE} (${targets} targets), provider answering in ${DELAY_MS} ms, limit ${RPM} requests/min, concurrency ${CONCURRENCY}`);

// Pipeline alone (no HTTP): median of several runs after one warm-up run.
await runPipeline({ kind: "model", client: instantClient() }, undefined);
const pipelineRuns = [];
for (let i = 0; i < PIPELINE_RUNS; i++) pipelineRuns.push(await runPipeline({ kind: "model", client: instantClient() }, undefined));
const pipelineCpu = percentile(pipelineRuns.map((r) => r.cpuMsPerVariant), 0.5) ?? 0;
const templateRuns = [];
for (let i = 0; i < PIPELINE_RUNS; i++) templateRuns.push(await runPipeline({ kind: "template" }, undefined));
const templateCpu = percentile(templateRuns.map((r) => r.cpuMsPerVariant), 0.5) ?? 0;
console.log(`pipeline CPU per variant, no model (median of ${PIPELINE_RUNS}): ${fmt(pipelineCpu, 3)} ms; template provider: ${fmt(templateCpu, 3)} ms`);

// Over HTTP against the rate-limited provider.
const provider = await startProvider();
const client = createModelClient(parseProviderConfig({ provider: "openai", model: "gpt-4.1-mini", base_url: provider.baseURL }), { OPENAI_API_KEY: "bench-key" });
const http = await runPipeline({ kind: "model", client }, createRateLimiter({ requestsPerMinute: RPM }));
const served = await provider.stop();
const perMinute = (http.results / http.wallMs) * 60_000;
const ideal = Math.ceil(variants.length / (RPM / 60)) * 1000;
console.log(
  `http: ${http.results} variants in ${fmt(http.wallMs / 1000)} s = ${fmt(perMinute)} variants/min, ${fmt((perMinute / RPM) * 100)}% of the limit; ` +
    `${served.rateLimited} answered 429; CPU per variant ${fmt(http.cpuMsPerVariant, 3)} ms (pipeline + HTTP client); latency p50 ${percentile(http.latencies, 0.5)} ms, p95 ${percentile(http.latencies, 0.95)} ms`,
);
const shareMin = Math.min(...shares);
const shareMedian = percentile(shares, 0.5) ?? 0;
console.log(`prefix: ${prefixTokens} tokens; share of each prompt: min ${fmt(shareMin * 100)}%, median ${fmt(shareMedian * 100)}% (o200k_base)`);

const machine = `${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${os.cpus().length} logical cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; 1-minute load average ${fmt(os.loadavg()[0] ?? 0, 2)} at the end`;
const statusLine = [...http.statuses].map(([s, n]) => `${n} ${s}`).join(", ");
const report = `# Generation throughput

Written by \`node bench/generate-throughput.ts\`; see bench/README.md for how it works.

Machine: ${machine}.
Run: ${variants.length} variants of the demo \`${USE_CASE}\` use case (${targets} audience x region targets), a stand-in
OpenAI-protocol provider in its own process answering each request in ${DELAY_MS} ms and allowing ${RPM} requests
a minute (a token bucket of one second's requests; over it: 429 with Retry-After), concurrency ${CONCURRENCY},
\`requests_per_minute: ${RPM}\`. Every variant writes its asset file and its journal line, fsynced each second, as \`onbrand generate\` does.

| goal | measured | status |
|---|---|---|
| 1,000 variants reach >= 90% of the 600 requests/min limit | ${fmt(perMinute)} variants/min = ${fmt((perMinute / RPM) * 100)}% (${fmt(http.wallMs / 1000)} s; the limit allows ${fmt(ideal / 1000, 0)} s) | ${perMinute / RPM >= 0.9 ? "met" : "**not met**"} |
| pipeline CPU per variant, excluding the model, < 2 ms | ${fmt(pipelineCpu, 3)} ms (median of ${PIPELINE_RUNS} runs) | ${pipelineCpu < 2 ? "met" : "**not met**"} |
| shared prefix >= 80% of each prompt's tokens | min ${fmt(shareMin * 100)}%, median ${fmt(shareMedian * 100)}% | ${shareMin >= 0.8 ? "met" : "**not met**"} |

- Outcome of the HTTP run: ${statusLine}; ${served.rateLimited} request${served.rateLimited === 1 ? "" : "s"} answered 429 by the provider.
- CPU per variant including the AI SDK's HTTP client (the HTTP run): ${fmt(http.cpuMsPerVariant, 3)} ms.
- Pipeline CPU per variant with the template provider (no model at all): ${fmt(templateCpu, 3)} ms.
- Request latency in the HTTP run: p50 ${percentile(http.latencies, 0.5)} ms, p95 ${percentile(http.latencies, 0.95)} ms.
- Prompt: ${prefixTokens}-token prefix (o200k_base), ${percentile(promptTokens, 0.5)} tokens per prompt (median).
`;
console.log(`\n${report}`);
if (!values.quick && values.variants === undefined) {
  writeResultsSection(path.join(root, "bench", "RESULTS.md"), "generate", report);
  console.log("wrote the generation section of bench/RESULTS.md");
}
