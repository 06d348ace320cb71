/**
 * The statistics of the benchmark method: the median with its interquartile range, and a verdict
 * against a target that says when the spread is too wide to tell.
 *
 * @module
 */

/** A target a figure is held to. */
export interface Target {
  readonly op: ">=" | "<=";
  readonly value: number;
}

/** The median and quartiles of a sample. */
export interface Spread {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** `met` / `missed` against a target, or `reported` when the figure has none. */
export type Status = "met" | "missed" | "reported";

/** A figure judged against its target. */
export interface Verdict {
  readonly status: Status;
  /** True when the interquartile range is wider than the distance from the median to the target. */
  readonly unresolved: boolean;
  /** A sentence for the reader when `unresolved`, else "". */
  readonly note: string;
}

/** The `p`-quantile (0..1) of sorted values, interpolated linearly (R-7, as spreadsheets do). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The median, quartiles and range of `values`. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    n: sorted.length,
  };
}

/** Judges a spread against a target (or none). */
export function judge(s: Spread, target: Target | undefined): Verdict {
  if (target === undefined) return { status: "reported", unresolved: false, note: "" };
  const met = target.op === ">=" ? s.median >= target.value : s.median <= target.value;
  const width = s.q3 - s.q1;
  const distance = Math.abs(s.median - target.value);
  const unresolved = width > distance;
  return {
    status: met ? "met" : "missed",
    unresolved,
    note: unresolved
      ? `spread ${round(width)} is wider than the distance ${
        round(distance)
      } to the target: not resolved`
      : "",
  };
}

/** Rounds to three significant decimals for printing and JSON. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const digits = Math.abs(x) >= 100 ? 1 : 3;
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
