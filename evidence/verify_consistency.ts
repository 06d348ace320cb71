/**
 * `verifyConsistency`: whether a newer signed tree head extends an older one (RFC 9162 consistency
 * proof), for parties comparing the checkpoints they hold.
 *
 * @module
 */
import { hexBytes } from "./_bytes.ts";
import { clip, FailureLog } from "./_failures.ts";
import { consistencyProofFailure } from "./_merkle_proof.ts";
import type { ConsistencyProof, Digest, TrailFailure } from "./types.ts";

/** The tree fields of a checkpoint (a digest) that {@linkcode verifyConsistency} reads. */
export type TreeHead = Pick<Digest, "digest_id" | "tree_size" | "root_hash">;

/** The result of {@linkcode verifyConsistency}. */
export interface ConsistencyVerification {
  /** True when the newer tree is proved to extend the older one. */
  readonly ok: boolean;
  /** `proved`, or `failed` with the failures saying why. */
  readonly consistency: "proved" | "failed";
  /** `split_view` (the two heads cannot both be honest), `malformed_proof` or `unverifiable`. */
  readonly failures: readonly TrailFailure[];
}

/** The 32-byte hashes of a hex path, or `undefined` when it is not one (at most 128 entries). */
export function hexPath(value: unknown): Uint8Array[] | undefined {
  if (!Array.isArray(value) || value.length > 128) return undefined;
  const out: Uint8Array[] = [];
  for (const item of value) {
    const bytes = hexBytes(item, 32);
    if (bytes === undefined) return undefined;
    out.push(bytes);
  }
  return out;
}

/** The size and root of a tree head, or why it has none this SDK can read. */
function treeOf(head: unknown): { size: number; root: Uint8Array; id: string } | string {
  if (typeof head !== "object" || head === null) return "is not an object";
  const { tree_size, root_hash, digest_id } = head as Record<string, unknown>;
  const root = hexBytes(root_hash, 32);
  if (!Number.isSafeInteger(tree_size) || (tree_size as number) < 0 || root === undefined) {
    return "has no tree_size and root_hash (a digest without a Merkle tree head)";
  }
  return { size: tree_size as number, root, id: clip(digest_id) };
}

/**
 * Verifies that two signed tree heads (checkpoints) describe one log: the smaller tree is a prefix
 * of the larger, by the RFC 9162 consistency proof between their sizes. Two heads of the same size
 * must have the same root. A failed proof is evidence that the log showed different histories:
 * the failure is `split_view` and names both digests. Order does not matter (the smaller tree is
 * taken as the older). The heads' signatures are not checked here: pass heads you verified (a
 * `checkpoint` from `verifyTrail` or `verifyTrailEvidence` is one). Never throws on bad input.
 *
 * @param older A checkpoint you hold.
 * @param newer Another checkpoint, usually later.
 * @param proof The consistency proof between their sizes (`getConsistencyProof`); for heads of the
 * same size, `{ first: n, second: n, consistency_path: [] }`.
 * @returns `ok` and `consistency: "proved"`, or the failures.
 *
 * @example Two heads of the same size that disagree are a split view
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyConsistency } from "@keeptrusts/client/evidence";
 *
 * const a = { digest_id: "dig_a", tree_size: 8, root_hash: "aa".repeat(32) };
 * const b = { digest_id: "dig_b", tree_size: 8, root_hash: "bb".repeat(32) };
 * const report = verifyConsistency(a, b, { first: 8, second: 8, consistency_path: [] });
 * assert.equal(report.ok, false);
 * assert.equal(report.failures[0].code, "split_view");
 * ```
 */
export function verifyConsistency(
  older: TreeHead,
  newer: TreeHead,
  proof: ConsistencyProof,
): ConsistencyVerification {
  const log = new FailureLog();
  let a = treeOf(older);
  let b = treeOf(newer);
  if (typeof a === "string" || typeof b === "string") {
    const which = typeof a === "string" ? `the older head ${a}` : `the newer head ${b}`;
    log.add("unverifiable", `Cannot prove consistency: ${which}`);
  } else {
    if (a.size > b.size) [a, b] = [b, a];
    const path = hexPath((proof as { consistency_path?: unknown } | null)?.consistency_path);
    const { first, second } = (proof ?? {}) as Partial<ConsistencyProof>;
    const where = { digest_id: b.id, other_digest_id: a.id };
    if (path === undefined) {
      log.add("malformed_proof", "the consistency path is not a list of 32-byte hex hashes", where);
    } else if (first !== a.size || second !== b.size) {
      log.add(
        "malformed_proof",
        `the proof is from ${clip(first)} to ${clip(second)}, not ${a.size} to ${b.size}`,
        where,
      );
    } else {
      const problem = consistencyProofFailure(a.size, b.size, path, a.root, b.root);
      if (problem !== undefined) {
        log.add(
          "split_view",
          `digests ${a.id} and ${b.id} show different histories: ${problem}`,
          where,
        );
      }
    }
  }
  const failures = log.list();
  return {
    ok: failures.length === 0,
    consistency: failures.length === 0 ? "proved" : "failed",
    failures,
  };
}
