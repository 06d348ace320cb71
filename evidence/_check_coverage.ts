/**
 * Coverage: every record given must lie in a tree whose root is tied to it (recomputed from the
 * records, or an inclusion proof); records after the newest digest are pending (signed by no one)
 * and fail `ok` unless the caller allows them.
 *
 * @module
 */
import { type DigestResult, positive, type TrailCheck } from "./_trail_check.ts";
import type { RecordsSummary } from "./_check_records.ts";

/** What coverage found. */
export interface Coverage {
  /** Records after the newest digest's tree. */
  readonly pending: number;
}

/**
 * Counts pending records and reports unsigned and unproved ones.
 *
 * @param check The shared state.
 * @param summary The ends of the record list.
 * @param digests The digest results.
 * @param allowPending Whether pending records are acceptable.
 */
export function checkCoverage(
  check: TrailCheck,
  summary: RecordsSummary,
  digests: readonly DigestResult[],
  allowPending: boolean,
): Coverage {
  const firstSeq = positive(summary.first?.seq);
  const lastSeq = positive(summary.last?.seq);
  if (firstSeq === undefined || lastSeq === undefined) return { pending: 0 };
  let newest = 0;
  let boundTo = 0;
  for (const d of digests) {
    if (d.treeSize === undefined || d.root === undefined) continue;
    newest = Math.max(newest, d.treeSize);
    if (d.bound && check.roots.has(d.treeSize)) boundTo = Math.max(boundTo, d.treeSize);
  }
  const pending = Math.max(0, lastSeq - Math.max(newest, firstSeq - 1));
  if (pending > 0 && !allowPending) {
    const from = lastSeq - pending + 1;
    check.log.add(
      "unsigned_records",
      `${pending} record(s) from seq ${from} are covered by no signed digest yet (pass allowPending to accept them)`,
      { seq: from },
    );
  }
  let unproved = 0;
  let firstUnproved = 0;
  for (let seq = Math.max(firstSeq, boundTo + 1); seq <= Math.min(lastSeq, newest); seq++) {
    if (check.proved.has(seq)) continue;
    if (unproved++ === 0) firstUnproved = seq;
  }
  if (unproved > 0) {
    check.log.add(
      "not_covered",
      `${unproved} record(s) from seq ${firstUnproved} are not tied to a signed root (no root recomputed through them and no inclusion proof)`,
      { seq: firstUnproved },
    );
  }
  return { pending };
}
