import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../rule.ts";
import { emitReports } from "./report-buffer.ts";

function emitted(reports: Report[], limit: number): Array<[number, number]> {
  const out: Report[] = [];
  emitReports({ report: (report) => out.push(report) }, reports, limit);
  return out.map((report) => [report.start, report.end]);
}

const r = (start: number, end: number): Report => ({ start, end, message: `${start}` });

test("reports come out in source order, once per span", () => {
  assert.deepEqual(emitted([r(9, 12), r(0, 3), r(9, 12), r(0, 5)], 0), [
    [0, 3],
    [0, 5],
    [9, 12],
  ]);
});

test("limit keeps the first reports in source order", () => {
  assert.deepEqual(emitted([r(20, 21), r(5, 6), r(10, 11)], 2), [
    [5, 6],
    [10, 11],
  ]);
});
