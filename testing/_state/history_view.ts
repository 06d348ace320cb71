/**
 * A history as the trail routes serve it: records, digests, keys, the Merkle tree and the decision
 * events. The honest history is the store's own; a lying stand-in serves a forged one (to everyone,
 * or to one token in split-view mode).
 *
 * @module
 */
import { parseMicros } from "./clock.ts";
import type { EventLog } from "./event_log.ts";
import type { KeyRing } from "./key_ring.ts";
import type { MerkleTree } from "./merkle_tree.ts";
import type { DecisionEvent, Digest, PublicKeyJwk, TrailRecord } from "./records.ts";
import type { Trail } from "./trail.ts";

/** What the trail and event routes read. */
export interface HistoryView {
  /** Number of records. */
  readonly size: number;
  /** Record `seq` (1-based). */
  record(seq: number): TrailRecord;
  /** A digest is signed every this many records. */
  readonly digestEvery: number;
  /** Number of digests served. */
  readonly digestCount: number;
  /** Digest `n` (1-based, `n <= digestCount`). */
  digest(n: number): Digest;
  /** The keys served. */
  readonly keys: readonly PublicKeyJwk[];
  /** The Merkle tree the proofs come from. */
  readonly tree: MerkleTree;
  /** The decision event with this id, as served. */
  event(eventId: string): DecisionEvent | undefined;
  /** Canonical text of a JSON value in this history (RFC 8785, or a lenient forgery). */
  canonical(value: unknown): string;
}

/** The first seq whose record was created at or after `us` (size + 1 when none). */
export function firstSeqAtOrAfter(view: HistoryView, us: number): number {
  let lo = 1;
  let hi = view.size + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (parseMicros(view.record(mid).created_at) < us) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The digest with this id, if the view serves it. */
export function digestById(view: HistoryView, id: string): Digest | undefined {
  const m = /^dig_(\d{6,})$/.exec(id);
  const n = m ? Number(m[1]) : 0;
  if (!(n >= 1 && n <= view.digestCount)) return undefined;
  const digest = view.digest(n);
  return digest.digest_id === id ? digest : undefined;
}

/** The honest history: the trail, its keys and the events exactly as recorded. */
export function honestView(
  trail: Trail,
  keys: KeyRing,
  events: EventLog,
  digestEvery: number,
): HistoryView {
  return {
    digestEvery,
    get size() {
      return trail.size;
    },
    record: (seq) => trail.record(seq),
    get digestCount() {
      return trail.digestCount;
    },
    digest: (n) => trail.digest(n),
    get keys() {
      return keys.jwks;
    },
    tree: trail.tree,
    event: (eventId) => events.get(eventId),
    canonical: (value) => trail.canonical(value),
  };
}
