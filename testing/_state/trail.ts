/**
 * The stand-in's trail: hash-chained records, the RFC 9162 Merkle tree over their hashes, and
 * digests (signed tree heads) every N records (DESIGN section 5). Record hashes live in a
 * {@linkcode HashColumn} (32 bytes a record), the tree keeps O(log n) work per append, and each
 * digest is derived from its timestamp when read (a bounded cache keeps the recent ones). Seeded
 * records are derived from their index; only live records are stored.
 *
 * @module
 */
import canonicalize from "canonicalize";
import { formatMicros } from "./clock.ts";
import { HashColumn } from "./hash_column.ts";
import type { DigestSigner, DigestStamps } from "./key_ring.ts";
import { Lru } from "./lru.ts";
import { MerkleTree } from "./merkle_tree.ts";
import type { Digest, TrailRecord } from "./records.ts";
import type { SeededHistory } from "./seeded_history.ts";
import { sha256Hex } from "./sha256.ts";

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
  /** The `created_at` (microseconds) of live digest number `n` (1-based), asked once. */
  stamp: (n: number) => number;
  /** Canonical text of a record body; RFC 8785 unless a lying history writes lone surrogates. */
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

/** RFC 8785 text of a seeded decision record (every value is plain ASCII: no escaping needed). */
function seededRecordText(seq: number, e: TrailEntry, prev: string): string {
  return `{"created_at":"${e.created_at}","event_id":"${e.event_id}","kind":"decision","payload_hash":"${e.payload_hash}","prev_hash":"${prev}","record_id":"rec_${
    pad(seq, 8)
  }","request_id":"${e.request_id}","seq":${seq}}`;
}

/** An append-only trail with its Merkle tree and digests. */
export class Trail implements DigestStamps {
  readonly #hashes = new HashColumn();
  readonly #tree = new MerkleTree(this.#hashes);
  readonly #stamps: number[] = [];
  readonly #live: TrailEntry[] = [];
  readonly #digests = new Lru<number, Digest>(4096);
  readonly #options: TrailOptions;
  readonly #canonical: (value: unknown) => string;
  #seeded: SeededHistory | null = null;

  constructor(options: TrailOptions) {
    this.#options = options;
    this.#canonical = options.canonical ?? ((v) => canonicalize(v)!);
  }

  /** Number of records. */
  get size(): number {
    return this.#hashes.length;
  }

  /** The Merkle tree over the record hashes. */
  get tree(): MerkleTree {
    return this.#tree;
  }

  /** Number of digests signed so far. */
  get digestCount(): number {
    return this.#stamps.length;
  }

  /** `created_at` of digest `n` in microseconds. */
  stampMicros(n: number): number {
    return this.#stamps[n - 1];
  }

  /** Canonical text of a JSON value as this trail writes it. */
  canonical(value: unknown): string {
    return this.#canonical(value);
  }

  /**
   * Starts the trail with seeded decisions: hashes, tree and digest timestamps computed now, in
   * O(n) time and 64 bytes a record (hash column and stored tree levels); records and digests
   * are derived when read.
   */
  seed(history: SeededHistory): void {
    if (this.size > 0) throw new RangeError("a trail is seeded before its first record");
    this.#seeded = history;
    const every = this.#options.digestEvery;
    let prev = ZERO_HASH;
    for (let i = 0; i < history.count; i++) {
      const seq = i + 1;
      const hash = sha256Hex(seededRecordText(seq, this.#seededEntry(i), prev));
      this.#hashes.pushHex(hash);
      this.#tree.append();
      prev = hash;
      if (seq % every === 0) this.#stamps.push(history.micros(i) + 1);
    }
  }

  /** Appends a live record; signs a digest when one is due. Returns the record. */
  append(entry: TrailEntry): TrailRecord {
    const seq = this.size + 1;
    const body = recordBody(seq, entry, seq === 1 ? ZERO_HASH : this.#hashes.hex(seq - 2));
    const hash = sha256Hex(this.#canonical(body));
    this.#live.push(entry);
    this.#hashes.pushHex(hash);
    this.#tree.append();
    if (seq % this.#options.digestEvery === 0) {
      this.#stamps.push(this.#options.stamp(this.#stamps.length + 1));
    }
    return { ...body, hash };
  }

  /** What record `seq` (1-based) says. */
  entry(seq: number): TrailEntry {
    const seeded = this.#seeded?.count ?? 0;
    return seq <= seeded ? this.#seededEntry(seq - 1) : this.#live[seq - seeded - 1];
  }

  /** Record `seq` (1-based), as served. */
  record(seq: number): TrailRecord {
    const prev = seq === 1 ? ZERO_HASH : this.#hashes.hex(seq - 2);
    return { ...recordBody(seq, this.entry(seq), prev), hash: this.#hashes.hex(seq - 1) };
  }

  /** The hash of record `seq` as hex. */
  hashOf(seq: number): string {
    return this.#hashes.hex(seq - 1);
  }

  /** Digest `n` (1-based), derived from the tree and its timestamp, signed. */
  digest(n: number): Digest {
    return this.#digests.get(n, () => this.#makeDigest(n));
  }

  #seededEntry(i: number): TrailEntry {
    const h = this.#seeded!;
    const created = formatMicros(h.micros(i));
    return {
      created_at: created,
      kind: "decision",
      request_id: h.requestId(i),
      event_id: h.eventId(i),
      payload_hash: h.payloadHash(i, created),
    };
  }

  #makeDigest(n: number): Digest {
    const every = this.#options.digestEvery;
    const [first, last] = [(n - 1) * every + 1, n * every];
    const created = formatMicros(this.#stamps[n - 1]);
    const digestId = `dig_${pad(n, 6)}`;
    const body = {
      digest_id: digestId,
      storage_key: `digests/${created.slice(0, 10).replaceAll("-", "/")}/${digestId}.json`,
      hash_algorithm: "sha256" as const,
      signature_algorithm: "ed25519" as const,
      kid: this.#options.signer.kidFor(n),
      first_seq: first,
      last_seq: last,
      record_count: every,
      head_hash: this.#hashes.hex(last - 1),
      tree_size: last,
      root_hash: this.#tree.rootHex(last),
      prev_digest_id: n === 1 ? null : `dig_${pad(n - 1, 6)}`,
      start_time: this.entry(first).created_at,
      end_time: this.entry(last).created_at,
      created_at: created,
    };
    const bytes = new TextEncoder().encode(canonicalize(body)!);
    return { ...body, signature: this.#options.signer.sign(body.kid, bytes) };
  }
}
