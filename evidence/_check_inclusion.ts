/**
 * Inclusion proofs given with the evidence (a bundle's `inclusion-proof.json`): each proves that a
 * record is leaf `seq - 1` of a digest's tree (RFC 9162 audit path), which ties the record to that
 * signed root without the rest of the log.
 *
 * @module
 */
import { hexBytes, toHex } from "./_bytes.ts";
import { clip } from "./_failures.ts";
import { inclusionProofFailure } from "./_merkle_proof.ts";
import { type DigestResult, isJson, positive, type TrailCheck } from "./_trail_check.ts";
import { merkleLeafHash } from "./merkle.ts";
import { hexPath } from "./verify_consistency.ts";

/** Checks one proof; true when it proves its record in its digest's tree. */
function checkOne(check: TrailCheck, bySize: Map<number, DigestResult>, proof: unknown): boolean {
  const p = isJson(proof) ? proof : {};
  const seq = positive(p.seq);
  const size = positive(p.tree_size);
  const path = hexPath(p.audit_path);
  if (seq === undefined || size === undefined || path === undefined) {
    check.log.add("malformed_proof", "an inclusion proof lacks seq, tree_size or a hex audit_path");
    return false;
  }
  const where = { seq };
  const d = bySize.get(size);
  const record = check.recordAt(seq);
  if (d === undefined || d.root === undefined || record === undefined) {
    const what = d === undefined ? `no digest of tree size ${size}` : `no record ${seq}`;
    check.log.add(
      "malformed_proof",
      `the inclusion proof of record ${seq} has ${what} to check against`,
      where,
    );
    return false;
  }
  const raw = hexBytes(record.hash, 32);
  const leaf = raw && merkleLeafHash(raw);
  if (leaf === undefined || p.leaf_hash !== toHex(leaf)) {
    check.log.add(
      "leaf_hash_mismatch",
      `the inclusion proof's leaf_hash is not record ${seq}'s leaf`,
      where,
    );
    return false;
  }
  const problem = inclusionProofFailure(leaf, seq - 1, size, path, hexBytes(d.root, 32)!);
  if (problem !== undefined) {
    check.log.add(
      "inclusion_proof_failed",
      `record ${seq} is not proved to be in digest ${d.id}'s tree: ${clip(problem)}`,
      { ...where, digest_id: d.id },
    );
    return false;
  }
  check.proved.add(seq);
  d.bound = true;
  return true;
}

/**
 * Checks every inclusion proof against the digest of its tree size.
 *
 * @param check The shared state.
 * @param digests The digest results.
 * @param proofs The proofs as given.
 */
export function checkInclusionProofs(
  check: TrailCheck,
  digests: readonly DigestResult[],
  proofs: readonly unknown[],
): void {
  const bySize = new Map<number, DigestResult>();
  for (const d of digests) if (d.treeSize !== undefined) bySize.set(d.treeSize, d);
  for (const proof of proofs) {
    const before = check.log.count;
    if (!checkOne(check, bySize, proof)) {
      const size = isJson(proof) ? positive(proof.tree_size) : undefined;
      const d = size === undefined ? undefined : bySize.get(size);
      if (d !== undefined && check.log.count !== before) d.clean = false;
    }
  }
}
