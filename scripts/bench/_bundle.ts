/**
 * An evidence bundle of the format of DESIGN.md section 5 (the event, its record, an RFC 9162
 * inclusion proof, the signed tree head and the key), assembled from a synthetic trail with the
 * benchmarks' own Merkle code: its size must not depend on the log's.
 *
 * @module
 */
import canonicalize from "canonicalize";
import { auditPath, leafHash } from "./_merkle.ts";
import { sha256, type SyntheticTrail, syntheticTrail } from "./_trail.ts";
import { Buffer } from "node:buffer";

/** A bundle for the first record of a log of `logSize` records, one tree head over them all. */
export function proofBundle(
  logSize: number,
): { bundle: Record<string, unknown>; trail: SyntheticTrail } {
  const event = {
    event_id: "evt_1",
    request_id: "req_1",
    created_at: "2026-05-31T00:00:00.001000Z",
    verdict: "allow",
    citations: [],
  };
  const trail = syntheticTrail(logSize, logSize, {
    firstPayloadHash: sha256(canonicalize(event)!),
  });
  const leaves = trail.records.map((r) => leafHash(Buffer.from(r.hash, "hex")));
  const bundle = {
    request_id: "req_1",
    event,
    record: trail.records[0],
    inclusion_proof: {
      seq: 1,
      tree_size: logSize,
      leaf_hash: leaves[0].toString("hex"),
      audit_path: auditPath(leaves, 0).map((h) => h.toString("hex")),
    },
    digest: trail.digests[0],
    public_key: trail.keys[0],
    verification: { ok: true, failures: [] },
  };
  return { bundle, trail };
}
