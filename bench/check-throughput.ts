/**
 * Check throughput: onbrand's phrase rules over a seeded Markdown corpus with kits of 100, 1,000
 * and 10,000 phrases, against textlint + prh with the same phrases, plus the wall clock of one
 * `onbrand check` of a 2 KB file. Prints a table and, on a full run, rewrites bench/RESULTS.md.
 *
 *   node bench/check-throughput.ts                 full run (5 MB corpus; a few minutes)
 *   node bench/check-throughput.ts --quick         1 MB corpus, smaller textlint budget; prints only
 *   node bench/check-throughput.ts --onbrand-only  no textlint, no CLI run; prints only (for --cpu-prof)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { writeResultsSection } from "./results-file.ts";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Kit, check, loadKit } from "../src/core/index.ts";
import { type Asset, corpusWords, generateCorpus } from "./corpus.ts";
import { type PhraseLists, generatePhraseLists, kitFiles, phraseCount, plantableForms, prhDictionary, slicePhrases } from "./kits.ts";
import { mulberry32 } from "./prng.ts";
import { createPrhLinter } from "./textlint-prh.ts";

const { values: flags } = parseArgs({ options: { quick: { type: "boolean" }, "onbrand-only": { type: "boolean" } } });
const quick = flags.quick === true;
const onbrandOnly = flags["onbrand-only"] === true;

const SEED = 20_250_601;
const KIT_SIZES = [100, 1_000, 10_000] as const;
const settings = quick
  ? { corpusBytes: 1_000_000, passes: 5, textlintBytes: 250_000, textlintBudgetMs: 10_000 }
  : { corpusBytes: 5_250_000, passes: 7, textlintBytes: 1_000_000, textlintBudgetMs: 60_000 };
/** How many assets' findings are compared between onbrand and textlint, per kit (textlint is slow with 10,000). */
const SAMPLE_ASSETS = [20, 20, 5] as const;
const CLI_RUNS = 5;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MB = 1_000_000;

interface OnbrandFigures {
  phrases: number;
  loadMs: number;
  mbPerSecond: number;
  mbPerSecondRange: [number, number];
  assetMedianMs: number;
  assetP95Ms: number;
  findings: number;
}

interface TextlintFigures {
  phrases: number;
  assets: number;
  bytes: number;
  passes: number;
  mbPerSecond: number;
  /** onbrand on the same assets with the same kit. */
  onbrandMbPerSecond: number;
}

interface SanityFigures {
  phrases: number;
  assets: number;
  onbrand: number;
  textlint: number;
  samePlace: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

const bytesOf = (assets: readonly Asset[]): number => assets.reduce((sum, a) => sum + a.bytes, 0);

/** The first assets of the corpus that together reach `bytes`. */
function prefixOf(assets: readonly Asset[], bytes: number): Asset[] {
  const out: Asset[] = [];
  let total = 0;
  for (const asset of assets) {
    if (total >= bytes) break;
    out.push(asset);
    total += asset.bytes;
  }
  return out;
}

/** One pass over the assets; returns the milliseconds and the findings (kept so no work is skipped). */
function onbrandPass(kit: Kit, assets: readonly Asset[]): { ms: number; findings: number } {
  let findings = 0;
  const start = performance.now();
  for (const asset of assets) findings += check(kit, asset).findings.length;
  return { ms: performance.now() - start, findings };
}

function onbrandThroughput(kit: Kit, assets: readonly Asset[], passes: number): { mbPerSecond: number; range: [number, number]; findings: number } {
  const { findings } = onbrandPass(kit, assets);
  const rates: number[] = [];
  for (let i = 0; i < passes; i++) rates.push(bytesOf(assets) / MB / (onbrandPass(kit, assets).ms / 1000));
  return { mbPerSecond: median(rates), range: [Math.min(...rates), Math.max(...rates)], findings };
}

function measureOnbrand(lists: PhraseLists, corpus: readonly Asset[]): OnbrandFigures {
  const files = kitFiles(lists);
  const loads: number[] = [];
  let kit: Kit | undefined;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    kit = loadKit(files).kit;
    loads.push(performance.now() - start);
  }
  const loaded = kit as Kit;
  const throughput = onbrandThroughput(loaded, corpus, settings.passes);
  // Per-asset latency in passes of its own, so the timer calls stay out of the throughput figure.
  const perAsset: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const asset of corpus) {
      const start = performance.now();
      check(loaded, asset);
      perAsset.push(performance.now() - start);
    }
  }
  return {
    phrases: phraseCount(lists),
    loadMs: median(loads),
    mbPerSecond: throughput.mbPerSecond,
    mbPerSecondRange: throughput.range,
    assetMedianMs: median(perAsset),
    assetP95Ms: percentile(perAsset, 0.95),
    findings: throughput.findings,
  };
}

async function textlintPass(lint: (a: Asset) => Promise<number>, assets: readonly Asset[]): Promise<{ ms: number; messages: number }> {
  let messages = 0;
  const start = performance.now();
  for (const asset of assets) messages += await lint(asset);
  return { ms: performance.now() - start, messages };
}

/**
 * textlint over as much of `subset` as fits `budgetMs`: one asset warms it up, two more estimate
 * its speed, then up to three timed passes over the assets that fit (at least five).
 */
async function measureTextlint(dictionary: string, subset: readonly Asset[], budgetMs: number): Promise<{ assets: Asset[]; passes: number; mbPerSecond: number }> {
  const linter = createPrhLinter(dictionary);
  const lint = async (asset: Asset): Promise<number> => (await linter(asset.path, asset.content)).messages.length;
  await textlintPass(lint, subset.slice(0, 1));
  const probe = subset.slice(1, 3);
  const msPerByte = (await textlintPass(lint, probe)).ms / bytesOf(probe);
  const assets = prefixOf(subset, budgetMs / msPerByte);
  if (assets.length < 5) assets.splice(0, assets.length, ...subset.slice(0, 5));
  const passes = Math.max(1, Math.min(3, Math.floor(budgetMs / (msPerByte * bytesOf(assets)))));
  const times: number[] = [];
  for (let i = 0; i < passes; i++) times.push((await textlintPass(lint, assets)).ms);
  return { assets, passes, mbPerSecond: bytesOf(assets) / MB / (median(times) / 1000) };
}

async function compareFindings(lists: PhraseLists, sample: readonly Asset[]): Promise<SanityFigures> {
  const { kit } = loadKit(kitFiles(lists));
  const linter = createPrhLinter(prhDictionary(lists));
  let onbrand = 0;
  let textlint = 0;
  let samePlace = 0;
  for (const asset of sample) {
    const ours = new Set(check(kit, asset).findings.map((f) => `${f.line}:${f.column}`));
    const theirs = new Set((await linter(asset.path, asset.content)).messages.map((m) => `${m.line}:${m.column}`));
    onbrand += ours.size;
    textlint += theirs.size;
    for (const place of ours) if (theirs.has(place)) samePlace++;
  }
  return { phrases: phraseCount(lists), assets: sample.length, onbrand, textlint, samePlace };
}

/** Wall clock of `onbrand check <2 KB file>` with the demo kit: the whole CLI, from spawn to exit. */
function measureCli(corpus: readonly Asset[]): { medianMs: number; file: Asset; status: string } {
  const file = corpus.reduce((best, a) => (Math.abs(a.bytes - 2048) < Math.abs(best.bytes - 2048) ? a : best));
  const dir = path.join(root, "bench", ".data");
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, "one-asset.md");
  writeFileSync(target, file.content);
  const args = [path.join(root, "bin", "onbrand.js"), "check", target, "--config", path.join(root, "examples", "demo", "onbrand.yaml"), "--no-color"];
  const times: number[] = [];
  let status = "ok";
  // The first run fills the disk cache; it is not counted.
  for (let i = 0; i <= CLI_RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    const ms = performance.now() - start;
    if (run.status !== 0 && run.status !== 1) status = `exit ${run.status}: ${(run.stderr || run.stdout).trim().split("\n")[0]}`;
    if (i > 0) times.push(ms);
  }
  return { medianMs: median(times), file, status };
}

const fmt = (n: number, digits = 1): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

async function main(): Promise<void> {
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} logical cores, ${os.platform()} ${os.release()}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB RAM, Node ${process.version}`;
  const loadAtStart = os.loadavg()[0] ?? 0;
  console.log(`machine: ${machine}; load average ${fmt(loadAtStart, 2)}`);

  const genStart = performance.now();
  const lists = generatePhraseLists(mulberry32(SEED), Math.max(...KIT_SIZES), corpusWords());
  const kits = KIT_SIZES.map((n) => slicePhrases(lists, n));
  // Half the planted phrases are in every kit, the rest only in the larger ones: findings grow with the kit.
  const corpus = generateCorpus(mulberry32(SEED + 1), settings.corpusBytes, { tiers: kits.map(plantableForms), weights: [0.5, 0.3, 0.2], rate: 0.06 });
  const corpusBytes = bytesOf(corpus);
  const corpusLine = `${fmt(corpus.length, 0)} Markdown assets, ${fmt(corpusBytes / MB, 2)} MB (median asset ${fmt(median(corpus.map((a) => a.bytes)), 0)} bytes), seed ${SEED}`;
  console.log(`corpus: ${corpusLine}; generated in ${fmt(performance.now() - genStart, 0)} ms (not timed below)`);

  // Let the JIT see every code path once before any kit is timed, so the first kit is not penalised.
  const warmKit = loadKit(kitFiles(kits[0] as PhraseLists)).kit;
  onbrandPass(warmKit, corpus);

  const onbrand: OnbrandFigures[] = [];
  for (const kit of kits) {
    const figures = measureOnbrand(kit, corpus);
    onbrand.push(figures);
    console.log(
      `onbrand ${fmt(figures.phrases, 0)} phrases: ${fmt(figures.mbPerSecond)} MB/s, ${fmt(figures.assetMedianMs, 3)} ms/asset, load ${fmt(figures.loadMs, 0)} ms, ${figures.findings} findings`,
    );
  }

  const textlint: TextlintFigures[] = [];
  const sanity: SanityFigures[] = [];
  let cli: ReturnType<typeof measureCli> | null = null;
  if (!onbrandOnly) {
    const subset = prefixOf(corpus, settings.textlintBytes);
    for (const kit of kits) {
      const dictionary = prhDictionary(kit);
      const best = await measureTextlint(dictionary, subset, settings.textlintBudgetMs);
      const { kit: loaded } = loadKit(kitFiles(kit));
      const ours = onbrandThroughput(loaded, best.assets, 5);
      const figures: TextlintFigures = {
        phrases: phraseCount(kit),
        assets: best.assets.length,
        bytes: bytesOf(best.assets),
        passes: best.passes,
        mbPerSecond: best.mbPerSecond,
        onbrandMbPerSecond: ours.mbPerSecond,
      };
      textlint.push(figures);
      console.log(
        `textlint ${fmt(figures.phrases, 0)} phrases: ${fmt(figures.mbPerSecond, 3)} MB/s on ${figures.assets} assets (${fmt(figures.bytes / MB, 2)} MB, ${figures.passes} passes); ` +
          `onbrand ${fmt(figures.onbrandMbPerSecond)} MB/s on the same: ${fmt(figures.onbrandMbPerSecond / figures.mbPerSecond, 0)}x`,
      );
    }
    for (const [i, kit] of kits.entries()) {
      const figures = await compareFindings(kit, corpus.slice(0, SAMPLE_ASSETS[i]));
      sanity.push(figures);
      console.log(`sanity ${fmt(figures.phrases, 0)} phrases, ${figures.assets} assets: onbrand ${figures.onbrand}, textlint ${figures.textlint}, same place ${figures.samePlace}`);
    }
    if (existsSync(path.join(root, "dist", "cli", "main.js"))) {
      cli = measureCli(corpus);
      console.log(`cli: onbrand check (${cli.file.bytes} bytes): ${fmt(cli.medianMs, 0)} ms median of ${CLI_RUNS} (${cli.status})`);
    } else {
      console.log("cli: skipped, dist/ is missing (run `npm run build`, or `npm run bench`)");
    }
  }

  const load = `1-minute load average ${fmt(loadAtStart, 2)} at the start, ${fmt(os.loadavg()[0] ?? 0, 2)} at the end`;
  const report = renderResults({ machine, load, corpusLine, onbrand, textlint, sanity, cli, subsetBytes: settings.textlintBytes, budgetMs: settings.textlintBudgetMs, passes: settings.passes });
  console.log(`\n${report}`);
  if (!quick && !onbrandOnly) {
    writeResultsSection(path.join(root, "bench", "RESULTS.md"), "check", report);
    console.log("wrote bench/RESULTS.md");
  }
}

interface Results {
  machine: string;
  load: string;
  corpusLine: string;
  onbrand: OnbrandFigures[];
  textlint: TextlintFigures[];
  sanity: SanityFigures[];
  cli: ReturnType<typeof measureCli> | null;
  subsetBytes: number;
  budgetMs: number;
  passes: number;
}

function renderResults(r: Results): string {
  const met = (ok: boolean): string => (ok ? "met" : "**not met**");
  const first = r.onbrand[0] as OnbrandFigures;
  const last = r.onbrand[r.onbrand.length - 1] as OnbrandFigures;
  const goals: string[][] = [
    ["throughput with 10,000 phrases >= half of that with 100", `${fmt(last.mbPerSecond)} vs ${fmt(first.mbPerSecond)} MB/s (${fmt((last.mbPerSecond / first.mbPerSecond) * 100, 0)}%)`, met(last.mbPerSecond >= first.mbPerSecond / 2)],
    [">= 10 MB/s of Markdown with 10,000 phrases, one core", `${fmt(last.mbPerSecond)} MB/s`, met(last.mbPerSecond >= 10)],
    ["< 1 ms median per 2 KB asset, warm (every kit)", r.onbrand.map((o) => `${fmt(o.assetMedianMs, 3)} ms`).join(", "), met(r.onbrand.every((o) => o.assetMedianMs < 1))],
  ];
  if (r.textlint.length > 0) {
    const ratios = r.textlint.map((t) => t.onbrandMbPerSecond / t.mbPerSecond);
    goals.push([">= 30x textlint + prh (every kit size measured)", ratios.map((x) => `${fmt(x, 0)}x`).join(", "), met(ratios.every((x) => x >= 30))]);
  }
  if (r.cli) goals.push(["`onbrand check` of one 2 KB file < 300 ms wall", `${fmt(r.cli.medianMs, 0)} ms`, met(r.cli.medianMs < 300 && r.cli.status === "ok")]);

  const lines = [
    "# Check throughput",
    "",
    "Written by `npm run bench` (`bench/check-throughput.ts`); see bench/README.md for how it works.",
    "Figures depend on the machine: compare runs on the same one.",
    "",
    "- **MB/s**: megabytes (10^6 bytes of UTF-8 Markdown) checked per second, `check()` over the whole corpus",
    `  on one thread, after one untimed pass; the median of ${r.passes} timed passes (slowest–fastest in brackets).`,
    "- **ms per asset**: median (and 95th percentile) time of one `check()` of one ~2 KB asset, warm.",
    "- **kit load**: `loadKit()` of the generated kit (YAML parse, validation, rule compilation), median of 3.",
    "- **findings**: findings over the whole corpus (planted phrases plus real words the copy uses).",
    "- **textlint**: textlint + textlint-rule-prh (Markdown plugin) with a prh dictionary of the same phrases",
    "  and inflections, on the first assets of the corpus; onbrand is timed again on the same assets for the ratio.",
    "- **one-file check**: wall clock of `node bin/onbrand.js check <2 KB file> --config examples/demo/onbrand.yaml`,",
    "  spawn to exit, median of 5 runs after one untimed run.",
    "",
    `Machine: ${r.machine}; ${r.load} (other work on the machine slows every figure down).`,
    `Corpus: ${r.corpusLine}.`,
    "",
    "## Goals",
    "",
    table(["goal", "measured", "status"], goals),
    "",
    "## onbrand",
    "",
    table(
      ["kit phrases", "kit load", "MB/s", "ms per asset (p95)", "findings"],
      r.onbrand.map((o) => [
        fmt(o.phrases, 0),
        `${fmt(o.loadMs, 0)} ms`,
        `${fmt(o.mbPerSecond)} (${fmt(o.mbPerSecondRange[0])}–${fmt(o.mbPerSecondRange[1])})`,
        `${fmt(o.assetMedianMs, 3)} (${fmt(o.assetP95Ms, 3)})`,
        fmt(o.findings, 0),
      ]),
    ),
    "",
  ];
  if (r.textlint.length > 0) {
    lines.push(
      "## textlint + prh",
      "",
      `Timed on the first ~${fmt(r.subsetBytes / MB, 2)} MB of the corpus (median of up to 3 passes after one warm-up asset).`,
      `A kit too slow to get through that in ${fmt(r.budgetMs / 1000, 0)} s a pass is timed on fewer assets: the assets column says how many.`,
      "onbrand is timed again on exactly those assets for the ratio (median of 5 passes after one untimed).",
      "",
      table(
        ["kit phrases", "assets (MB)", "passes", "textlint MB/s", "onbrand MB/s, same assets", "onbrand / textlint"],
        r.textlint.map((t) => [
          fmt(t.phrases, 0),
          `${t.assets} (${fmt(t.bytes / MB, 2)})`,
          String(t.passes),
          fmt(t.mbPerSecond, 3),
          fmt(t.onbrandMbPerSecond),
          `${fmt(t.onbrandMbPerSecond / t.mbPerSecond, 0)}x`,
        ]),
      ),
      "",
      "Sanity check, first assets of the corpus: both tools should flag about the same places (line:column of the start).",
      "",
      table(
        ["kit phrases", "assets", "places onbrand flags", "places textlint flags", "flagged by both"],
        r.sanity.map((s) => [fmt(s.phrases, 0), String(s.assets), String(s.onbrand), String(s.textlint), String(s.samePlace)]),
      ),
      "",
    );
  }
  if (r.cli) {
    lines.push(
      "## One-file check",
      "",
      `\`onbrand check\` of a ${r.cli.file.bytes}-byte Markdown file with the demo kit: **${fmt(r.cli.medianMs, 0)} ms** wall, median of ${CLI_RUNS} (${r.cli.status}).`,
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}

await main();
