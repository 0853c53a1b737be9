/**
 * Paces model calls under a provider's requests-per-minute and tokens-per-minute limits, so a run
 * of thousands of variants keeps close to 100% of each limit without going over it.
 *
 * The schedule is GCRA (virtual scheduling). Each limited dimension keeps the time up to which its
 * budget is spent (`paidUntil`). A request starts at the latest of now and, per dimension,
 * `paidUntil` minus a small burst allowance; then each `paidUntil` moves on by the request's cost:
 * 60000 / rpm ms for the request, tokens * 60000 / tpm ms for its tokens. Requests come out evenly
 * spaced instead of in a burst at the top of each minute followed by a stall.
 *
 * Burst: providers refill their limits continuously (a bucket that holds a minute) but may enforce
 * them over shorter periods, so only about one second's worth goes at once: the first
 * min(rpm / 60, 10) requests (at least 1), and requests may start while up to one second of token
 * budget is outstanding.
 *
 * A request near a minute's worth of tokens may start only while the minute bucket still has room
 * for it; one larger than the whole tokensPerMinute starts once nothing is outstanding (the best it
 * can get), goes alone, and the requests after it wait its full cost. It never deadlocks; the
 * provider may still refuse it.
 *
 * A cancelled wait keeps its slot: the callers after it are not moved up, so the rate holds.
 */

import { sleep as timerSleep } from "../providers/retry-policy.ts";

const MINUTE_MS = 60_000;
/** Most requests that start at once after an idle spell, however high requestsPerMinute is. */
export const MAX_BURST_REQUESTS = 10;
/** Token budget, in milliseconds of the limit, that may be outstanding when a request starts. */
export const TOKEN_BURST_MS = 1000;

/** The limits to keep under; `now` and `sleep` are for tests. */
export interface RateLimiterOptions {
  /** The provider account's requests-per-minute limit; null or absent for none. */
  requestsPerMinute?: number | null;
  /** The provider account's tokens-per-minute limit (prompt + answer); null or absent for none. */
  tokensPerMinute?: number | null;
  /** Milliseconds on a clock that never goes back (default `performance.now`). */
  now?: () => number;
  /** Waits at least `ms` on that clock, rejecting with the signal's reason on abort (default: a timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What a limiter has done so far, for a run's progress line and summary. */
export interface RateLimiterStats {
  /** Requests let through. */
  granted: number;
  /** Their token estimates, summed. */
  tokens: number;
  /** Callers waiting for their slot now. */
  waiting: number;
  /** Callers that gave up while waiting; their slots stay used. */
  cancelled: number;
  /** Milliseconds the granted callers waited, summed. */
  waitedMs: number;
  /** `penalize` calls. */
  penalties: number;
}

/** Made by `createRateLimiter`; one per provider account and run. */
export interface RateLimiter {
  /**
   * Resolves when a request estimated at `tokens` (prompt + answer) may start. The slot is reserved
   * at call time, so concurrent callers are served in call order. If `signal` aborts first, rejects
   * with its reason; the reserved slot stays used, so later callers never go faster than the limit.
   */
  acquire(tokens: number, signal?: AbortSignal): Promise<void>;
  /**
   * After a rate-limit answer: nothing starts before `ms` from now. Waiting callers keep their order
   * and spacing, shifted so the first starts then; the pause does not refill the burst, so the pace
   * resumes evenly. Overlapping calls do not add up (two 429s with Retry-After 20 s pause 20 s).
   */
  penalize(ms: number): void;
  stats(): RateLimiterStats;
}

interface Waiter {
  slot: number;
  tokens: number;
  calledAt: number;
  release(): void;
  fail(error: unknown): void;
}

/**
 * A limiter shared by every request of a generation run.
 *
 * @example
 * const limiter = createRateLimiter({ requestsPerMinute: 500, tokensPerMinute: 200_000 });
 * await limiter.acquire(estimatedTokens, signal);
 * const answer = await callModel(request, signal);
 * // on a 429: limiter.penalize(retryAfterMs), then retry (acquire again)
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const rpm = perMinute("requestsPerMinute", options.requestsPerMinute, "requests-per-minute");
  const tpm = perMinute("tokensPerMinute", options.tokensPerMinute, "tokens-per-minute");
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? timerSleep;

  // An unlimited dimension costs nothing and allows nothing ahead, so it only keeps slots in order.
  const requestInterval = rpm === null ? 0 : MINUTE_MS / rpm;
  const requestAllowance = rpm === null ? 0 : (Math.min(MAX_BURST_REQUESTS, Math.max(1, Math.floor(rpm / 60))) - 1) * requestInterval;
  const msPerToken = tpm === null ? 0 : MINUTE_MS / tpm;
  const tokenBurst = tpm === null ? 0 : TOKEN_BURST_MS;
  // Never more outstanding than leaves room for this request in a bucket holding a minute.
  const tokenAllowance = (cost: number): number => Math.min(tokenBurst, Math.max(0, MINUTE_MS - cost));

  let requestsPaidUntil = -Infinity;
  let tokensPaidUntil = -Infinity;
  const queue: Waiter[] = [];
  let dispatching = false;
  let interruptSleep: AbortController | undefined;
  const totals = { granted: 0, tokens: 0, cancelled: 0, waitedMs: 0, penalties: 0 };

  function reserve(at: number, tokens: number): number {
    const tokenCost = tokens * msPerToken;
    const slot = Math.max(at, requestsPaidUntil - requestAllowance, tokensPaidUntil - tokenAllowance(tokenCost));
    requestsPaidUntil = Math.max(requestsPaidUntil, slot) + requestInterval;
    tokensPaidUntil = Math.max(tokensPaidUntil, slot) + tokenCost;
    return slot;
  }

  function grant(tokens: number, calledAt: number): void {
    totals.granted += 1;
    totals.tokens += tokens;
    totals.waitedMs += now() - calledAt;
  }

  // One loop releases waiters in queue order, so equal slots cannot resolve out of order and only
  // one timer runs however many callers wait.
  async function dispatch(): Promise<void> {
    dispatching = true;
    try {
      for (let head = queue[0]; head !== undefined; head = queue[0]) {
        const wait = head.slot - now();
        if (wait <= 0) {
          queue.shift();
          grant(head.tokens, head.calledAt);
          head.release();
          continue;
        }
        const interrupt = new AbortController();
        interruptSleep = interrupt;
        try {
          await sleep(wait, interrupt.signal);
        } catch (error) {
          // Interrupted because the queue emptied: look again. Anything else means we cannot wait.
          if (!interrupt.signal.aborted) for (const waiter of queue.splice(0)) waiter.fail(error);
        } finally {
          interruptSleep = undefined;
        }
      }
    } finally {
      dispatching = false;
    }
  }

  return {
    acquire(tokens, signal) {
      if (!Number.isFinite(tokens) || tokens < 0) {
        return Promise.reject(
          new RangeError(`rate limiter: acquire(tokens) must be a finite number of 0 or more, got ${String(tokens)} (pass the request's estimated prompt + answer tokens)`),
        );
      }
      if (signal?.aborted) return Promise.reject(signal.reason);
      const calledAt = now();
      const slot = reserve(calledAt, tokens);
      if (queue.length === 0 && slot <= calledAt) {
        grant(tokens, calledAt);
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index === -1) return;
          queue.splice(index, 1);
          totals.cancelled += 1;
          // Stop the loop's timer so a cancelled run does not keep the process alive.
          if (queue.length === 0) interruptSleep?.abort();
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          slot,
          tokens,
          calledAt,
          release: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          fail: (error) => {
            signal?.removeEventListener("abort", onAbort);
            reject(error);
          },
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(waiter);
        if (!dispatching) void dispatch();
      });
    },

    penalize(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`rate limiter: penalize(ms) must be a finite number of 0 or more, got ${String(ms)} (pass the Retry-After wait in milliseconds)`);
      }
      totals.penalties += 1;
      const resumeAt = now() + ms;
      const head = queue[0];
      const shift = head === undefined ? 0 : Math.max(0, resumeAt - head.slot);
      for (const waiter of queue) waiter.slot += shift;
      // Spending each allowance up to resumeAt means the next new slot is resumeAt or later, with no burst.
      requestsPaidUntil = Math.max(requestsPaidUntil + shift, resumeAt + requestAllowance);
      tokensPaidUntil = Math.max(tokensPaidUntil + shift, resumeAt + tokenBurst);
    },

    stats() {
      return { ...totals, waiting: queue.length };
    },
  };
}

function perMinute(option: string, value: number | null | undefined, limit: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  throw new RangeError(`rate limiter: ${option} must be a positive finite number, got ${String(value)} (set it to the provider account's ${limit} limit, or leave it out for no limit)`);
}
