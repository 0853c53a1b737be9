import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { UsageError } from "../core/errors.ts";
import { type BriefSet, readRawBrief } from "./brief-input.ts";
import { type CliIo, EXIT_FINDINGS, EXIT_OK } from "./cli-io.ts";
import type { StudioClient } from "./server-client.ts";

/** How often the run's progress is asked for. */
const POLL_MS = 1000;
const PAGE = 200;

export interface RemoteGenerateOptions {
  useCase: string;
  brief: string | undefined;
  sets: readonly BriefSet[];
  channels: string[] | undefined;
  audiences: string[] | undefined;
  regions: string[] | undefined;
  count: number | undefined;
  provider: string | undefined;
  model: string | undefined;
  maxRepairs: number | undefined;
  /** Where the variants go (default generated/<use case>). */
  out: string | undefined;
  format: "text" | "json";
}

interface RemoteRun {
  id: string;
  status: "queued" | "running" | "finished" | "cancelled" | "failed";
  planned: number;
  succeeded: number;
  needsReview: number;
  failed: number;
  error: string | null;
  summary: Record<string, unknown> | null;
}

interface RemoteAsset {
  id: string;
  title: string | null;
  status: string;
  channel: string | null;
  locale: string | null;
  audience: string | null;
  region: string | null;
  fields: Record<string, unknown>;
  variantId?: string | null;
}

/**
 * `onbrand generate --server`: starts a generation run on the studio (its kit, library, provider
 * settings and keys), follows its progress, and writes the stored variants to `--out` as structured
 * asset files that `onbrand check` reads. Ctrl-C cancels the run on the server. Exit codes as for a
 * local run: 0 every variant passed or was repaired, 1 some need review or failed.
 *
 * @example await generateOnServer(client, { useCase: "push", brief: undefined, sets, ... }, io);
 */
export async function generateOnServer(client: StudioClient, options: RemoteGenerateOptions, io: CliIo): Promise<number> {
  const brief = await readRawBrief(options.brief, options.sets, io);
  const body: Record<string, unknown> = { useCase: options.useCase, brief };
  for (const [key, value] of Object.entries({
    channels: options.channels,
    audiences: options.audiences,
    regions: options.regions,
    count: options.count,
    provider: options.provider,
    model: options.model,
    maxRepairs: options.maxRepairs,
  })) {
    if (value !== undefined) body[key] = value;
  }
  let run = await client.request<RemoteRun>("POST", "/api/runs", body);
  io.stderr.write(`onbrand: run ${run.id} started on ${client.url} (${run.planned} variants)\n`);
  let interrupted = false;
  const release = io.onInterrupt?.(() => {
    interrupted = true;
  });
  try {
    let shown = -1;
    while (run.status === "queued" || run.status === "running") {
      if (interrupted) {
        run = await client.request<RemoteRun>("POST", `/api/runs/${run.id}/cancel`);
        io.stderr.write(`onbrand: run ${run.id} cancelled; the variants already stored stay in the studio\n`);
        break;
      }
      await delay(POLL_MS);
      run = await client.request<RemoteRun>("GET", `/api/runs/${run.id}`);
      const done = run.succeeded + run.needsReview + run.failed;
      if (done !== shown) {
        io.stderr.write(`onbrand: ${done}/${run.planned} variants (${run.status})\n`);
        shown = done;
      }
    }
  } finally {
    release?.();
  }
  if (run.status === "failed") throw new UsageError(`the run failed on the studio: ${run.error ?? "no reason given"}`);

  const out = resolve(io.cwd, options.out ?? join("generated", options.useCase));
  const written = await downloadVariants(client, run.id, out);
  io.stderr.write(`onbrand: wrote ${written} variant${written === 1 ? "" : "s"} to ${out}\n`);
  const report = { run: run.id, status: run.status, planned: run.planned, passed: run.succeeded, needsReview: run.needsReview, failed: run.failed, out, summary: run.summary };
  if (options.format === "json") io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(`run ${run.id}: ${run.status}; ${run.succeeded} passed, ${run.needsReview} need review, ${run.failed} failed of ${run.planned}\n`);
  return run.status === "finished" && run.needsReview === 0 && run.failed === 0 ? EXIT_OK : EXIT_FINDINGS;
}

/** Every asset of the run, page by page, as `<variant id>.json` structured asset files. */
async function downloadVariants(client: StudioClient, runId: string, out: string): Promise<number> {
  mkdirSync(out, { recursive: true });
  let written = 0;
  let cursor: string | null = null;
  do {
    const query: string = `generationRunId=${encodeURIComponent(runId)}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: { items: RemoteAsset[]; nextCursor: string | null } = await client.request("GET", `/api/assets?${query}`);
    for (const asset of page.items) {
      const { id, title, status, channel, locale, audience, region, fields } = asset;
      const file = { channel, locale, audience, region, title, status, studio: { assetId: id, runId }, fields };
      writeFileSync(join(out, `${fileNameOf(asset)}.json`), `${JSON.stringify(file, null, 2)}\n`);
      written++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return written;
}

function fileNameOf(asset: RemoteAsset): string {
  const parts = [asset.channel, asset.audience, asset.region].filter((p): p is string => typeof p === "string" && p !== "");
  return `${[...parts, asset.id.slice(0, 8)].join(".")}`.replace(/[^\w.-]+/g, "-");
}
