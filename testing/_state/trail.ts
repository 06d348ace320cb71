/**
 * The stand-in's trail: hash-chained records, the RFC 9162 Merkle tree over their hashes, and
 * digests (signed tree heads) every N records (DESIGN section 5). Record hashes live in a
 * {@linkcode HashColumn}; the tree keeps O(log n) work per append.
 *
 * @module
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { HashColumn, toHex } from "./hash_column.ts";
import type { DigestSigner } from "./key_ring.ts";
import { MerkleTree } from "./merkle_tree.ts";
import type { Digest, TrailRecord } from "./records.ts";

/** 64 zeros: the `prev_hash` of the first record. */
export const ZERO_HASH = "0".repeat(64);

/** What a record says, before the trail numbers, chains and hashes it. */
export interface TrailEntry {
  created_at: string;
  kind: string;
  request_id: string | null;
  event_id: string | null;
  payload_hash: string;
}

/** Options of {@linkcode Trail}. */
export interface TrailOptions {
  /** A digest is signed every this many records. */
  digestEvery: number;
  /** Chooses the key of each digest and signs it. */
  signer: DigestSigner;
  /** The `created_at` of digest number `n` (1-based). */
  stamp: (n: number) => string;
  /**
   * Canonical text of a record body; the default is RFC 8785. A lying history passes a lenient one
   * that also writes lone surrogates.
   */
  canonical?: (value: unknown) => string;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The record's body (every field but `hash`), in DESIGN's field order. */
function recordBody(seq: number, entry: TrailEntry, prevHash: string): Omit<TrailRecord, "hash"> {
  return {
    seq,
    record_id: `rec_${pad(seq, 8)}`,
    created_at: entry.created_at,
    kind: entry.kind,
    request_id: entry.request_id,
    event_id: entry.event_id,
    payload_hash: entry.payload_hash,
    prev_hash: prevHash,
  };
}

/** An append-only trail with its Merkle tree and digests. */
export class Trail {
  readonly #records: TrailRecord[] = [];
  readonly #hashes = new HashColumn();
  readonly #tree = new MerkleTree(this.#hashes);
  readonly #digests: Digest[] = [];
  readonly #options: TrailOptions;
  readonly #canonical: (value: unknown) => string;

  constructor(options: TrailOptions) {
    this.#options = options;
    this.#canonical = options.canonical ?? ((v) => canonicalize(v)!);
  }

  /** Number of records. */
  get size(): number {
    return this.#records.length;
  }

  /** The Merkle tree over the record hashes. */
  get tree(): MerkleTree {
    return this.#tree;
  }

  /** Every digest signed so far, oldest first. */
  get digests(): readonly Digest[] {
    return this.#digests;
  }

  /** Appends a record; signs a digest when one is due. Returns the record. */
  append(entry: TrailEntry): TrailRecord {
    const seq = this.#records.length + 1;
    const prev = seq === 1 ? ZERO_HASH : this.#hashes.hex(seq - 2);
    const body = recordBody(seq, entry, prev);
    const hash = createHash("sha256").update(this.#canonical(body)).digest();
    const record = { ...body, hash: toHex(hash) };
    this.#records.push(record);
    this.#hashes.push(hash);
    this.#tree.append();
    const covered = this.#digests.length === 0 ? 0 : this.#digests.at(-1)!.last_seq;
    if (seq - covered >= this.#options.digestEvery) this.#sign(covered + 1, seq);
    return record;
  }

  /** Record `seq` (1-based), as served. */
  record(seq: number): TrailRecord {
    return this.#records[seq - 1];
  }

  /** Every record (the live objects: what the trail serves). */
  get records(): TrailRecord[] {
    return this.#records;
  }

  /** The hash of record `seq` as hex. */
  hashOf(seq: number): string {
    return this.#hashes.hex(seq - 1);
  }

  /** Recomputes the hash a record's content calls for (what a verifier does). */
  rehash(record: TrailRecord): string {
    const { hash: _h, ...body } = record;
    return createHash("sha256").update(this.#canonical(body)).digest("hex");
  }

  /** Root hash (hex) of the tree of the first `n` records. */
  rootHex(n: number): string {
    return toHex(this.#tree.root(n));
  }

  #sign(first: number, last: number): void {
    const n = this.#digests.length + 1;
    const created = this.#options.stamp(n);
    const digestId = `dig_${pad(n, 6)}`;
    const body = {
      digest_id: digestId,
      storage_key: `digests/${created.slice(0, 10).replaceAll("-", "/")}/${digestId}.json`,
      hash_algorithm: "sha256" as const,
      signature_algorithm: "ed25519" as const,
      kid: this.#options.signer.kidFor(n, created),
      first_seq: first,
      last_seq: last,
      record_count: last - first + 1,
      head_hash: this.#hashes.hex(last - 1),
      tree_size: last,
      root_hash: this.rootHex(last),
      prev_digest_id: n === 1 ? null : this.#digests[n - 2].digest_id,
      start_time: this.#records[first - 1].created_at,
      end_time: this.#records[last - 1].created_at,
      created_at: created,
    };
    const bytes = new TextEncoder().encode(canonicalize(body)!);
    this.#digests.push({ ...body, signature: this.#options.signer.sign(body.kid, bytes) });
  }
}
