/**
 * Coverage: every record given must lie in a tree whose root is tied to it (recomputed through the
 * records, or an inclusion proof); records after the newest digest are pending (signed by no one)
 * and fail `ok` unless the caller allows them.
 *
 * @module
 */
import type { Shared } from "./_trail_check.ts";

/** What coverage is computed from. */
export interface CoverageInput {
  /** First and last seq of the records given. */
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The largest tree size of a readable digest (0 when none). */
  readonly newest: number;
  /** The largest tree size whose root was recomputed through the records and matched. */
  readonly boundTo: number;
  /** Records proved by inclusion proofs. */
  readonly proved: ReadonlySet<number>;
}

/**
 * Reports unsigned and unproved records; returns the number of pending records.
 *
 * @param shared The shared state.
 * @param input What the passes found.
 * @param allowPending Whether pending records are acceptable.
 */
export function checkCoverage(shared: Shared, input: CoverageInput, allowPending: boolean): number {
  const { firstSeq, lastSeq, newest, boundTo, proved } = input;
  const pending = Math.max(0, lastSeq - Math.max(newest, firstSeq - 1));
  if (pending > 0 && !allowPending) {
    const from = lastSeq - pending + 1;
    shared.log.add(
      "unsigned_records",
      `${pending} record(s) from seq ${from} are covered by no signed digest yet (pass allowPending to accept them)`,
      { seq: from },
    );
  }
  const lo = Math.max(firstSeq, boundTo + 1);
  const hi = Math.min(lastSeq, newest);
  if (lo > hi) return pending;
  let unproved = hi - lo + 1;
  let firstUnproved = lo;
  for (const seq of [...proved].sort((a, b) => a - b)) {
    if (seq < lo || seq > hi) continue;
    unproved--;
    if (seq === firstUnproved) firstUnproved++;
  }
  if (unproved > 0) {
    shared.log.add(
      "not_covered",
      `${unproved} record(s) from seq ${firstUnproved} are not tied to a signed root (no root recomputed through them and no inclusion proof)`,
      { seq: firstUnproved },
    );
  }
  return pending;
}
