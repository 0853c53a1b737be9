import assert from "node:assert/strict";
import { test } from "node:test";
import { createRateLimiter, type RateLimiterOptions } from "./rate-limiter.ts";

/** A clock whose sleep returns at once after moving time on, recording each wait. */
function autoClock() {
  const clock = {
    time: 0,
    waits: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      clock.waits.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

/** A clock that only moves when the test calls `advance`; sleeps end at their due time or on abort. */
function manualClock() {
  let time = 0;
  const timers: { due: number; resolve: () => void }[] = [];
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => time,
    pending: () => timers.length,
    /** Moves time on without firing timers, as when the event loop is busy. */
    jump: (ms: number) => (time += ms),
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = { due: time + ms, resolve };
        timers.push(timer);
        signal?.addEventListener("abort", () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(signal.reason);
        });
      }),
    async advance(ms: number) {
      const end = time + ms;
      for (;;) {
        const next = timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
        if (next === undefined) break;
        time = next.due;
        timers.splice(timers.indexOf(next), 1);
        next.resolve();
        await settle();
      }
      time = end;
      await settle();
    },
  };
}

/** Acquires one after another, returning the clock time each was let through. */
async function startTimes(options: RateLimiterOptions & { now: () => number }, tokens: number[]): Promise<number[]> {
  const limiter = createRateLimiter(options);
  const starts: number[] = [];
  for (const t of tokens) {
    await limiter.acquire(t);
    starts.push(options.now());
  }
  return starts;
}

test("600 rpm lets a burst of 10 through, then one every 100 ms", async () => {
  const clock = autoClock();
  const starts = await startTimes({ requestsPerMinute: 600, ...clock }, Array(15).fill(0));
  assert.deepEqual(starts, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 200, 300, 400, 500]);
  assert.deepEqual(clock.waits, [100, 100, 100, 100, 100]);
});

test("the burst is one second's worth, at least one request and at most 10", async () => {
  const slow = autoClock();
  assert.deepEqual(await startTimes({ requestsPerMinute: 30, ...slow }, [0, 0, 0]), [0, 2000, 4000]);
  const fast = autoClock();
  const starts = await startTimes({ requestsPerMinute: 60_000, ...fast }, Array(12).fill(0));
  assert.deepEqual(starts, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
});

test("each request's tokens push the next one back by their share of the minute", async () => {
  const clock = autoClock();
  // 60000 tpm is 1 ms a token; a request may start while up to 1000 ms of tokens are outstanding.
  const starts = await startTimes({ tokensPerMinute: 60_000, ...clock }, [500, 500, 500, 200, 1000, 100]);
  assert.deepEqual(starts, [0, 0, 0, 500, 700, 1700]);
  assert.deepEqual(clock.waits, [500, 200, 1000]);
});

test("with both limits the larger wait wins", async () => {
  const clock = autoClock();
  const options = { requestsPerMinute: 600, tokensPerMinute: 60_000, ...clock };
  // 300 tokens (300 ms) outweigh a request (100 ms) once the token burst is spent.
  assert.deepEqual(await startTimes(options, [300, 300, 300, 300, 300, 300, 300]), [0, 0, 0, 0, 200, 500, 800]);
  // 10 tokens (10 ms) weigh less than a request: the request limit spaces them.
  const requests = autoClock();
  assert.deepEqual(await startTimes({ requestsPerMinute: 600, tokensPerMinute: 60_000, ...requests }, Array(12).fill(10)), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 200]);
});

test("concurrent callers are served in call order, each in its own slot", async () => {
  const clock = manualClock();
  const limiter = createRateLimiter({ tokensPerMinute: 60_000, ...clock });
  const served: string[] = [];
  const call = (name: string, tokens: number) => limiter.acquire(tokens).then(() => served.push(`${name}@${clock.now()}`));
  // The tiny requests come last and wait their turn rather than slipping in ahead of the big one.
  const calls = [call("a", 2000), call("b", 5000), call("c", 1), call("d", 1)];
  await clock.advance(0);
  assert.deepEqual(served, ["a@0"]);
  assert.equal(limiter.stats().waiting, 3);
  await clock.advance(7000);
  await Promise.all(calls);
  assert.deepEqual(served, ["a@0", "b@1000", "c@6000", "d@6001"]);
  assert.deepEqual(limiter.stats(), { granted: 4, tokens: 7002, waiting: 0, cancelled: 0, waitedMs: 13001, penalties: 0 });
});

test("a caller arriving while an overdue waiter is still queued goes after it", async () => {
  const clock = manualClock();
  const limiter = createRateLimiter({ requestsPerMinute: 60, ...clock });
  await limiter.acquire(0);
  const served: string[] = [];
  const b = limiter.acquire(0).then(() => served.push("b"));
  await clock.advance(0);
  clock.jump(5000);
  const c = limiter.acquire(0).then(() => served.push("c"));
  await clock.advance(0);
  await Promise.all([b, c]);
  assert.deepEqual(served, ["b", "c"]);
});

test("a request larger than the minute's budget goes once nothing is outstanding", async () => {
  const clock = autoClock();
  // 6000 tpm is 10 ms a token: 10000 tokens cost 100 s, more than the whole minute.
  assert.deepEqual(await startTimes({ tokensPerMinute: 6000, ...clock }, [50, 10_000, 50]), [0, 500, 99_500]);
  // Near a minute's worth, less may be outstanding: 5950 tokens leave room for 500 ms, 5980 for 200 ms.
  const near = autoClock();
  assert.deepEqual(await startTimes({ tokensPerMinute: 6000, ...near }, [50, 5950]), [0, 0]);
  const nearer = autoClock();
  assert.deepEqual(await startTimes({ tokensPerMinute: 6000, ...nearer }, [50, 5980]), [0, 300]);
});

test("penalize holds every later request and resumes the pace without a burst", async () => {
  const clock = autoClock();
  const limiter = createRateLimiter({ requestsPerMinute: 600, ...clock });
  for (let i = 0; i < 10; i++) await limiter.acquire(0);
  limiter.penalize(5000);
  limiter.penalize(5000);
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    await limiter.acquire(0);
    starts.push(clock.time);
  }
  assert.deepEqual(starts, [5000, 5100, 5200]);
  assert.equal(limiter.stats().penalties, 2);
});

test("penalize shifts callers already waiting, keeping their order and spacing", async () => {
  const clock = manualClock();
  const limiter = createRateLimiter({ requestsPerMinute: 600, ...clock });
  for (let i = 0; i < 10; i++) await limiter.acquire(0);
  const served: string[] = [];
  const call = (name: string) => limiter.acquire(0).then(() => served.push(`${name}@${clock.now()}`));
  const waiting = [call("b"), call("c")];
  await clock.advance(50);
  limiter.penalize(1000);
  const late = call("d");
  await clock.advance(999);
  assert.deepEqual(served, []);
  await clock.advance(300);
  await Promise.all([...waiting, late]);
  assert.deepEqual(served, ["b@1050", "c@1150", "d@1250"]);
});

test("an aborted wait rejects with the signal's reason and its slot stays used", async () => {
  const clock = manualClock();
  const limiter = createRateLimiter({ requestsPerMinute: 600, ...clock });
  for (let i = 0; i < 10; i++) await limiter.acquire(0);
  const reason = new Error("run cancelled");
  const controller = new AbortController();
  const cancelled = limiter.acquire(0, controller.signal);
  let servedAt: number | undefined;
  const next = limiter.acquire(0).then(() => (servedAt = clock.now()));
  controller.abort(reason);
  await assert.rejects(cancelled, (error) => error === reason);
  assert.equal(limiter.stats().cancelled, 1);
  await clock.advance(199);
  assert.equal(servedAt, undefined);
  await clock.advance(1);
  await next;
  assert.equal(servedAt, 200);
});

test("when the last waiter gives up no timer is left, and an aborted signal reserves nothing", async () => {
  const clock = manualClock();
  const limiter = createRateLimiter({ requestsPerMinute: 60, ...clock });
  await limiter.acquire(0);
  const controller = new AbortController();
  const waiting = limiter.acquire(0, controller.signal);
  await clock.advance(0);
  assert.equal(clock.pending(), 1);
  controller.abort(new Error("stop"));
  await assert.rejects(waiting, { message: "stop" });
  await clock.advance(0);
  assert.equal(clock.pending(), 0);
  assert.deepEqual(limiter.stats(), { granted: 1, tokens: 0, waiting: 0, cancelled: 1, waitedMs: 0, penalties: 0 });

  const already = AbortSignal.abort(new Error("too late"));
  await assert.rejects(limiter.acquire(0, already), { message: "too late" });
  let servedAt: number | undefined;
  const next = limiter.acquire(0).then(() => (servedAt = clock.now()));
  await clock.advance(2000);
  await next;
  // Slot 1000 went to the cancelled caller; the already-aborted call took none, so this one gets 2000.
  assert.equal(servedAt, 2000);
});

test("without limits nothing waits", async () => {
  const clock = autoClock();
  const limiter = createRateLimiter({ requestsPerMinute: null, tokensPerMinute: undefined, ...clock });
  await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire(1_000_000)));
  assert.deepEqual(clock.waits, []);
  assert.equal(limiter.stats().granted, 1000);
  limiter.penalize(300);
  await limiter.acquire(5);
  assert.deepEqual(clock.waits, [300]);
});

test("limits must be positive finite numbers", () => {
  const message = (option: string, got: string, limit: string) =>
    `rate limiter: ${option} must be a positive finite number, got ${got} (set it to the provider account's ${limit} limit, or leave it out for no limit)`;
  assert.throws(() => createRateLimiter({ requestsPerMinute: 0 }), { name: "RangeError", message: message("requestsPerMinute", "0", "requests-per-minute") });
  assert.throws(() => createRateLimiter({ requestsPerMinute: -5 }), { message: message("requestsPerMinute", "-5", "requests-per-minute") });
  assert.throws(() => createRateLimiter({ requestsPerMinute: Number.NaN }), { message: message("requestsPerMinute", "NaN", "requests-per-minute") });
  assert.throws(() => createRateLimiter({ tokensPerMinute: Infinity }), { message: message("tokensPerMinute", "Infinity", "tokens-per-minute") });
  assert.throws(() => createRateLimiter({ tokensPerMinute: "9000" as unknown as number }), { message: message("tokensPerMinute", "9000", "tokens-per-minute") });
});

test("token estimates and penalties must be finite and not negative", async () => {
  const limiter = createRateLimiter({ requestsPerMinute: 60 });
  await assert.rejects(limiter.acquire(-1), {
    name: "RangeError",
    message: "rate limiter: acquire(tokens) must be a finite number of 0 or more, got -1 (pass the request's estimated prompt + answer tokens)",
  });
  await assert.rejects(limiter.acquire(Number.NaN), { message: /got NaN/ });
  assert.throws(() => limiter.penalize(Number.POSITIVE_INFINITY), {
    name: "RangeError",
    message: "rate limiter: penalize(ms) must be a finite number of 0 or more, got Infinity (pass the Retry-After wait in milliseconds)",
  });
  assert.equal(limiter.stats().granted, 0);
});

test("a failing sleep rejects the waiting callers with its error", async () => {
  const broken = new Error("timers unavailable");
  const limiter = createRateLimiter({ requestsPerMinute: 60, now: () => 0, sleep: () => Promise.reject(broken) });
  await limiter.acquire(0);
  await assert.rejects(Promise.all([limiter.acquire(0), limiter.acquire(0)]), (error) => error === broken);
  assert.equal(limiter.stats().waiting, 0);
});

test("in real time, 6000 rpm spaces requests after the burst by 10 ms", async () => {
  const limiter = createRateLimiter({ requestsPerMinute: 6000 });
  const started = performance.now();
  await Promise.all(Array.from({ length: 30 }, () => limiter.acquire(0)));
  // 10 at once, then 20 more 10 ms apart.
  assert.ok(performance.now() - started >= 199, `took ${performance.now() - started} ms`);
  assert.equal(limiter.stats().granted, 30);
});
