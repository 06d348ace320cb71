import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { judge, quantile, spread } from "../../../scripts/bench/_stats.ts";

describe("the benchmarks' statistics", () => {
  it("interpolates quantiles between the order statistics", () => {
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
    assert.equal(quantile([10], 0.75), 10);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  it("gives the median and interquartile range of unsorted rounds", () => {
    const s = spread([0.9, 1.1, 0.95, 1.0, 1.05]);
    assert.deepEqual(s, { median: 1.0, q1: 0.95, q3: 1.05, min: 0.9, max: 1.1, n: 5 });
  });

  it("calls a target met or missed by the median, and unresolved when the spread is wider", () => {
    const tight = spread([0.99, 0.995, 1.0]);
    assert.deepEqual(judge(tight, { op: ">=", value: 0.98 }).status, "met");
    assert.equal(judge(tight, { op: ">=", value: 0.98 }).unresolved, false);
    assert.equal(judge(tight, { op: "<=", value: 0.98 }).status, "missed");
    const wide = spread([0.8, 0.99, 1.2]);
    const verdict = judge(wide, { op: ">=", value: 0.98 });
    assert.equal(verdict.status, "met");
    assert.equal(verdict.unresolved, true);
    assert.match(verdict.note, /wider than the distance 0\.01 to the target/);
    assert.deepEqual(judge(wide, undefined), { status: "reported", unresolved: false, note: "" });
  });
});
