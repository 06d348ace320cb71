/**
 * `TrailVerifier`: the verification of trail evidence fed in pieces (digests ahead, then records
 * page by page), in memory bounded by the failures it lists and the digests waiting for their
 * records, so a log of 10^7 records streams through. `verifyTrailEvidence` is this over arrays.
 *
 * @module
 */
import { FailureLog } from "./_failures.ts";
import { checkCheckpoint } from "./_check_checkpoint.ts";
import { checkCoverage } from "./_check_coverage.ts";
import { checkDigest, checkHead, checkStart } from "./_check_digests.ts";
import { checkInclusion, proofPlace } from "./_check_inclusion.ts";
import { RecordPass } from "./_check_records.ts";
import type { HashedBlock } from "./_hash_jobs.ts";
import { readVerifierOptions } from "./_trail_options.ts";
import type { DigestResult, Json, Shared } from "./_trail_check.ts";
import { KeyRing } from "./_trust.ts";
import type { ConsistencyProof, Digest, TrailRecord, TrailVerification } from "./types.ts";
import type { TrailVerifierOptions } from "./verify_trail_evidence.ts";

/**
 * Adds the records of a block whose hashing a worker did (`block` holds its answer): the same
 * checks, in the same order, as {@linkcode TrailVerifier.addRecords}. For the parallel verifier;
 * not part of the public API.
 */
export let addHashedRecords: (
  verifier: TrailVerifier,
  records: readonly unknown[],
  block: HashedBlock,
  events: ReadonlyMap<string, unknown> | undefined,
) => void;

/**
 * Verifies trail evidence given in pieces: digests (signed tree heads) first, then records in
 * ascending `seq`, then {@linkcode TrailVerifier.finish}. Checks and report are those of
 * `verifyTrailEvidence`; memory stays bounded however many records pass through.
 *
 * @example Stream pages of records through
 * ```ts
 * import assert from "node:assert/strict";
 * import { TrailVerifier } from "@keeptrusts/client/evidence";
 *
 * const verifier = new TrailVerifier({ keys: [] });
 * verifier.addDigests([]);
 * verifier.addRecords([]); // e.g. each page of iterateTrailRecords
 * assert.equal(verifier.finish().chain_integrity, "empty");
 * ```
 */
export class TrailVerifier {
  readonly #shared: Shared;
  readonly #records: RecordPass;
  readonly #options: TrailVerifierOptions;
  readonly #checkpoint: Digest | undefined;
  // Digests waiting for their records, ascending tree size; #head is the first still waiting.
  #waiting: DigestResult[] = [];
  #head = 0;
  readonly #proved = new Set<number>();
  readonly #proofSeqs = new Map<number, unknown>();
  readonly #proofDigests = new Map<number, DigestResult>();
  #prevDigest: DigestResult | undefined;
  #digests = 0;
  #newest = 0;
  #boundTo = 0;
  #best: DigestResult | undefined;
  #checkpointRoot: string | undefined;

  /**
   * Creates a verifier.
   *
   * @param options Keys (material), `trustedKeys`, `checkpoint`, `allowPending`, proofs.
   * @throws {TypeError} when an option is malformed.
   */
  constructor(options: TrailVerifierOptions) {
    const { pins, checkpoint } = readVerifierOptions(options, "verify trail evidence");
    const log = new FailureLog();
    const ring = new KeyRing(options.keys, pins, log);
    this.#shared = { log, ring, used: new Set(), untrustedReported: new Set() };
    this.#records = new RecordPass(this.#shared, options.frontierProof);
    this.#options = options;
    this.#checkpoint = checkpoint;
    for (const proof of options.inclusionProofs ?? []) {
      const { seq } = proofPlace(proof);
      if (seq !== undefined) this.#proofSeqs.set(seq, undefined);
    }
  }

  /** The largest tree size among the digests added so far (0 before any). */
  get newestTreeSize(): number {
    return this.#newest;
  }

  /**
   * Adds digests in ascending `tree_size`, before the records that reach them.
   *
   * @param digests Digests as received.
   */
  addDigests(digests: Iterable<Digest>): void {
    const sizes = new Set<number>();
    for (const p of this.#options.inclusionProofs ?? []) sizes.add(proofPlace(p).size ?? 0);
    for (const value of digests) {
      const d = checkDigest(this.#shared, this.#prevDigest, value, ++this.#digests);
      if (d === undefined) continue;
      this.#prevDigest = d;
      this.#newest = Math.max(this.#newest, d.treeSize);
      if (sizes.has(d.treeSize)) this.#proofDigests.set(d.treeSize, d);
      const last = this.#records.last?.seq as number | undefined;
      if (last !== undefined && d.treeSize <= last) this.#settle(d);
      else this.#waiting.push(d);
    }
  }

  /**
   * Adds records in ascending `seq` (a page at a time is fine).
   *
   * @param records Records as received.
   * @param events Decision events of these records by `event_id`, exactly as served: their
   * `payload_hash` is checked.
   */
  addRecords(records: Iterable<TrailRecord>, events?: ReadonlyMap<string, unknown>): void {
    for (const value of records) this.#addRecord(value, events);
  }

  static {
    addHashedRecords = (verifier, records, block, events) => {
      const { start, length } = block.place;
      for (let i = 0; i < length; i++) verifier.#addRecord(records[start + i], events, block, i);
    };
  }

  #addRecord(
    value: unknown,
    events: ReadonlyMap<string, unknown> | undefined,
    block?: HashedBlock,
    i?: number,
  ): void {
    const seq = this.#records.add(value, events, block, i);
    if (seq === undefined) return;
    const record = value as Json;
    if (this.#proofSeqs.has(seq)) this.#proofSeqs.set(seq, record.hash);
    while ((this.#peek()?.treeSize ?? Infinity) < seq) this.#settle(this.#take());
    if (this.#peek()?.firstSeq === seq) checkStart(this.#shared, this.#peek()!, record);
    if (this.#peek()?.treeSize !== seq && this.#checkpoint?.tree_size !== seq) return;
    // The root is needed here (a tree head or the checkpoint is at this size): once.
    const root = this.#records.root();
    while (this.#peek()?.treeSize === seq) {
      const d = this.#take();
      checkHead(this.#shared, d, record, root);
      this.#settle(d);
    }
    if (this.#checkpoint?.tree_size === seq) this.#checkpointRoot = root;
  }

  #peek(): DigestResult | undefined {
    return this.#waiting[this.#head];
  }

  #take(): DigestResult {
    const d = this.#waiting[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
      this.#waiting = this.#waiting.slice(this.#head);
      this.#head = 0;
    }
    return d;
  }

  /**
   * A digest whose records have passed (or never will). When no record it covers was given (only
   * the head itself, or records after it), it stands on its signature alone.
   */
  #settle(d: DigestResult): void {
    if (d.bound) this.#boundTo = Math.max(this.#boundTo, d.treeSize);
    const first = this.#records.first?.seq as number | undefined;
    this.#consider(d, first === undefined || first > d.treeSize);
  }

  /** Keeps the newest digest that verified completely. */
  #consider(d: DigestResult, headOnly: boolean): void {
    if (!d.signed || !d.clean || !(d.bound || headOnly)) return;
    if (this.#best === undefined || d.treeSize > this.#best.treeSize) this.#best = d;
  }

  /**
   * Ends the verification and returns the report.
   *
   * @param consistencyProof The consistency proof from the checkpoint's size to
   * {@linkcode TrailVerifier.newestTreeSize}, when a checkpoint was given.
   * @returns The report of `verifyTrailEvidence`.
   */
  finish(consistencyProof?: ConsistencyProof): TrailVerification {
    const shared = this.#shared;
    const records = this.#records;
    for (const proof of this.#options.inclusionProofs ?? []) {
      const { seq, size } = proofPlace(proof);
      const d = size === undefined ? undefined : this.#proofDigests.get(size);
      const hash = seq === undefined ? undefined : this.#proofSeqs.get(seq);
      const proved = checkInclusion(shared, proof, d, hash);
      if (proved !== undefined) this.#proved.add(proved);
      if (d !== undefined) this.#consider(d, false);
    }
    const firstSeq = records.first?.seq as number | undefined;
    while (this.#peek() !== undefined) this.#settle(this.#take());
    let pending = 0;
    if (firstSeq !== undefined) {
      pending = checkCoverage(shared, {
        firstSeq,
        lastSeq: records.last!.seq as number,
        newest: this.#newest,
        boundTo: this.#boundTo,
        proved: this.#proved,
      }, this.#options.allowPending === true);
    }
    const c = this.#checkpoint;
    const trusted = c !== undefined && (records.fromGenesis || this.#boundTo >= c.tree_size);
    const recomputed = trusted ? this.#checkpointRoot : undefined;
    const { consistency, checkpoint } = checkCheckpoint(
      shared,
      this.#best,
      c,
      recomputed,
      consistencyProof ?? this.#options.consistencyProof,
    );
    return this.#report(pending, checkpoint, consistency);
  }

  #report(
    pending: number,
    checkpoint: Digest | null,
    consistency: TrailVerification["consistency"],
  ): TrailVerification {
    const { log, used } = this.#shared;
    const { first, last, count } = this.#records;
    const failures = log.list();
    const empty = count === 0 && this.#digests === 0;
    return {
      ok: failures.length === 0,
      chain_integrity: log.tampering ? "broken" : empty ? "empty" : "intact",
      records_verified: count,
      digests_verified: this.#digests,
      first_seq: (first?.seq as number | undefined) ?? null,
      last_seq: (last?.seq as number | undefined) ?? null,
      head_hash: typeof last?.hash === "string" ? last.hash : null,
      pending_records: pending,
      keys: [...used].map((k) => ({
        kid: k.kid,
        fingerprint: k.fingerprint,
        trusted_by: k.trustedBy,
      })),
      checkpoint,
      consistency,
      failures,
    };
  }
}
