/**
 * `verifyTrailEvidence`: verification of trail evidence that trusts neither the server nor the
 * file it came from: records, signed tree heads, proofs and keys, recomputed locally against the
 * caller's pinned keys. One pure function serves the trail check and the evidence-bundle check.
 *
 * @module
 */
import { KeeptrustsVerificationError } from "../evidence_errors.ts";
import { readTrailEvidence } from "./_trail_options.ts";
import { TrailVerifier } from "./trail_verifier.ts";
import type {
  ConsistencyProof,
  Digest,
  InclusionProof,
  PublicKey,
  TrailRecord,
  TrailVerification,
  TrustedKey,
} from "./types.ts";

export { GENESIS_HASH } from "./_check_records.ts";

/** What {@linkcode verifyTrailEvidence} checks: untrusted material, as received. */
export interface TrailEvidence {
  /** Records in ascending `seq`, contiguous. */
  readonly records: readonly TrailRecord[];
  /** Digests (signed tree heads) in ascending `first_seq`. */
  readonly digests: readonly Digest[];
  /** Keys as served or bundled: material to check, never trusted by themselves. */
  readonly keys: readonly PublicKey[];
  /** Decision events by `event_id`, exactly as served: their records' `payload_hash` is checked. */
  readonly events?: ReadonlyMap<string, unknown>;
  /**
   * When the records do not start at seq 1: the inclusion proof of the record before the first one
   * in the tree of that size, from which the digests' roots are recomputed through the records.
   */
  readonly frontierProof?: InclusionProof;
  /** Inclusion proofs of records in the trees of the digests given (a bundle's proof). */
  readonly inclusionProofs?: readonly InclusionProof[];
  /** The consistency proof from `checkpoint.tree_size` to the newest digest's `tree_size`. */
  readonly consistencyProof?: ConsistencyProof;
}

/** Options of {@linkcode verifyTrailEvidence}. */
export interface VerifyTrailEvidenceOptions {
  /**
   * The trust anchors: key fingerprints (`"sha256:<hex>"`) or JWKs. Without any, nothing can be
   * trusted and `ok` is false with `untrusted_key`.
   * @default {[]}
   */
  trustedKeys?: readonly TrustedKey[];
  /** A digest stored from an earlier verification: the new tree must be proved to extend it. */
  checkpoint?: Digest;
  /**
   * Accept records after the newest digest (not signed yet) instead of failing with
   * `unsigned_records`. They are still checked as a chain and counted in `pending_records`.
   * @default {false}
   */
  allowPending?: boolean;
}

/** Options of {@linkcode TrailVerifier}: the keys and proofs of {@linkcode TrailEvidence}, and the options. */
export interface TrailVerifierOptions extends VerifyTrailEvidenceOptions {
  /** Keys as served or bundled: material to check, never trusted by themselves. */
  readonly keys: readonly PublicKey[];
  /** See {@linkcode TrailEvidence.frontierProof}. */
  readonly frontierProof?: InclusionProof;
  /** See {@linkcode TrailEvidence.inclusionProofs}. */
  readonly inclusionProofs?: readonly InclusionProof[];
  /** See {@linkcode TrailEvidence.consistencyProof}. */
  readonly consistencyProof?: ConsistencyProof;
}

/**
 * Verifies trail evidence locally and reports every problem: each record's hash from its RFC 8785
 * bytes, links and sequence, decision events against their `payload_hash`, the RFC 9162 Merkle
 * root of every digest recomputed from the records (or an inclusion proof), each digest's range,
 * head, times and Ed25519 signature by a key valid at its time and trusted through `trustedKeys`
 * (pinned, or endorsed from a pin), records not yet signed, two heads of one size with different
 * roots, and the checkpoint's consistency. Pure, synchronous, bounded: nothing in the evidence
 * makes it throw, recurse deeply or keep more than the failures (at most 1,000 listed).
 *
 * @param evidence Records, digests, keys, and optionally events and proofs.
 * @param options `trustedKeys`, `checkpoint`, `allowPending`.
 * @returns The report; `ok` is true only when everything is proved.
 * @throws {TypeError} when an option is malformed (a caller's mistake, not bad evidence).
 *
 * @example Nothing to verify is empty, and fine
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyTrailEvidence } from "@keeptrusts/client/evidence";
 *
 * const report = verifyTrailEvidence({ records: [], digests: [], keys: [] });
 * assert.equal(report.chain_integrity, "empty");
 * assert.equal(report.ok, true);
 * ```
 */
export function verifyTrailEvidence(
  evidence: TrailEvidence,
  options: VerifyTrailEvidenceOptions = {},
): TrailVerification {
  const { records, digests, events, ...proofs } = readTrailEvidence(
    evidence,
    "verify trail evidence",
  );
  const verifier = new TrailVerifier({ ...options, ...proofs });
  verifier.addDigests(digests);
  verifier.addRecords(records, events);
  return verifier.finish();
}

/**
 * Like {@linkcode verifyTrailEvidence}, but throws when the evidence does not verify.
 *
 * @param evidence Records, digests, keys, and optionally events and proofs.
 * @param options `trustedKeys`, `checkpoint`, `allowPending`.
 * @returns The passing report.
 * @throws {KeeptrustsVerificationError} carrying the report in `report`, with the first failure's
 * code in `code`.
 *
 * @example Evidence without trusted keys does not pass
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertTrailEvidence, KeeptrustsVerificationError } from "@keeptrusts/client/evidence";
 *
 * const record = { seq: 1, record_id: "r", created_at: "2026-01-01T00:00:00Z", kind: "decision",
 *   request_id: null, event_id: null, payload_hash: "0".repeat(64), prev_hash: "0".repeat(64),
 *   hash: "0".repeat(64) };
 * assert.throws(
 *   () => assertTrailEvidence({ records: [record], digests: [], keys: [] }),
 *   (err) => err instanceof KeeptrustsVerificationError && err.code === "hash_mismatch",
 * );
 * ```
 */
export function assertTrailEvidence(
  evidence: TrailEvidence,
  options: VerifyTrailEvidenceOptions = {},
): TrailVerification {
  const report = verifyTrailEvidence(evidence, options);
  if (!report.ok) {
    const first = report.failures[0];
    throw new KeeptrustsVerificationError(
      `Trail evidence does not verify: ${first.reason} (${report.failures.length} failure(s))`,
      { report },
    );
  }
  return report;
}
