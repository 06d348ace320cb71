/**
 * What the named checks of one verification share: the failure log, the key ring, the input, the
 * Merkle roots recomputed from the records, and the records proved by inclusion proofs. Every
 * check reads untrusted values through the helpers here, which never throw.
 *
 * @module
 */
import type { FailureLog } from "./_failures.ts";
import type { KeyRing, ResolvedKey } from "./_trust.ts";

/** A JSON object of unknown shape (untrusted). */
export type Json = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A positive safe integer (a seq or a tree size), or `undefined`. */
export function positive(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 1 ? value as number : undefined;
}

/** A digest as the checks see it, with what they found. */
export interface DigestResult {
  readonly digest: Json;
  /** Its id, clipped for messages. */
  readonly id: string;
  /** `tree_size`, when it is a positive safe integer. */
  readonly treeSize: number | undefined;
  /** `root_hash`, when it is 64 lowercase hex characters. */
  readonly root: string | undefined;
  /** Signed by a trusted key valid at its time, signature verified. */
  signed: boolean;
  /** Its root is tied to records: recomputed from them, or an inclusion proof leads to it. */
  bound: boolean;
  /** No failure names it. */
  clean: boolean;
}

/** The shared state of one verification. */
export class TrailCheck {
  readonly log: FailureLog;
  readonly ring: KeyRing;
  readonly records: readonly unknown[];
  readonly events: ReadonlyMap<string, unknown> | undefined;
  /** Merkle roots recomputed from the records, by tree size, lowercase hex. */
  readonly roots: Map<number, string> = new Map();
  /** Records whose inclusion in a signed tree was proved by an inclusion proof. */
  readonly proved: Set<number> = new Set();
  /** Keys the digests named, in order of first use. */
  readonly used: Set<ResolvedKey> = new Set();
  /** Kids already reported as untrusted (once each). */
  readonly untrustedReported: Set<string> = new Set();
  #bySeq: Map<number, Json> | undefined;

  /**
   * @param log Where failures go.
   * @param ring The keys, trust resolved.
   * @param records The records as given.
   * @param events Decision events by id, when given.
   */
  constructor(
    log: FailureLog,
    ring: KeyRing,
    records: readonly unknown[],
    events: ReadonlyMap<string, unknown> | undefined,
  ) {
    this.log = log;
    this.ring = ring;
    this.records = records;
    this.events = events;
  }

  /** The record with this seq, when given (by index when the list is contiguous, else a map). */
  recordAt(seq: number): Json | undefined {
    const records = this.records;
    const first = records[0] as Json | undefined;
    const base = isJson(first) ? positive(first.seq) : undefined;
    if (base !== undefined) {
      const direct = records[seq - base];
      if (isJson(direct) && direct.seq === seq) return direct;
    }
    if (this.#bySeq === undefined) {
      this.#bySeq = new Map();
      for (const r of records) {
        if (isJson(r) && positive(r.seq) !== undefined && !this.#bySeq.has(r.seq as number)) {
          this.#bySeq.set(r.seq as number, r);
        }
      }
    }
    return this.#bySeq.get(seq);
  }
}
