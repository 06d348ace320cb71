/**
 * The record pass: each record's hash from its canonical bytes, its link to the one before, the
 * sequence, its event's `payload_hash`, and the Merkle tree over the record hashes, whose root is
 * kept at the sizes the digests (and a checkpoint) name. One loop, O(log n) memory for the tree.
 *
 * @module
 */
import { hexBytes, toHex } from "./_bytes.ts";
import { canonicalOrUndefined, recordHashOrUndefined, sha256Hex } from "./_canonical.ts";
import { clip } from "./_failures.ts";
import { isJson, type Json, positive, type TrailCheck } from "./_trail_check.ts";
import { MerkleFrontier, merkleLeafHash } from "./merkle.ts";
import { hexPath } from "./verify_consistency.ts";

/** The hash before the first record: 64 zeros. */
export const GENESIS_HASH: string = "0".repeat(64);

/** What the record pass found at the ends of the list. */
export interface RecordsSummary {
  readonly first: Json | undefined;
  readonly last: Json | undefined;
}

/**
 * The tree before the first record: empty when it is record 1, restored from `frontierProof` (the
 * inclusion proof of the record before it, in the tree of that size) otherwise, or none.
 */
function startFrontier(
  check: TrailCheck,
  first: Json,
  frontierProof: unknown,
): MerkleFrontier | undefined {
  const seq = first.seq as number;
  if (seq === 1) {
    if (first.prev_hash !== GENESIS_HASH) {
      check.log.add("prev_hash_mismatch", "record 1 does not start from the genesis hash", {
        seq: 1,
      });
    }
    return new MerkleFrontier();
  }
  if (frontierProof === undefined) return undefined;
  const proof = isJson(frontierProof) ? frontierProof : {};
  const prev = hexBytes(first.prev_hash, 32);
  const leaf = prev && merkleLeafHash(prev);
  const path = hexPath(proof.audit_path);
  const frontier = leaf && path && proof.seq === seq - 1 && proof.tree_size === seq - 1 &&
      proof.leaf_hash === toHex(leaf)
    ? MerkleFrontier.fromRightEdge(seq - 1, leaf, path)
    : undefined;
  if (frontier === undefined) {
    check.log.add(
      "malformed_proof",
      `the tree before record ${seq} cannot be restored: the frontier proof is not the inclusion proof of record ${
        seq - 1
      } in the tree of ${seq - 1}`,
      { seq },
    );
  }
  return frontier;
}

/** Checks `r` follows `prev`; false when the sequence breaks (the tree cannot go on). */
function checkLink(check: TrailCheck, prev: Json, r: Json, seq: number): boolean {
  const before = prev.seq as number;
  if (seq !== before + 1) {
    const code = seq === before ? "duplicate_seq" : seq < before ? "seq_out_of_order" : "seq_gap";
    check.log.add(code, `record ${seq} follows record ${before}`, { seq });
    return false;
  }
  if (r.prev_hash !== prev.hash) {
    check.log.add("prev_hash_mismatch", `record ${seq} does not link to record ${before}`, { seq });
  }
  return true;
}

/** The record's own hash and its event's payload hash. */
function checkContent(check: TrailCheck, r: Json, seq: number): void {
  const computed = recordHashOrUndefined(r);
  if (computed === undefined) {
    check.log.add(
      "malformed_record",
      `record ${seq} has no RFC 8785 form (a lone surrogate or a non-finite number)`,
      { seq },
    );
  } else if (computed !== r.hash) {
    check.log.add("hash_mismatch", `record ${seq} does not hash to its recorded hash`, { seq });
  }
  const events = check.events;
  if (events === undefined || typeof r.event_id !== "string" || !events.has(r.event_id)) return;
  const text = canonicalOrUndefined(events.get(r.event_id));
  if (text === undefined) {
    check.log.add(
      "unverifiable",
      `event ${
        clip(r.event_id)
      } has no RFC 8785 form (a lone surrogate?): record ${seq}'s payload_hash cannot be checked`,
      { seq },
    );
  } else if (sha256Hex(text) !== r.payload_hash) {
    check.log.add(
      "payload_hash_mismatch",
      `record ${seq}'s payload_hash does not match event ${clip(r.event_id)} as served`,
      { seq },
    );
  }
}

/**
 * Checks every record in order and recomputes the Merkle roots at `sizes` into `check.roots`.
 *
 * @param check The shared state.
 * @param sizes Tree sizes whose root to keep.
 * @param frontierProof The inclusion proof that restores the tree before the first record.
 */
export function checkRecords(
  check: TrailCheck,
  sizes: ReadonlySet<number>,
  frontierProof: unknown,
): RecordsSummary {
  const records = check.records;
  let frontier: MerkleFrontier | undefined;
  let prev: Json | undefined;
  let first: Json | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const seq = isJson(r) ? positive(r.seq) : undefined;
    if (!isJson(r) || seq === undefined) {
      const what = isJson(r) ? `has an invalid seq (${clip(r.seq)})` : "is not an object";
      check.log.add(isJson(r) ? "invalid_seq" : "malformed_record", `record #${i + 1} ${what}`);
      frontier = undefined;
      prev = undefined;
      continue;
    }
    if (first === undefined) {
      first = r;
      frontier = startFrontier(check, r, frontierProof);
    } else if (prev === undefined || !checkLink(check, prev, r, seq)) frontier = undefined;
    checkContent(check, r, seq);
    if (frontier !== undefined) {
      const leaf = hexBytes(r.hash, 32);
      if (leaf === undefined) frontier = undefined;
      else {
        frontier.append(merkleLeafHash(leaf));
        if (sizes.has(seq)) check.roots.set(seq, toHex(frontier.root()));
      }
    }
    prev = r;
  }
  return { first, last: prev };
}
