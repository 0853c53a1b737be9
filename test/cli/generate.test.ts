import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { FIXTURE_BRAND, FIXTURE_EMAIL } from "../../src/core/library/fixture-workspace.ts";
import { errorAnswer, type MockLlmServer, openaiAnswer, refusedURL, type ScriptedResponse, startMockLlmServer } from "../providers/mock-llm-server.ts";
import { BIN, makeFolder, runCli } from "./cli-harness.ts";

const DEMO = fileURLToPath(new URL("../../examples/demo/", import.meta.url));
const BRAND = `${FIXTURE_BRAND}audiences:
  - id: students
    name: College students
  - id: parents
    name: Parents
`;
const GOOD_TEXT = JSON.stringify({ fields: { subject: "Meet Fizzwell Zero", body: "Zero sugar, all the sparkle." } });
const KEY = { OPENAI_API_KEY: "fake-openai-key-for-tests" };
const EMAIL_ARGS = ["generate", "email", "--set", "product=Fizzwell Zero"];

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A temporary workspace of the fixture kit (plus two audiences) whose onbrand.yaml generates with the mock server. */
function workspace(baseURL: string, extra: Record<string, string> = {}): string {
  const folder = makeFolder({
    "onbrand.yaml": `kit: brand\ngenerate:\n  provider: openai\n  model: gpt-4.1-mini\n  base_url: ${baseURL}\n  max_retries: 0\n  concurrency: 1\n`,
    "brand/brand.yaml": BRAND,
    "brand/usecases/email.yaml": FIXTURE_EMAIL,
    ...extra,
  });
  cleanups.push(folder.dispose);
  return folder.dir;
}

async function mockServer(): Promise<MockLlmServer> {
  const server = await startMockLlmServer();
  cleanups.push(() => server.close());
  return server;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "onbrand-generate-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface JournalLine {
  type: string;
  id: string;
  status: string;
  file: string | null;
  [key: string]: unknown;
}

/** The complete lines of a journal (a line torn by a kill is left out). */
function journalLines(path: string): JournalLine[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  return text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as JournalLine);
}

function variantLines(path: string): JournalLine[] {
  return journalLines(path).filter((l) => l.type === "variant");
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

describe("onbrand generate", { concurrency: true }, () => {
  test("template provider on the demo workspace: one checkable file per variant, a summary, and --resume redoes nothing", async () => {
    const out = tempDir();
    const args = ["generate", "push", "--set", "news=Fizzwell Zero in elderflower and pear is in shops today.", "--out", out];
    const first = await runCli(args, DEMO);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(jsonFiles(out), ["push.office-workers.b1.v1.json", "push.students.b1.v1.json"]);
    // Variants finish in any order; the counter counts up whichever finishes.
    assert.equal(
      first.stderr.replace(/(passed {7}push\/)students(\/-\n.*passed {7}push\/)office-workers/s, "$1office-workers$2students"),
      [`onbrand: push: 2 variants with template into ${out}`, "[1/2] passed       push/office-workers/-", "[2/2] passed       push/students/-", ""].join("\n"),
    );
    assert.match(first.stdout, /^variants {11}2\npassed first time {2}2 \(100%\)\n/);
    assert.ok(first.stdout.endsWith(`\nvariants in ${out}/, summary in ${out}/.onbrand/summary.json\n`), first.stdout);

    for (const file of jsonFiles(out)) {
      const asset = JSON.parse(readFileSync(join(out, file), "utf8")) as { channel: string; audience: string; status: string; lineage: Record<string, unknown> };
      assert.equal(asset.channel, "push");
      assert.equal(file, `push.${asset.audience}.b1.v1.json`);
      assert.equal(asset.status, "passed");
      assert.deepEqual([asset.lineage.provider, asset.lineage.model, asset.lineage.answers], ["template", "template", 1]);
    }
    const check = await runCli(["check", "--no-color", out], DEMO);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal(check.stdout, "✔ no problems in 2 files\n");

    const summary = JSON.parse(readFileSync(join(out, ".onbrand", "summary.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(
      { ...summary, kit_version: "K", use_case_version: "U", duration_ms: 0 },
      {
        use_case: "push",
        kit_version: "K",
        use_case_version: "U",
        model: "template",
        out,
        variants: 2,
        passed: 2,
        repaired: 0,
        needs_review: 0,
        failed: 0,
        not_run: 0,
        requests: 0,
        tokens: { input: 0, output: 0, cached_input: 0 },
        cost_usd: 0,
        unpriced_models: [],
        latency_ms: { median: null, p95: null },
        duration_ms: 0,
        requests_per_minute: 0,
        failures: [],
      },
    );

    const journal = join(out, ".onbrand", "journal.jsonl");
    const mtimes = jsonFiles(out).map((f) => statSync(join(out, f)).mtimeMs);
    const again = await runCli(args, DEMO);
    assert.equal(again.code, 2);
    assert.equal(
      again.stderr,
      `onbrand: error: the run already has 2 finished variants in ${journal}: pass --resume to continue it, or choose another --out folder\n`,
    );
    assert.equal(again.stdout, "");

    const resumed = await runCli([...args, "--resume"], DEMO);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(resumed.stderr, `onbrand: push: 2 variants with template (2 already finished, 0 to go) into ${out}\n`);
    assert.deepEqual(jsonFiles(out).map((f) => statSync(join(out, f)).mtimeMs), mtimes, "no file was written again");
    const lines = journalLines(journal);
    assert.deepEqual(lines.map((l) => l.type), ["run", "variant", "variant"]);
    assert.deepEqual(new Set(lines.slice(1).map((l) => l.file)), new Set(jsonFiles(out)));

    // A file the journal lists but that is gone or cut short (a power cut before it reached the disk) is written again.
    const [lost, kept] = jsonFiles(out) as [string, string];
    writeFileSync(join(out, lost), '{"channel": "push", "fie');
    const keptMtime = statSync(join(out, kept)).mtimeMs;
    const repaired = await runCli([...args, "--resume"], DEMO);
    assert.equal(repaired.code, 0, repaired.stderr);
    assert.equal(repaired.stderr.split("\n")[0], `onbrand: push: 2 variants with template (1 already finished, 1 to go) into ${out}`);
    assert.equal((JSON.parse(readFileSync(join(out, lost), "utf8")) as { status: string }).status, "passed");
    assert.equal(statSync(join(out, kept)).mtimeMs, keptMtime);
  });

  test("openai provider from onbrand.yaml against the mock server: the asset, the journal, the request", async () => {
    const server = await mockServer();
    server.enqueue(openaiAnswer(GOOD_TEXT, { input: 900, output: 40, cached: 800 }));
    const dir = workspace(server.baseURL);
    const run = await runCli([...EMAIL_ARGS, "--out", "out"], dir, undefined, KEY);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^onbrand: email: 1 variant with openai:gpt-4\.1-mini into out\n\[1\/1\] passed {7}email\/-\/- {2}\d+\.\d s\n$/);
    assert.match(run.stdout, /\nrequests {11}1\ntokens in {10}900 \(89% cached\)\ntokens out {9}40\nestimated cost {5}\$0\.00018\n/);
    assert.deepEqual(jsonFiles(join(dir, "out")), ["email.b1.v1.json"]);
    const asset = JSON.parse(readFileSync(join(dir, "out", "email.b1.v1.json"), "utf8")) as { fields: unknown; status: string; lineage: Record<string, unknown> };
    assert.deepEqual(asset.fields, { subject: "Meet Fizzwell Zero", body: "Zero sugar, all the sparkle." });
    assert.equal(asset.status, "passed");
    assert.deepEqual([asset.lineage.provider, asset.lineage.model], ["openai", "gpt-4.1-mini"]);

    assert.equal(server.requests.length, 1);
    const request = server.requests[0]!;
    assert.equal(request.path, "/v1/chat/completions");
    assert.equal(request.headers.authorization, `Bearer ${KEY.OPENAI_API_KEY}`);
    assert.equal((request.body as { model: string }).model, "gpt-4.1-mini");

    const [record] = variantLines(join(dir, "out", ".onbrand", "journal.jsonl"));
    assert.equal(record?.id, asset.lineage.variant_id);
    assert.deepEqual(
      { status: record?.status, file: record?.file, model: record?.model, answers: record?.answers, tokens: record?.tokens, error: record?.error },
      { status: "passed", file: "email.b1.v1.json", model: "openai:gpt-4.1-mini", answers: 1, tokens: { input: 900, output: 40, cached_input: 800 }, error: null },
    );
  });

  test("openai provider without its key: exit 2 and one line naming OPENAI_API_KEY; nothing is sent", async () => {
    const server = await mockServer();
    const run = await runCli([...EMAIL_ARGS, "--out", "out"], workspace(server.baseURL), undefined, { OPENAI_API_KEY: "" });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "onbrand: error: set OPENAI_API_KEY (or api_key_env in onbrand.yaml) to use openai:gpt-4.1-mini\n");
    assert.equal(run.stdout, "");
    assert.equal(server.requests.length, 0);
  });

  test("an unreachable base_url: exit 2 and one line naming the URL", async () => {
    const url = await refusedURL();
    const run = await runCli([...EMAIL_ARGS, "--out", "out"], workspace(url), undefined, KEY);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `onbrand: email: 1 variant with openai:gpt-4.1-mini into out\nonbrand: error: cannot reach ${url} (connection refused): start the server or set base_url\n`,
    );
    assert.match(run.stdout, /\nnot run {12}1 \(100%\)\n/);
    assert.ok(run.stdout.endsWith("continue with: onbrand generate email --set 'product=Fizzwell Zero' --out out --resume\n"), run.stdout);
  });

  test("a run killed with SIGKILL resumes: every variant once, no request for those finished before the kill", async () => {
    const server = await mockServer();
    let slow = true;
    const answer: ScriptedResponse = () => (slow ? { delayMs: 1000, then: openaiAnswer(GOOD_TEXT) } : openaiAnswer(GOOD_TEXT));
    for (let i = 0; i < 20; i++) server.enqueue(answer);
    const dir = workspace(server.baseURL);
    const journal = join(dir, "out", ".onbrand", "journal.jsonl");
    const args = [...EMAIL_ARGS, "--count", "6", "--out", "out"];

    // The two runs use different keys, so the server can tell whose request it got.
    const firstKey = "fake-key-of-the-killed-run";
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, OPENAI_API_KEY: firstKey }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let running = true;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => {
        running = false;
        resolve(signal);
      }),
    );
    const deadline = performance.now() + 10_000;
    while (variantLines(journal).length < 2) {
      assert.ok(running && performance.now() < deadline, `the run wrote two variants within 10 s; it wrote:\n${stderr}`);
      await delay(20);
    }
    child.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");
    const finished = variantLines(journal);
    assert.ok(finished.length >= 2 && finished.length < 6, `${finished.length} variants finished before the kill`);

    slow = false;
    const resumed = await runCli([...args, "--resume"], dir, undefined, KEY);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(resumed.stderr.startsWith(`onbrand: email: 6 variants with openai:gpt-4.1-mini (${finished.length} already finished, ${6 - finished.length} to go) into out\n`), resumed.stderr);
    const sentBy = (key: string) => server.requests.filter((r) => r.headers.authorization === `Bearer ${key}`).length;
    // Concurrency 1: the killed run had at most one request in flight besides the finished ones.
    assert.ok(sentBy(firstKey) <= finished.length + 1, `${sentBy(firstKey)} requests for ${finished.length} finished variants`);
    assert.equal(sentBy(KEY.OPENAI_API_KEY), 6 - finished.length, "the resumed run asked only for the unfinished variants");
    assert.ok(server.requests.length <= 7);

    assert.deepEqual(jsonFiles(join(dir, "out")), [1, 2, 3, 4, 5, 6].map((n) => `email.b1.v${n}.json`));
    const lines = journalLines(journal);
    assert.deepEqual(lines.map((l) => l.type), ["run", ...Array(6).fill("variant")]);
    const records = lines.slice(1);
    assert.equal(new Set(records.map((r) => r.id)).size, 6, "each variant once");
    assert.deepEqual(records.slice(0, finished.length), finished, "the records from before the kill are kept as written");
    assert.ok(records.every((r) => r.status === "passed"));
    assert.deepEqual(records.map((r) => r.file).sort(), jsonFiles(join(dir, "out")));
  });

  test("Ctrl-C (SIGINT) stops cleanly: exit 130, finished variants kept, the resume command printed", async () => {
    const server = await mockServer();
    // A second per answer: a loaded machine polling the journal still stops the run well before it ends.
    for (let i = 0; i < 20; i++) server.enqueue({ delayMs: 1000, then: openaiAnswer(GOOD_TEXT) });
    const dir = workspace(server.baseURL);
    const journal = join(dir, "out", ".onbrand", "journal.jsonl");
    const args = [...EMAIL_ARGS, "--count", "6", "--out", "out"];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...KEY }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = performance.now() + 10_000;
    while (variantLines(journal).length < 2) {
      assert.ok(performance.now() < deadline, `the run wrote two variants within 10 s; it wrote:\n${stderr}`);
      await delay(20);
    }
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    const finished = variantLines(journal);
    assert.ok(finished.length >= 2 && finished.length < 6, `${finished.length} variants finished before Ctrl-C`);
    assert.match(stderr, /\nonbrand: stopping: no new variants start; finished ones are kept \(Ctrl-C again to quit at once\)\n/);
    assert.deepEqual(jsonFiles(join(dir, "out")), finished.map((r) => r.file).sort(), "every finished variant is on disk, nothing else");
    assert.match(stdout, new RegExp(`\nnot run {12}${6 - finished.length} \\(`));
    assert.ok(stdout.endsWith("continue with: onbrand generate email --set 'product=Fizzwell Zero' --count 6 --out out --resume\n"), stdout);
    const summary = JSON.parse(readFileSync(join(dir, "out", ".onbrand", "summary.json"), "utf8")) as { passed: number; not_run: number };
    assert.deepEqual([summary.passed, summary.not_run], [finished.length, 6 - finished.length]);
  });

  test("--dry-run prints the plan and sends nothing, with no key needed", async () => {
    const server = await mockServer();
    const dir = workspace(server.baseURL);
    const text = await runCli([...EMAIL_ARGS, "--audience", "students,parents", "--dry-run"], dir, undefined, { OPENAI_API_KEY: "" });
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stderr, "");
    const lines = text.stdout.split("\n");
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /^email\/students\/- {2}brief 1 {2}variant 1 {2}\d+ prompt tokens {2}[0-9a-f]{16}$/);
    assert.match(lines[1]!, /^email\/parents\/- {2}brief 1 {2}variant 1 {2}\d+ prompt tokens {2}[0-9a-f]{16}$/);
    assert.equal(lines[2], "");
    assert.match(lines[3]!, /^2 variants of email with openai:gpt-4\.1-mini; \d+ prompt tokens before any re-ask, \d+(\.\d)?% of them the shared prefix \(cacheable\)\.$/);

    const json = await runCli([...EMAIL_ARGS, "--audience", "students,parents", "--dry-run", "--format", "json"], dir, undefined, { OPENAI_API_KEY: "" });
    assert.equal(json.code, 0, json.stderr);
    const plan = JSON.parse(json.stdout) as {
      use_case: string;
      model: string;
      variants: { id: string; target: string; brief: number; variant: number; prompt_tokens: number; prefix_tokens: number; prefix_hash: string }[];
      prompt_tokens: number;
      prefix_share_percent: number;
    };
    assert.deepEqual(Object.keys(plan), ["use_case", "model", "variants", "prompt_tokens", "prefix_share_percent"]);
    assert.deepEqual([plan.use_case, plan.model], ["email", "openai:gpt-4.1-mini"]);
    assert.deepEqual(plan.variants.map((v) => [v.target, v.brief, v.variant]), [["email/students/-", 1, 1], ["email/parents/-", 1, 1]]);
    assert.equal(plan.variants[0]!.prefix_hash, plan.variants[1]!.prefix_hash, "audiences differ in the user message, not the prefix");
    assert.equal(plan.prompt_tokens, plan.variants[0]!.prompt_tokens + plan.variants[1]!.prompt_tokens);
    assert.equal(plan.prefix_share_percent, Math.round(((plan.variants[0]!.prefix_tokens * 2) / plan.prompt_tokens) * 1000) / 10);
    assert.ok(lines[0]!.endsWith(`  ${plan.variants[0]!.prompt_tokens} prompt tokens  ${plan.variants[0]!.id}`));

    assert.equal(server.requests.length, 0);
    assert.equal(existsSync(join(dir, "generated")), false, "a dry run writes nothing");
  });

  test("--format json: the run summary on stdout, with the failures; exit 1 when a variant failed", async () => {
    const server = await mockServer();
    server.enqueue(openaiAnswer(GOOD_TEXT, { input: 900, output: 40, cached: 800 }), errorAnswer("openai", 500, "The server had an error"));
    const dir = workspace(server.baseURL);
    const run = await runCli([...EMAIL_ARGS, "--count", "2", "--format", "json"], dir, undefined, KEY);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { failures: { id: string }[]; latency_ms: { median: number } };
    const records = variantLines(join(dir, "generated", "email", ".onbrand", "journal.jsonl"));
    assert.deepEqual(records.map((r) => [r.status, r.file]), [["passed", "email.b1.v1.json"], ["failed", null]]);
    const message = `${server.baseURL} failed (500, The server had an error): try again later or raise max_retries`;
    assert.match(String(report.kit_version), /^[0-9a-f]{16}$/);
    assert.equal(typeof report.latency_ms.median, "number");
    assert.deepEqual(
      { ...report, kit_version: "K", use_case_version: "U", duration_ms: 0, requests_per_minute: 0, latency_ms: { median: 0, p95: 0 } },
      {
        use_case: "email",
        kit_version: "K",
        use_case_version: "U",
        model: "openai:gpt-4.1-mini",
        out: join("generated", "email"),
        variants: 2,
        passed: 1,
        repaired: 0,
        needs_review: 0,
        failed: 1,
        not_run: 0,
        // The failed variant's request counts too: requests are what the provider was sent.
        requests: 2,
        tokens: { input: 900, output: 40, cached_input: 800 },
        // 100 uncached input x $0.40 + 800 cached x $0.10 + 40 output x $1.60, per million tokens.
        cost_usd: 0.000184,
        unpriced_models: [],
        latency_ms: { median: 0, p95: 0 },
        duration_ms: 0,
        requests_per_minute: 0,
        failures: [{ id: records[1]!.id, target: { channel: "email", audience: null, region: null }, error: { code: "provider_unavailable", message } }],
      },
    );
    // The progress line names the failure and why (outside a terminal, it is the only place it is said).
    assert.ok(run.stderr.includes(`] failed       email/-/- (variant 2)  ${message}\n`), run.stderr);
    assert.equal(run.stderr.split(message).length, 2, "the failure is said once");
  });

  describe("bad input: exit 2 with one error naming the fix, before any request", { concurrency: true }, () => {
    const cases: { name: string; args: string[]; files?: Record<string, string>; stderr: string }[] = [
      { name: "--count 0", args: [...EMAIL_ARGS, "--count", "0"], stderr: 'onbrand: error: --count must be a whole number from 1 to 1000 (got "0")\n' },
      {
        name: "--provider nope",
        args: [...EMAIL_ARGS, "--provider", "nope"],
        stderr: 'onbrand: error: --provider must be one of openai, anthropic, openai-compatible, template (got "nope")\n',
      },
      {
        name: "an unknown --audience",
        args: [...EMAIL_ARGS, "--audience", "studnets"],
        stderr: '--audience: error: audience "studnets" is not one of the kit\'s audiences; did you mean "students"? (write "students")\n',
      },
      {
        name: "a bad brief in --briefs",
        args: ["generate", "email", "--briefs", "briefs.yaml"],
        files: { "briefs.yaml": "- product: Fizzwell Zero\n- flavor: lime\n" },
        stderr:
          'briefs.yaml:2:11: error: brief 2: the brief has a field "flavor" that the use case does not define (use one of product)\n' +
          'briefs.yaml:2:3: error: brief 2: the brief needs "product" (add product: "...")\n',
      },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        const server = await mockServer();
        const dir = workspace(server.baseURL, c.files);
        const run = await runCli(c.args, dir, undefined, KEY);
        assert.equal(run.code, 2);
        assert.equal(run.stderr, c.stderr);
        assert.equal(run.stdout, "");
        assert.equal(server.requests.length, 0);
        assert.equal(existsSync(join(dir, "generated")), false);
      });
    }
  });
});
