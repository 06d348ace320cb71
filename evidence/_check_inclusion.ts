/**
 * An inclusion proof given with the evidence (a bundle's `inclusion-proof.json`): it proves that
 * a record is leaf `seq - 1` of a digest's tree (RFC 9162 audit path), which ties the record to
 * that signed root without the rest of the log.
 *
 * @module
 */
import { hexBytes, toHex } from "./_bytes.ts";
import { clip } from "./_failures.ts";
import { inclusionProofFailure } from "./_merkle_proof.ts";
import { type DigestResult, isJson, positive, type Shared } from "./_trail_check.ts";
import { merkleLeafHash } from "./merkle.ts";
import { hexPath } from "./verify_consistency.ts";

/** The seq and tree size a proof names, when it names them. */
export function proofPlace(proof: unknown): { seq?: number; size?: number } {
  return isJson(proof) ? { seq: positive(proof.seq), size: positive(proof.tree_size) } : {};
}

/**
 * Checks one proof; returns its seq when it proves its record in the digest's tree.
 *
 * @param shared The shared state.
 * @param proof The proof as given.
 * @param d The digest of its tree size, if one was given.
 * @param recordHash The `hash` of the record it names, if that record was given.
 */
export function checkInclusion(
  shared: Shared,
  proof: unknown,
  d: DigestResult | undefined,
  recordHash: unknown,
): number | undefined {
  const p = isJson(proof) ? proof : {};
  const { seq, size } = proofPlace(proof);
  const path = hexPath(p.audit_path);
  if (seq === undefined || size === undefined || path === undefined) {
    shared.log.add(
      "malformed_proof",
      "an inclusion proof lacks seq, tree_size or a hex audit_path",
    );
    return undefined;
  }
  const where = { seq };
  if (d === undefined || recordHash === undefined) {
    const what = d === undefined ? `no digest of tree size ${size}` : `no record ${seq}`;
    shared.log.add("malformed_proof", `the inclusion proof of record ${seq} has ${what}`, where);
    return undefined;
  }
  const raw = hexBytes(recordHash, 32);
  const leaf = raw && merkleLeafHash(raw);
  if (leaf === undefined || p.leaf_hash !== toHex(leaf)) {
    const message = `the inclusion proof's leaf_hash is not record ${seq}'s leaf`;
    shared.log.add("leaf_hash_mismatch", message, where);
    return undefined;
  }
  const problem = inclusionProofFailure(leaf, seq - 1, size, path, hexBytes(d.root, 32)!);
  if (problem !== undefined) {
    shared.log.add(
      "inclusion_proof_failed",
      `record ${seq} is not proved to be in digest ${d.id}'s tree: ${clip(problem)}`,
      { ...where, digest_id: d.id },
    );
    d.clean = false;
    return undefined;
  }
  d.bound = true;
  return seq;
}
