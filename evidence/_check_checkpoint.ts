/**
 * The checkpoint: a digest the caller stored from an earlier verification must be a prefix of the
 * newest verified tree (the same root when recomputed from the records at its size, or an RFC 9162
 * consistency proof between the two sizes). A failure is a `split_view` naming both digests. The
 * new checkpoint is the newest digest that verified completely, or the stored one when newer.
 *
 * @module
 */
import type { DigestResult, Shared } from "./_trail_check.ts";
import type { Digest } from "./types.ts";
import { verifyConsistency } from "./verify_consistency.ts";

/** What the checkpoint check found. */
export interface CheckpointResult {
  readonly consistency: "proved" | "not_checked" | "failed";
  readonly checkpoint: Digest | null;
}

/**
 * Proves the stored checkpoint consistent with the newest verified digest.
 *
 * @param shared The shared state.
 * @param newest The newest digest that verified completely, if any.
 * @param stored The caller's checkpoint (already checked for shape), if any.
 * @param recomputed The root recomputed from the records at the checkpoint's size, if any.
 * @param proof A consistency proof between the two sizes, if given.
 */
export function checkCheckpoint(
  shared: Shared,
  newest: DigestResult | undefined,
  stored: Digest | undefined,
  recomputed: string | undefined,
  proof: unknown,
): CheckpointResult {
  const fresh = (newest?.digest ?? null) as Digest | null;
  if (stored === undefined) return { consistency: "not_checked", checkpoint: fresh };
  if (newest === undefined) {
    const message =
      `checkpoint ${stored.digest_id} cannot be compared: no digest verified completely`;
    shared.log.add("unverifiable", message, { digest_id: stored.digest_id });
    return { consistency: "not_checked", checkpoint: null };
  }
  const later = stored.tree_size > newest.treeSize ? stored : fresh;
  const where = { digest_id: newest.id, other_digest_id: stored.digest_id };
  if (recomputed !== undefined || stored.tree_size === newest.treeSize) {
    if ((recomputed ?? newest.root) === stored.root_hash) {
      return { consistency: "proved", checkpoint: later };
    }
    shared.log.add(
      "split_view",
      `checkpoint ${stored.digest_id} and digest ${newest.id} show different histories: the root of the first ${stored.tree_size} records differs`,
      where,
    );
    return { consistency: "failed", checkpoint: null };
  }
  if (proof === undefined) {
    shared.log.add(
      "unverifiable",
      `no consistency proof from checkpoint ${stored.digest_id} (${stored.tree_size}) to digest ${newest.id} (${newest.treeSize}) was given`,
      where,
    );
    return { consistency: "not_checked", checkpoint: null };
  }
  const report = verifyConsistency(stored, newest.digest as unknown as Digest, proof as never);
  for (const f of report.failures) shared.log.add(f.code, f.reason, where);
  return report.ok
    ? { consistency: "proved", checkpoint: later }
    : { consistency: "failed", checkpoint: null };
}
