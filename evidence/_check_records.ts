/**
 * The record pass, one record at a time: its hash from its canonical bytes, its link to the one
 * before, the sequence, its event's `payload_hash`, and the Merkle tree over the record hashes
 * (O(log n) memory), whose root the verifier reads at the sizes it needs.
 *
 * @module
 */
import { hexBytes, toHex } from "./_bytes.ts";
import { canonicalOrUndefined, recordHashOrUndefined, sha256Hex } from "./_canonical.ts";
import { DeferredLeaves } from "./_deferred_leaves.ts";
import { clip } from "./_failures.ts";
import type { HashedBlock } from "./_hash_jobs.ts";
import { isJson, type Json, positive, type Shared } from "./_trail_check.ts";
import { MerkleFrontier, merkleLeafHash, recordLeafHash } from "./merkle.ts";
import { hexPath } from "./verify_consistency.ts";

/** The hash before the first record: 64 zeros. */
export const GENESIS_HASH: string = "0".repeat(64);

/**
 * The record's own hash and its event's payload hash. `verdict`, when a worker hashed the record's
 * canonical text: whether that matched its `hash`.
 */
function checkContent(
  shared: Shared,
  r: Json,
  seq: number,
  events: ReadonlyMap<string, unknown> | undefined,
  verdict: boolean | undefined,
): void {
  const computed = verdict === undefined ? recordHashOrUndefined(r) : undefined;
  if (verdict === undefined && computed === undefined) {
    shared.log.add(
      "malformed_record",
      `record ${seq} has no RFC 8785 form (a lone surrogate or a non-finite number)`,
      { seq },
    );
  } else if (verdict === false || (verdict === undefined && computed !== r.hash)) {
    shared.log.add("hash_mismatch", `record ${seq} does not hash to its recorded hash`, { seq });
  }
  if (events === undefined || typeof r.event_id !== "string" || !events.has(r.event_id)) return;
  const text = canonicalOrUndefined(events.get(r.event_id));
  if (text === undefined) {
    const why = "has no RFC 8785 form (a lone surrogate?)";
    shared.log.add(
      "unverifiable",
      `event ${clip(r.event_id)} ${why}: record ${seq}'s payload_hash cannot be checked`,
      { seq },
    );
  } else if (sha256Hex(text) !== r.payload_hash) {
    const message = `record ${seq}'s payload_hash does not match event ${clip(r.event_id)}`;
    shared.log.add("payload_hash_mismatch", message, { seq });
  }
}

/** Records in order, chained and hashed into a Merkle tree. */
export class RecordPass {
  readonly #shared: Shared;
  readonly #frontierProof: unknown;
  #frontier: MerkleFrontier | undefined;
  readonly #deferred = new DeferredLeaves();
  #prev: Json | undefined;
  /** The first and last valid records, and how many records were given. */
  first: Json | undefined;
  last: Json | undefined;
  count = 0;

  /**
   * @param shared The shared state.
   * @param frontierProof The inclusion proof that restores the tree before the first record.
   */
  constructor(shared: Shared, frontierProof: unknown) {
    this.#shared = shared;
    this.#frontierProof = frontierProof;
  }

  /** The Merkle root of records 1..last, when the tree could be followed to here. */
  root(): string | undefined {
    if (this.#frontier === undefined) return undefined;
    this.#deferred.flush();
    return toHex(this.#frontier.root());
  }

  /** Whether the tree was followed from record 1 (not restored from a proof). */
  get fromGenesis(): boolean {
    return this.first?.seq === 1;
  }

  /**
   * Checks one record; returns it with its seq when it extends the chain, `undefined` otherwise.
   *
   * @param value The record as given.
   * @param events Decision events by id, for the payload check.
   * @param block A worker's answer for the block holding the record, and `i` its index there.
   */
  add(
    value: unknown,
    events?: ReadonlyMap<string, unknown>,
    block?: HashedBlock,
    i = 0,
  ): number | undefined {
    const n = ++this.count;
    const seq = isJson(value) ? positive(value.seq) : undefined;
    if (!isJson(value) || seq === undefined) {
      const what = isJson(value) ? `has an invalid seq (${clip(value.seq)})` : "is not an object";
      this.#shared.log.add(
        isJson(value) ? "invalid_seq" : "malformed_record",
        `record #${n} ${what}`,
      );
      this.#frontier = this.#prev = undefined;
      return undefined;
    }
    if (this.first === undefined) {
      this.first = value;
      this.#frontier = this.#start(value, seq);
    } else if (this.#prev === undefined || !this.#link(this.#prev, value, seq)) {
      this.#frontier = undefined;
    }
    checkContent(this.#shared, value, seq, events, block?.verdict(i));
    if (block !== undefined) {
      if (this.#frontier && block.leafOk(i)) this.#deferred.add(this.#frontier, block, i);
      else this.#frontier = undefined;
    } else {
      const leaf = this.#frontier && recordLeafHash(value.hash);
      this.#deferred.flush();
      if (leaf) this.#frontier!.append(leaf);
      else this.#frontier = undefined;
    }
    this.#prev = this.last = value;
    return seq;
  }

  /** The tree before the first record: empty at record 1, else restored from the proof, or none. */
  #start(first: Json, seq: number): MerkleFrontier | undefined {
    const log = this.#shared.log;
    if (seq === 1) {
      if (first.prev_hash !== GENESIS_HASH) {
        log.add("prev_hash_mismatch", "record 1 does not start from the genesis hash", { seq });
      }
      return new MerkleFrontier();
    }
    if (this.#frontierProof === undefined) return undefined;
    const proof = isJson(this.#frontierProof) ? this.#frontierProof : {};
    const prev = hexBytes(first.prev_hash, 32);
    const leaf = prev && merkleLeafHash(prev);
    const path = hexPath(proof.audit_path);
    const matches = leaf && path && proof.seq === seq - 1 && proof.tree_size === seq - 1 &&
      proof.leaf_hash === toHex(leaf);
    const frontier = matches ? MerkleFrontier.fromRightEdge(seq - 1, leaf, path) : undefined;
    if (frontier === undefined) {
      const what = `the inclusion proof of record ${seq - 1} in the tree of ${seq - 1}`;
      log.add("malformed_proof", `the frontier proof is not ${what}`, { seq });
    }
    return frontier;
  }

  /** Checks `r` follows `prev`; false when the sequence breaks (the tree cannot go on). */
  #link(prev: Json, r: Json, seq: number): boolean {
    const before = prev.seq as number;
    const log = this.#shared.log;
    if (seq !== before + 1) {
      const code = seq === before ? "duplicate_seq" : seq < before ? "seq_out_of_order" : "seq_gap";
      log.add(code, `record ${seq} follows record ${before}`, { seq });
      return false;
    }
    if (r.prev_hash !== prev.hash) {
      log.add("prev_hash_mismatch", `record ${seq} does not link to record ${before}`, { seq });
    }
    return true;
  }
}
