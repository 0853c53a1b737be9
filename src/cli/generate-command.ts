import { readFileSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { type Diagnostic, KitError, UsageError } from "../core/errors.ts";
import type { Kit } from "../core/engine/load-kit.ts";
import { summarizeRun, type VariantOutcome, type VariantStatus } from "../core/generate/run-summary.ts";
import { planVariants, targetKey, type PlannedVariant } from "../core/generate/variant-plan.ts";
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_REPAIRS, PROVIDERS } from "../core/kit/provider-schema.ts";
import { parseYamlFile } from "../core/kit/yaml-file.ts";
import type { Brief, UseCase } from "../core/library/library.ts";
import type { Output } from "../core/library/usecase-schema.ts";
import { compilePrompt } from "../core/prompt/compile-prompt.ts";
import { formatRunSummary } from "../format/run-summary.ts";
import { generateVariants, type VariantResult } from "../generate/generate-variants.ts";
import { createWriter, promptTokenCounter, resolveRunSettings, runLimits, type RunSettings } from "../generate/run-settings.ts";
import { openJournal, writeFileAtomic, type Journal } from "../generate/run-journal.ts";
import { readTextFile } from "../node/read-text-file.ts";
import type { ChatMessage } from "../providers/model-client.ts";
import type { ProviderConfig } from "../providers/provider-config.ts";
import { briefHelp, findUseCase, parseSet, printBriefHint, readBriefBatch, readBriefInput, targetProblems } from "./brief-input.ts";
import { generateOnServer } from "./remote-generate.ts";
import { serverClient } from "./server-client.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { loadWorkspace } from "./load-workspace.ts";
import { oneOf, parseCommandArgs } from "./parse-options.ts";
import { createProgress } from "./progress.ts";

export const usage = `Usage: onbrand generate <use case> [options]

Writes variants of a use case with a model (or the offline template provider), checks each one
against the brand kit, re-asks the model with the findings until it passes, and writes one
structured asset per variant (checkable with \`onbrand check\`) plus a run summary.
\`onbrand generate <use case> --help\` lists the use case's brief fields.

Brief
  --brief FILE           the brief as YAML or JSON (- reads stdin)
  --set FIELD=VALUE      set one brief field; repeatable, wins over --brief (a list: a,b,c)
  --briefs FILE          a batch: a YAML/JSON list of briefs or JSON Lines, one variant set each
  --master FILE          an approved master asset to adapt (structured asset, or text)

Targets (default: the use case's variants: channels x audiences x regions)
  --channel ID[,ID]      channels; repeatable
  --audience ID[,ID]     audiences; repeatable
  --region ID[,ID]       regions; repeatable
  --count N              variants per brief and target (default 1)

Model (default: generate in onbrand.yaml, then the use case's generate)
  --provider NAME        ${PROVIDERS.join(", ")}
  --model ID             model id, e.g. gpt-4.1-mini
  --base-url URL         endpoint, e.g. http://localhost:11434/v1
  --max-repairs N        re-asks of an off-brand answer (default ${DEFAULT_MAX_REPAIRS})
  --concurrency N        requests in flight (default ${DEFAULT_CONCURRENCY})
  --rpm N                requests-per-minute limit
  --tpm N                tokens-per-minute limit
  --timeout-ms N         most time one request may take

Run
  --out DIR              where the variants go (default generated/<use case>)
  --resume               continue a stopped run in --out without redoing finished variants
  --dry-run              print the plan (variants, prompt tokens) and send nothing
  --format FORMAT        text (default) or json (the run summary on stdout)
  --config FILE          use this onbrand.yaml instead of looking for one
  --server URL           run on a studio (its kit, library, provider and keys) and download the
                         variants into --out (or ONBRAND_SERVER); the API token comes from ONBRAND_TOKEN
  -h, --help             show this help

API keys come from the environment only (OPENAI_API_KEY, ANTHROPIC_API_KEY, or api_key_env).
Ctrl-C stops cleanly: finished variants are kept and --resume continues.
Exit codes: 0 every variant passed or was repaired, 1 some need review, failed or were not run,
2 usage, kit, brief or provider setup errors, 130 stopped by Ctrl-C.
`;

const OPTIONS = {
  brief: { type: "string" },
  set: { type: "string", multiple: true },
  briefs: { type: "string" },
  master: { type: "string" },
  channel: { type: "string", multiple: true },
  audience: { type: "string", multiple: true },
  region: { type: "string", multiple: true },
  count: { type: "string" },
  provider: { type: "string" },
  model: { type: "string" },
  "base-url": { type: "string" },
  "max-repairs": { type: "string" },
  concurrency: { type: "string" },
  rpm: { type: "string" },
  tpm: { type: "string" },
  "timeout-ms": { type: "string" },
  out: { type: "string", short: "o" },
  resume: { type: "boolean" },
  "dry-run": { type: "boolean" },
  format: { type: "string", short: "f" },
  config: { type: "string" },
  server: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Options a run on a studio does not take: the studio's settings and queue decide them. */
const LOCAL_ONLY = ["briefs", "master", "base-url", "concurrency", "rpm", "tpm", "timeout-ms", "resume", "dry-run", "config"] as const;

const FORMATS = ["text", "json"] as const;
export const EXIT_INTERRUPTED = 130;
/** Where a run keeps its journal and summary inside --out; a dot folder, so `onbrand check DIR` skips it. */
export const RUN_FOLDER = ".onbrand";
const MAX_MASTER_BYTES = 1024 * 1024;
/** The model's answer is at most this long in the journal (a failed variant's raw answer). */
const MAX_RAW_IN_JOURNAL = 8000;

/** One line of the journal: a finished variant. */
interface VariantRecord {
  type: "variant";
  id: string;
  status: VariantStatus;
  file: string | null;
  target: { channel: string | null; audience: string | null; region: string | null };
  brief_index: number;
  variant: number;
  model: string;
  prompt_prefix_hash: string;
  answers: number;
  repairs: number;
  tokens: { input: number; output: number; cached_input: number };
  latencies_ms: number[];
  requests: number;
  findings: { error: number; warning: number; suggestion: number };
  error: { code: string; message: string } | null;
  raw_answer: string | null;
  finished_at: string;
  [key: string]: unknown;
}

/** `onbrand generate`: see `usage` and docs/generate.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("generate", argv, OPTIONS);
  if (values.help && positionals.length === 0) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const format = oneOf("--format", values.format ?? "text", FORMATS);
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? "name a use case, such as `onbrand generate email`; `onbrand prompt --list` lists them" : `generate takes one use case, got ${positionals.length}: ${positionals.join(" ")}`);
  }
  if (values.brief !== undefined && values.briefs !== undefined) throw new UsageError("--brief and --briefs do not go together: a batch file holds every brief");
  const sets = (values.set ?? []).map(parseSet);
  const numbers = {
    count: intOption("--count", values.count, 1, 1000),
    maxRepairs: intOption("--max-repairs", values["max-repairs"], 0, 10),
    concurrency: intOption("--concurrency", values.concurrency, 1, 256),
    rpm: numberOption("--rpm", values.rpm),
    tpm: numberOption("--tpm", values.tpm),
    timeoutMs: intOption("--timeout-ms", values["timeout-ms"], 1, 3_600_000),
  };
  if (values.provider !== undefined) oneOf("--provider", values.provider, PROVIDERS);
  const client = serverClient(values.server, io.env);
  if (client) {
    const local = LOCAL_ONLY.find((name) => values[name] !== undefined);
    if (local) throw new UsageError(`--${local} is for a local run; with --server the studio's settings apply (see docs/studio.md)`);
    return generateOnServer(
      client,
      {
        useCase: positionals[0] ?? "",
        brief: values.brief,
        sets,
        channels: list(values.channel),
        audiences: list(values.audience),
        regions: list(values.region),
        count: numbers.count,
        provider: values.provider,
        model: values.model,
        maxRepairs: numbers.maxRepairs,
        out: values.out,
        format,
      },
      io,
    );
  }
  if (values["base-url"] !== undefined && !/^https?:\/\/[^/\s]+/i.test(values["base-url"])) {
    throw new UsageError(`--base-url must be an http(s) URL such as http://localhost:11434/v1 (got "${values["base-url"]}")`);
  }

  const loaded = await loadWorkspace(io, values.config, { library: true, quiet: false });
  if (!loaded?.library) return EXIT_USAGE;
  const { kit, library } = loaded;
  const useCase = findUseCase(library, positionals[0] ?? "");
  if (values.help) {
    io.stdout.write(briefHelp(useCase));
    return EXIT_OK;
  }

  const problems: Diagnostic[] = [];
  let briefs: Brief[] = [];
  if (values.briefs !== undefined) {
    const batch = await readBriefBatch(useCase, values.briefs, sets, io);
    briefs = batch.briefs;
    problems.push(...batch.problems);
  } else {
    const single = await readBriefInput(useCase, values.brief, sets, io);
    if (single.brief) briefs = [single.brief];
    problems.push(...single.problems);
  }
  const master = values.master === undefined ? null : readMaster(values.master, io);
  const plan = planVariants(kit, useCase, briefs, { channels: list(values.channel), audiences: list(values.audience), regions: list(values.region), count: numbers.count }, master);
  problems.push(...targetProblems(plan.problems));
  if (problems.length > 0) {
    for (const d of problems) loaded.printDiagnostic(d);
    if (values.briefs === undefined && problems.some((d) => d.file === "brief" || d.file.startsWith("--set"))) printBriefHint(io, useCase, "generate", values.brief, sets);
    return EXIT_USAGE;
  }

  let runSettings: RunSettings;
  try {
    runSettings = resolveRunSettings(
      kit,
      useCase,
      {
        provider: values.provider,
        model: values.model,
        base_url: values["base-url"],
        timeout_ms: numbers.timeoutMs,
        max_repairs: numbers.maxRepairs,
        concurrency: numbers.concurrency,
        requests_per_minute: numbers.rpm,
        tokens_per_minute: numbers.tpm,
      },
      "the command line",
    );
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    for (const d of error.diagnostics) loaded.printDiagnostic(d);
    return EXIT_USAGE;
  }
  const { provider, maxRepairs, concurrency } = runSettings;

  if (values["dry-run"]) {
    io.stdout.write(dryRun(kit, useCase, plan.variants, master, provider, await promptTokenCounter(), format));
    return EXIT_OK;
  }

  // A missing key is a ProviderError: main prints its one line and exits 2.
  const writer = await createWriter(provider, io.env);

  const outDir = resolve(io.cwd, values.out ?? join("generated", useCase.id));
  const fromCwd = relative(io.cwd, outDir);
  const shownOut = fromCwd === "" ? "." : fromCwd.startsWith("..") ? outDir : fromCwd;
  const journalPath = join(outDir, RUN_FOLDER, "journal.jsonl");
  // A journal of another run, or one without --resume, is a JournalError: main prints it and exits 2.
  const journal: Journal<VariantRecord> = await openJournal<VariantRecord>(
      journalPath,
      { plan: plan.planHash, use_case: useCase.id, use_case_version: useCase.version, kit_version: kit.version, variants: plan.variants.length },
      // Lines are written at once (a killed run loses nothing) and fsynced each second: a power cut
      // loses at most a second of records, whose variants --resume then writes again.
      { resume: values.resume === true, syncIntervalMs: 1000 },
    );

  // Finished means journalled and, when it has a file, the file is there and whole: asset files are
  // not fsynced one by one (the journal is), so a power cut can lose one the journal lists.
  const finished = new Map<string, VariantStatus>();
  for (const v of plan.variants) {
    const done = journal.finished(v.id);
    if (done !== undefined && done.status !== "failed" && (done.file === null || assetIsWhole(join(outDir, done.file), v.id))) finished.set(v.id, done.status);
  }
  const todo = plan.variants.filter((v) => !finished.has(v.id));
  const kept = plan.variants.length - todo.length;
  const model = writer.kind === "model" ? writer.client.id : "template";
  io.stderr.write(
    `onbrand: ${useCase.id}: ${plan.variants.length} variant${plural(plan.variants.length)} with ${model}` +
      `${kept > 0 ? ` (${kept} already finished, ${todo.length} to go)` : ""} into ${shownOut}\n`,
  );

  const stop = new AbortController();
  let interrupts = 0;
  const release = io.onInterrupt?.(() => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr.write("\nonbrand: stopping: no new variants start; finished ones are kept (Ctrl-C again to quit at once)\n");
      stop.abort(new Error("interrupted"));
    } else process.exit(EXIT_INTERRUPTED);
  });

  const before: Partial<Record<VariantStatus, number>> = {};
  for (const status of finished.values()) before[status] = (before[status] ?? 0) + 1;
  const progress = createProgress(io.stderr, plan.variants.length, before, () => performance.now());
  const started = performance.now();
  const { limiter, estimateTokens } = await runLimits(runSettings);
  let runResult: Awaited<ReturnType<typeof generateVariants>>;
  try {
    runResult = await generateVariants({
      kit,
      useCase,
      variants: todo,
      writer,
      master,
      maxRepairs,
      concurrency,
      limiter,
      ...(estimateTokens ? { estimateTokens } : {}),
      signal: stop.signal,
      onVariant: async (result) => {
        let file: string | null = null;
        if (result.asset !== null) {
          file = assetFileName(useCase, result.variant);
          await writeFileAtomic(join(outDir, file), result.asset, { sync: false });
        }
        await journal.append(journalRecord(result, file));
        progress.done(result.status, variantLabel(result.variant, briefs.length, numbers.count ?? 1), detail(result));
      },
    });
  } finally {
    progress.finish();
    release?.();
    await journal.close();
  }

  const records = plan.variants.map((v) => journal.finished(v.id)).filter((r): r is VariantRecord => r !== undefined);
  const summary = summarizeRun(records.map(outcomeOf), {
    planned: plan.variants.length,
    durationMs: performance.now() - started,
    // A resumed run's rate is this invocation's requests over this invocation's time.
    requestsInDuration: runResult.results.reduce((sum, r) => sum + r.requests, 0),
    prices: runSettings.prices,
  });
  const report = {
    use_case: useCase.id,
    kit_version: kit.version,
    use_case_version: useCase.version,
    model,
    out: shownOut,
    ...summary,
    failures: records.filter((r) => r.status === "failed").map((r) => ({ id: r.id, target: r.target, error: r.error })),
  };
  await writeFileAtomic(join(outDir, RUN_FOLDER, "summary.json"), `${JSON.stringify(report, null, 2)}\n`);

  if (runResult.fatal) io.stderr.write(`onbrand: error: ${runResult.fatal.message}\n`);
  // On a terminal the bar does not name failures; plain progress lines already did.
  if (io.stderr.isTTY) {
    for (const r of runResult.results) {
      if (r.status === "failed" && r.error) io.stderr.write(`onbrand: ${variantLabel(r.variant, briefs.length, numbers.count ?? 1)} failed: ${r.error.message}\n`);
    }
  }
  if (format === "json") io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    io.stdout.write(formatRunSummary(summary));
    io.stdout.write(`\nvariants in ${shownOut}/, summary in ${shownOut}/${RUN_FOLDER}/summary.json\n`);
    if (summary.needs_review > 0) io.stdout.write(`review the needs_review variants: onbrand check ${shownOut}\n`);
    if (runResult.cancelled || summary.not_run > 0) io.stdout.write(`continue with: onbrand generate ${resumeHint(argv)}\n`);
  }
  if (runResult.fatal) return EXIT_USAGE;
  if (runResult.cancelled) return EXIT_INTERRUPTED;
  return summary.needs_review + summary.failed + summary.not_run > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The file a variant is written to: use case, target parts, brief and variant numbers, so a
 * listing sorts by target and a resumed run writes the same name.
 *
 * @example
 * assetFileName(email, variant) // "email.newsletter.students.west.b1.v1.json"
 */
export function assetFileName(useCase: Pick<UseCase, "id">, variant: PlannedVariant): string {
  const t = variant.target;
  const channel = t.channel?.id === useCase.id ? null : t.channel?.id;
  const parts = [useCase.id, channel, t.audience?.id, t.region?.id].filter((p): p is string => Boolean(p));
  const safe = parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, "_"));
  // Free-label audiences or regions ("busy parents", "busy_parents") could meet once made safe: the id keeps them apart.
  const tag = safe.some((p, i) => p !== parts[i]) ? `.${variant.id.slice(0, 8)}` : "";
  return `${safe.join(".")}.b${variant.briefIndex + 1}.v${variant.n + 1}${tag}.json`;
}

function journalRecord(result: VariantResult, file: string | null): VariantRecord {
  const t = result.variant.target;
  const levels = { error: 0, warning: 0, suggestion: 0 };
  for (const f of result.findings) levels[f.level]++;
  return {
    type: "variant",
    id: result.variant.id,
    status: result.status,
    file,
    target: { channel: t.channel?.id ?? null, audience: t.audience?.id ?? null, region: t.region?.id ?? null },
    brief_index: result.variant.briefIndex,
    variant: result.variant.n,
    model: result.model,
    prompt_prefix_hash: result.prefixHash,
    answers: result.answers,
    repairs: result.repairs,
    tokens: { input: result.tokens.input, output: result.tokens.output, cached_input: result.tokens.cachedInput },
    latencies_ms: result.latenciesMs,
    requests: result.requests,
    findings: levels,
    error: result.error,
    raw_answer: result.rawAnswer === null ? null : result.rawAnswer.slice(0, MAX_RAW_IN_JOURNAL),
    finished_at: new Date().toISOString(),
  };
}

function outcomeOf(record: VariantRecord): VariantOutcome {
  return {
    status: record.status,
    model: record.model,
    tokens: { input: record.tokens.input, output: record.tokens.output, cachedInput: record.tokens.cached_input },
    latenciesMs: record.latencies_ms,
    requests: record.requests,
  };
}

/** True when the asset file exists, parses, and is the variant's (its lineage names the id). */
function assetIsWhole(path: string, id: string): boolean {
  try {
    const asset = JSON.parse(readFileSync(path, "utf8")) as { lineage?: { variant_id?: unknown } };
    return asset.lineage?.variant_id === id;
  } catch {
    return false;
  }
}

/** The target, plus the brief and variant numbers when the run has more than one of them. */
function variantLabel(variant: PlannedVariant, briefs: number, count: number): string {
  const extra = [briefs > 1 ? `brief ${variant.briefIndex + 1}` : null, count > 1 ? `variant ${variant.n + 1}` : null].filter(Boolean);
  return `${targetKey(variant.target)}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
}

function detail(result: VariantResult): string {
  const parts: string[] = [];
  if (result.answers > 1) parts.push(`${result.answers} answers`);
  const errors = result.findings.filter((f) => f.level === "error");
  if (result.status === "needs_review") parts.push(`${errors.length} error${plural(errors.length)}: ${[...new Set(errors.map((f) => f.rule))].join(", ")}`);
  if (result.error) parts.push(result.error.message);
  const total = result.latenciesMs.reduce((a, b) => a + b, 0);
  if (total > 0) parts.push(`${(total / 1000).toFixed(1)} s`);
  return parts.join(", ");
}

/**
 * The same command's arguments with --resume added, quoted for a POSIX shell, for the "continue with" hint.
 *
 * @example
 * resumeHint(["--out", "x", "push", "--set", "news=hi there"]) // "--out x push --set 'news=hi there' --resume"
 */
export function resumeHint(argv: readonly string[]): string {
  const rest = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`));
  return [...rest, ...(rest.includes("--resume") ? [] : ["--resume"])].join(" ");
}

function dryRun(
  kit: Kit,
  useCase: UseCase,
  variants: readonly PlannedVariant[],
  master: Output | null,
  provider: ProviderConfig,
  promptTokens: (messages: readonly ChatMessage[]) => number,
  format: (typeof FORMATS)[number],
): string {
  let prefix = 0;
  let total = 0;
  const rows = variants.map((v) => {
    const prompt = compilePrompt(kit, useCase, v.brief, v.target, master);
    const p = promptTokens(prompt.messages.slice(0, 1));
    const all = promptTokens(prompt.messages);
    prefix += p;
    total += all;
    return { id: v.id, target: targetKey(v.target), brief: v.briefIndex + 1, variant: v.n + 1, prompt_tokens: all, prefix_tokens: p, prefix_hash: prompt.prefixHash };
  });
  const share = total > 0 ? Math.round((prefix / total) * 1000) / 10 : 0;
  if (format === "json") {
    return `${JSON.stringify({ use_case: useCase.id, model: `${provider.provider}:${provider.model}`, variants: rows, prompt_tokens: total, prefix_share_percent: share }, null, 2)}\n`;
  }
  const lines = rows.map((r) => `${r.target}  brief ${r.brief}  variant ${r.variant}  ${r.prompt_tokens} prompt tokens  ${r.id}`);
  return `${lines.join("\n")}\n\n${rows.length} variant${plural(rows.length)} of ${useCase.id} with ${provider.provider}:${provider.model}; ${total} prompt tokens before any re-ask, ${share}% of them the shared prefix (cacheable).\n`;
}

/** --master: a structured asset (its fields) or a text file (one text field). */
function readMaster(option: string, io: CliIo): Output {
  const read = readTextFile(resolve(io.cwd, option), MAX_MASTER_BYTES);
  if (!read.ok) throw new UsageError(`--master ${option}: ${read.message === "binary file skipped" ? "not a text file" : read.message}`);
  const ext = extname(option).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(ext)) return { text: read.text.trim() };
  const yaml = parseYamlFile(option, read.text);
  const syntax = yaml.diagnostics.find((d) => d.level === "error");
  if (syntax) throw new UsageError(`${option}:${syntax.line}:${syntax.column}: ${syntax.message}`);
  const value = yaml.value as { fields?: unknown } | null;
  const fields = value && typeof value === "object" && !Array.isArray(value) ? (value.fields ?? value) : null;
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
    throw new UsageError(`--master ${option}: a master asset is a structured asset ({fields: {...}}) or a text file`);
  }
  return fields as Output;
}

function list(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number (got "${value}")`);
  return n;
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}
