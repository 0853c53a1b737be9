import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgress } from "./progress.ts";

/** A stream that keeps each write, and a clock the test moves. */
function setup(tty: { isTTY: true; columns?: number } | null) {
  const writes: string[] = [];
  const stream = { write: (text: string) => writes.push(text), ...tty };
  let time = 1000;
  return { writes, stream, now: () => time, at: (t: number) => (time = t) };
}

const bar = (filled: number) => `[${"#".repeat(filled)}${"-".repeat(24 - filled)}]`;
const redraw = (line: string) => `\r${line}\u001b[K`;

test("plain mode: one line per finished variant, numbered from the variants already done", () => {
  const { writes, stream, now } = setup(null);
  const progress = createProgress(stream, 12, 0, now);
  assert.deepEqual(writes, []);
  progress.done("passed", "email/students/uk b1 v1", "1 answer, 0.9 s");
  progress.done("needs_review", "email/-/- b2 v1", "");
  progress.done("failed", "sms/-/-", "provider_timeout");
  progress.finish();
  assert.deepEqual(writes, [
    "[ 1/12] passed       email/students/uk b1 v1  1 answer, 0.9 s\n",
    "[ 2/12] needs_review email/-/- b2 v1\n",
    "[ 3/12] failed       sms/-/-  provider_timeout\n",
  ]);

  const resumed = setup(null);
  const again = createProgress(resumed.stream, 120, 97, resumed.now);
  again.done("repaired", "email/-/-", "3 answers");
  assert.deepEqual(resumed.writes, ["[ 98/120] repaired     email/-/-  3 answers\n"]);
});

test("terminal: one bar redrawn in place, at most every 100 ms, always on the last variant; finish ends the line", () => {
  const { writes, stream, now, at } = setup({ isTTY: true, columns: 200 });
  const progress = createProgress(stream, 4, 0, now);
  assert.deepEqual(writes, [redraw(`${bar(0)} 0/4  passed 0 · repaired 0 · review 0 · failed 0`)]);

  at(1050);
  progress.done("passed", "a", "");
  assert.equal(writes.length, 1, "50 ms after the last draw: no redraw");

  at(1200);
  progress.done("repaired", "b", "");
  // 2 done in 200 ms, 2 to go: about 200 ms left, shown in whole seconds.
  assert.deepEqual(writes.slice(1), [redraw(`${bar(12)} 2/4  passed 1 · repaired 1 · review 0 · failed 0  ~1 s left`)]);

  at(1210);
  progress.done("failed", "c", "");
  assert.equal(writes.length, 2, "10 ms after the last draw: no redraw");

  at(1220);
  progress.done("needs_review", "d", "");
  assert.deepEqual(writes.slice(2), [redraw(`${bar(24)} 4/4  passed 1 · repaired 1 · review 1 · failed 1`)]);

  at(1230);
  progress.finish();
  assert.deepEqual(writes.slice(3), [redraw(`${bar(24)} 4/4  passed 1 · repaired 1 · review 1 · failed 1`), "\n"]);
});

test("terminal: a resumed run starts the bar at the variants already done and times only the new ones", () => {
  const { writes, stream, now, at } = setup({ isTTY: true, columns: 200 });
  const progress = createProgress(stream, 4, 2, now);
  at(4000);
  progress.done("passed", "a", "");
  assert.deepEqual(writes, [
    redraw(`${bar(12)} 2/4  passed 0 · repaired 0 · review 0 · failed 0`),
    redraw(`${bar(18)} 3/4  passed 1 · repaired 0 · review 0 · failed 0  ~3 s left`),
  ]);
});

test("terminal: the line is cut to the terminal's width less one column, never below 10", () => {
  const full = `${bar(0)} 0/4  passed 0 · repaired 0 · review 0 · failed 0`;
  const cases: [number | undefined, string][] = [
    [40, full.slice(0, 39)],
    [5, full.slice(0, 10)],
    [undefined, full],
  ];
  for (const [columns, expected] of cases) {
    const { writes, stream, now } = setup(columns === undefined ? { isTTY: true } : { isTTY: true, columns });
    createProgress(stream, 4, 0, now);
    assert.deepEqual(writes, [redraw(expected)], String(columns));
  }
});
