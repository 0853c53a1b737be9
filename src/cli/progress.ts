import type { VariantStatus } from "../core/generate/run-summary.ts";

/** Where a reporter writes: stderr, so stdout stays the command's result. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  /** One variant finished. */
  done(status: VariantStatus, label: string, detail: string): void;
  /** Draws the bar a last time and ends its line, so other output starts on a line of its own. */
  finish(): void;
}

const BAR_WIDTH = 24;
/** A terminal redraw at most this often: thousands of variants must not flood a slow terminal. */
const REDRAW_MS = 100;

/**
 * Progress of a generation run: on a terminal, one bar redrawn in place (counts by status and
 * the time left); elsewhere (CI logs, pipes), one plain line per finished variant.
 *
 * @example
 * const progress = createProgress(io.stderr, 12, { passed: 3 }, Date.now); // resumed: 3 passed before
 * progress.done("passed", "email/students/west", "1 answer, 0.9 s");
 */
export function createProgress(
  stream: ProgressStream,
  total: number,
  before: number | Readonly<Partial<Record<VariantStatus, number>>>,
  now: () => number,
): ProgressReporter {
  // A resumed run starts from what the journal already has: a count, or counts by status for the bar.
  const counts: Record<VariantStatus, number> = { passed: 0, repaired: 0, needs_review: 0, failed: 0, ...(typeof before === "number" ? {} : before) };
  const alreadyDone = typeof before === "number" ? before : Object.values(before).reduce((a, b) => a + (b ?? 0), 0);
  const started = now();
  let finished = alreadyDone;
  let lastDraw = 0;
  const width = String(total).length;

  if (!stream.isTTY) {
    return {
      done(status, label, detail) {
        finished++;
        stream.write(`[${String(finished).padStart(width)}/${total}] ${status.padEnd(12)} ${label}${detail ? `  ${detail}` : ""}\n`);
      },
      finish() {},
    };
  }

  function draw(force: boolean): void {
    const t = now();
    if (!force && t - lastDraw < REDRAW_MS) return;
    lastDraw = t;
    const ratio = total > 0 ? finished / total : 1;
    const filled = Math.round(ratio * BAR_WIDTH);
    const ranNow = finished - alreadyDone;
    const left = ranNow > 0 ? ((t - started) / ranNow) * (total - finished) : null;
    const line =
      `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${finished}/${total}` +
      `  passed ${counts.passed} · repaired ${counts.repaired} · review ${counts.needs_review} · failed ${counts.failed}` +
      (left !== null && finished < total ? `  ~${Math.ceil(left / 1000)} s left` : "");
    const columns = stream.columns ?? 100;
    stream.write(`\r${line.slice(0, Math.max(10, columns - 1))}\u001b[K`);
  }

  draw(true);
  return {
    done(status) {
      finished++;
      counts[status]++;
      draw(finished === total);
    },
    finish() {
      draw(true);
      stream.write("\n");
    },
  };
}
