import type { Kit } from "../core/engine/load-kit.ts";
import type { Finding } from "../core/findings.ts";
import { malformedMessage, repairMessage } from "../core/generate/repair-message.ts";
import type { TokenCounts, VariantStatus } from "../core/generate/run-summary.ts";
import { generateFromTemplate } from "../core/generate/template-generator.ts";
import type { PlannedVariant } from "../core/generate/variant-plan.ts";
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_REPAIRS } from "../core/kit/provider-schema.ts";
import { checkOutput, outputJsonSchema } from "../core/library/check-output.ts";
import type { UseCase } from "../core/library/library.ts";
import type { Output } from "../core/library/usecase-schema.ts";
import { compilePrompt } from "../core/prompt/compile-prompt.ts";
import type { ChatMessage, ModelClient } from "../providers/model-client.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { RateLimiter } from "./rate-limiter.ts";

/** The template provider's model id, as lineage and the summary name it. */
export const TEMPLATE_MODEL = "template:template";

/** A finished variant: what the journal records, the summary counts and `--out` writes. */
export interface VariantResult {
  variant: PlannedVariant;
  status: VariantStatus;
  /** The output's fields; null when the variant failed. */
  output: Output | null;
  /** Findings on the last output (every level); the reason a needs_review variant needs review. */
  findings: Finding[];
  /** The brand score of those findings (0-100); null when the variant failed. */
  score: number | null;
  /** The structured asset (`onbrand check` reads it) with the variant's lineage; null when it failed. */
  asset: string | null;
  /** `provider:model`. */
  model: string;
  prefixHash: string;
  /** Answers the model gave (1 + re-asks). */
  answers: number;
  /** Re-asks sent after an off-brand or malformed answer. */
  repairs: number;
  tokens: TokenCounts;
  latenciesMs: number[];
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Why it failed: the provider's one-line error, or the last malformed answer. */
  error: { code: string; message: string } | null;
  /** The model's last answer as written, kept when it could not be read. */
  rawAnswer: string | null;
}

/** Who writes the copy: a model client, or the built-in template generator. */
export type Writer = { kind: "model"; client: ModelClient } | { kind: "template" };

export interface GenerateOptions {
  kit: Kit;
  useCase: UseCase;
  variants: readonly PlannedVariant[];
  writer: Writer;
  /** An approved master asset every variant adapts; it goes in the user message, never the prefix. */
  master?: Output | null;
  /** Re-asks after an output with error-level findings or one that is not JSON (default 2). */
  maxRepairs?: number;
  /** Variants written at once (default 8). */
  concurrency?: number;
  limiter?: RateLimiter;
  /** Tokens a request is counted as before it is sent, for the tokens-per-minute limit. */
  estimateTokens?: (messages: readonly ChatMessage[]) => number;
  /** Called as each variant finishes, in finishing order; awaited (the journal writes here). */
  onVariant?: (result: VariantResult) => void | Promise<void>;
  /** Ctrl-C: no new variant starts, requests in flight stop, finished ones are kept. */
  signal?: AbortSignal;
  /** When the lineage was written (ISO); injected by tests. */
  now?: () => Date;
}

export interface GenerateRun {
  results: VariantResult[];
  /** True when the signal stopped the run before every variant finished. */
  cancelled: boolean;
  /** A problem that stopped the whole run (a missing key, an unreachable endpoint); its variants are not run. */
  fatal: ProviderError | null;
}

/** Provider errors no retry of another variant can fix: the run stops on the first. */
const FATAL_CODES = new Set(["provider_auth", "provider_unreachable"]);

/**
 * Writes each planned variant, checks it with the kit and re-asks the model with the findings
 * until it passes or `maxRepairs` re-asks are spent. Re-asks append the model's answer and a
 * message listing each finding, so the system prefix stays byte-identical (and cached). Runs
 * `concurrency` variants at once under the rate limiter; a variant that still fails is kept as
 * needs_review with its findings, one the provider could not write is `failed` with the error.
 *
 * @example
 * const run = await generateVariants({ kit, useCase, variants: plan.variants, writer: { kind: "template" } });
 * run.results.map((r) => r.status) // ["passed", "passed", ...]
 */
export async function generateVariants(options: GenerateOptions): Promise<GenerateRun> {
  const { variants, signal } = options;
  const results: VariantResult[] = [];
  const stop = new AbortController();
  const stopSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let fatal: ProviderError | null = null;
  // Anything else (a full disk while writing a variant) stops every worker, then is rethrown.
  let broken: { error: unknown } | null = null;
  let next = 0;

  async function worker(): Promise<void> {
    while (!stopSignal.aborted && next < variants.length) {
      const variant = variants[next++] as PlannedVariant;
      let result: VariantResult;
      try {
        result = await writeVariant(options, variant, stopSignal);
      } catch (error) {
        // A request cut short by a stop (Ctrl-C, or another worker's fatal error) is not a result.
        if (stopSignal.aborted) return;
        if (error instanceof ProviderError && FATAL_CODES.has(error.code)) fatal ??= error;
        else broken ??= { error };
        stop.abort(error);
        return;
      }
      results.push(result);
      try {
        await options.onVariant?.(result);
      } catch (error) {
        broken ??= { error };
        stop.abort(error);
        return;
      }
    }
  }

  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, variants.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  if (broken !== null) throw (broken as { error: unknown }).error;
  return { results, cancelled: signal?.aborted === true && results.length < variants.length, fatal };
}

async function writeVariant(options: GenerateOptions, variant: PlannedVariant, signal: AbortSignal): Promise<VariantResult> {
  const { kit, useCase, writer } = options;
  const master = options.master ?? null;
  const prompt = compilePrompt(kit, useCase, variant.brief, variant.target, master);
  const base = { variant, prefixHash: prompt.prefixHash, rawAnswer: null, error: null };

  if (writer.kind === "template") {
    // Deterministic: a re-ask would write the same words, so an off-brand answer goes to review at once.
    const output = generateFromTemplate(kit, useCase, variant.brief, variant.target, { master, variant: variant.n });
    const checked = checkOutput(kit, useCase, variant.target, output);
    const status = checked.findings.some((f) => f.level === "error") ? "needs_review" : "passed";
    return {
      ...base,
      status,
      output,
      findings: checked.findings,
      score: checked.score,
      asset: withLineage(checked.asset, variant, status, checked.findings, TEMPLATE_MODEL, prompt.prefixHash, 1, 0, options.now),
      model: TEMPLATE_MODEL,
      answers: 1,
      repairs: 0,
      tokens: { input: 0, output: 0, cachedInput: 0 },
      latenciesMs: [],
      requests: 0,
    };
  }

  const client = writer.client;
  const maxRepairs = options.maxRepairs ?? DEFAULT_MAX_REPAIRS;
  const schema = outputJsonSchema(kit, useCase, variant.target.channel?.id ?? null);
  const messages: ChatMessage[] = prompt.messages.map((m) => ({ role: m.role, content: m.content }));
  const tokens: TokenCounts = { input: 0, output: 0, cachedInput: 0 };
  const latenciesMs: number[] = [];
  let requests = 0;
  const onRetry = ({ code, waitMs }: { code: string; waitMs: number }) => {
    if (code === "provider_rate_limited") options.limiter?.penalize(waitMs);
  };

  for (let answers = 1; ; answers++) {
    const repairs = answers - 1;
    try {
      const estimate = options.estimateTokens?.(messages) ?? 0;
      const acquire = async () => options.limiter?.acquire(estimate, signal);
      await acquire();
      // A retry is another request to the provider: it takes its own slot, like the first.
      const answer = await client.generate({ messages, schema, schemaName: schemaName(useCase.id), signal, onRetry, beforeRetry: acquire });
      tokens.input += answer.usage.inputTokens;
      tokens.output += answer.usage.outputTokens;
      tokens.cachedInput += answer.usage.cachedInputTokens;
      latenciesMs.push(answer.latencyMs);
      requests += answer.attempts;
      const read = readFields(answer.output, answer.text);
      const common = { ...base, model: client.id, answers, repairs, tokens, latenciesMs, requests };
      if (read.fields === null) {
        if (repairs < maxRepairs) {
          messages.push({ role: "assistant", content: answer.text }, { role: "user", content: malformedMessage(read.reason) });
          continue;
        }
        return {
          ...common,
          status: "failed",
          output: null,
          findings: [],
          score: null,
          asset: null,
          error: { code: "malformed_output", message: `the model's answer was not a JSON object (${read.reason}) after ${repairs} re-ask${repairs === 1 ? "" : "s"}` },
          rawAnswer: answer.text,
        };
      }
      const checked = checkOutput(kit, useCase, variant.target, read.fields);
      const blocking = checked.findings.some((f) => f.level === "error");
      if (blocking && repairs < maxRepairs) {
        messages.push({ role: "assistant", content: answer.text }, { role: "user", content: repairMessage(checked.findings) });
        continue;
      }
      const status: VariantStatus = blocking ? "needs_review" : repairs === 0 ? "passed" : "repaired";
      return {
        ...common,
        status,
        output: read.fields,
        findings: checked.findings,
        score: checked.score,
        asset: withLineage(checked.asset, variant, status, checked.findings, client.id, prompt.prefixHash, answers, repairs, options.now),
      };
    } catch (error) {
      if (signal.aborted || !(error instanceof ProviderError) || FATAL_CODES.has(error.code)) throw error;
      return {
        ...base,
        status: "failed",
        output: null,
        findings: [],
        score: null,
        asset: null,
        model: client.id,
        answers: answers - 1,
        repairs,
        tokens,
        latenciesMs,
        requests: requests + error.attempts,
        error: { code: error.code, message: error.message },
      };
    }
  }
}

/** The answer's fields: `{fields: {...}}` as the schema asks, or the bare object some models write. */
function readFields(output: unknown, text: string): { fields: Output; reason: "" } | { fields: null; reason: string } {
  if (output === null || output === undefined) return { fields: null, reason: jsonProblem(text) };
  if (typeof output !== "object" || Array.isArray(output)) return { fields: null, reason: `found ${Array.isArray(output) ? "a list" : typeof output}` };
  const wrapped = (output as { fields?: unknown }).fields;
  if (wrapped !== undefined) {
    if (wrapped === null || typeof wrapped !== "object" || Array.isArray(wrapped)) return { fields: null, reason: '"fields" is not an object' };
    return { fields: wrapped as Output, reason: "" };
  }
  return { fields: output as Output, reason: "" };
}

function jsonProblem(text: string): string {
  if (text.trim() === "") return "the answer was empty";
  try {
    JSON.parse(text);
    return "it did not match the output schema";
  } catch (error) {
    return error instanceof Error ? error.message : "not JSON";
  }
}

/** Structured-output names allow letters, digits, _ and - (OpenAI: at most 64). */
function schemaName(useCaseId: string): string {
  return useCaseId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
}

/** The checked asset plus where it came from and how it fared: `onbrand check` reads only channel, locale and fields. */
function withLineage(
  asset: string,
  variant: PlannedVariant,
  status: VariantStatus,
  findings: readonly Finding[],
  model: string,
  prefixHash: string,
  answers: number,
  repairs: number,
  now: (() => Date) | undefined,
): string {
  const parsed = JSON.parse(asset) as Record<string, unknown>;
  const [provider, ...name] = model.split(":");
  return `${JSON.stringify(
    {
      ...parsed,
      audience: variant.target.audience?.id ?? null,
      region: variant.target.region?.id ?? null,
      status,
      findings: findings.map((f) => ({ rule: f.rule, level: f.level, field: f.field, line: f.line, column: f.column, match: f.match, message: f.message })),
      lineage: {
        variant_id: variant.id,
        kit_version: variant.kitVersion,
        use_case_version: variant.useCaseVersion,
        provider,
        model: name.join(":"),
        prompt_prefix_hash: prefixHash,
        brief_hash: variant.briefHash,
        brief_index: variant.briefIndex,
        variant: variant.n,
        answers,
        repairs,
        generated_at: (now ?? (() => new Date()))().toISOString(),
      },
    },
    null,
    2,
  )}\n`;
}
