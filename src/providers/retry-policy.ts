/**
 * When to try a failed model call again and how long to wait: exponential backoff with full
 * jitter (a random wait between 0 and base * 2^n, capped), so many clients hitting the same
 * limit spread out instead of retrying in step; a server's Retry-After wins when it sends one.
 */

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 20_000;
/** A Retry-After longer than this is not waited out: the caller gets the error instead. */
export const RETRY_AFTER_LIMIT_MS = 60_000;

/**
 * Wait before retry number `retry` (1 for the first retry).
 *
 * @example
 * backoffMs(3, () => 0.5) // 1000: half of min(20000, 500 * 2^2)
 */
export function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date; null when absent or
 * unreadable.
 *
 * @example
 * retryAfterMs("2") // 2000
 * retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:30 GMT")) // 30000
 */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Sleeps `ms`, ending early with the signal's reason when the caller cancels.
 *
 * @example
 * await sleep(500, AbortSignal.timeout(100)) // rejects after 100 ms with a TimeoutError
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
