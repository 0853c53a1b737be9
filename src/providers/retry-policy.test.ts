import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffMs, retryAfterMs, sleep } from "./retry-policy.ts";

test("backoff is full jitter under an exponential ceiling capped at 20 s", () => {
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(n, () => 0.5)), [250, 500, 1000, 2000]);
  assert.equal(backoffMs(12, () => 0.999), 19980);
  assert.equal(backoffMs(3, () => 0), 0);
});

test("Retry-After is read as seconds or as an HTTP date", () => {
  assert.equal(retryAfterMs("2"), 2000);
  assert.equal(retryAfterMs("0.5"), 500);
  assert.equal(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:30 GMT")), 30000);
  assert.equal(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:29:00 GMT")), 0);
  assert.equal(retryAfterMs("soon"), null);
  assert.equal(retryAfterMs(undefined), null);
});

test("sleep ends early with the signal's reason", async () => {
  const reason = new Error("cancelled");
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), 10);
  await assert.rejects(sleep(5000, controller.signal), reason);
});
