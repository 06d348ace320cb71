/**
 * `verifyTrailEvidence`: verification of a trail that does not trust the server: record hashes,
 * links, sequence, digest ranges, heads and Ed25519 signatures, recomputed locally. One pure
 * function serves the trail check and the evidence-bundle check.
 *
 * @module
 */
import { type KeyObject, verify as verifySignature } from "node:crypto";
import { canonicalJson, digestPayloadJson, recordHash, sha256Hex } from "./_canonical.ts";
import { decodeSignature, micros, publicKeyObject } from "./_ed25519.ts";
import type { Digest, PublicKey, TrailFailure, TrailRecord, TrailVerification } from "./types.ts";

/** The hash before the first record: 64 zeros. */
export const GENESIS_HASH: string = "0".repeat(64);

/** What {@linkcode verifyTrailEvidence} checks. */
export interface TrailEvidence {
  /** Records in the order received (ascending `seq` expected). */
  readonly records: readonly TrailRecord[];
  /** Digests in the order received (ascending `first_seq` expected). */
  readonly digests: readonly Digest[];
  /** Every key that may have signed them (a JWK set). */
  readonly keys: readonly PublicKey[];
  /**
   * Decision events by `event_id`, exactly as `getEvent` returned them. Records whose event is
   * here also get their `payload_hash` checked.
   */
  readonly events?: ReadonlyMap<string, unknown>;
}

/**
 * Verifies records, digests and keys locally, trusting none of them: recomputes every record hash
 * from its RFC 8785 canonical bytes, checks `prev_hash` links and `seq` continuity, each digest's
 * range, count, head hash, times and chaining, and its Ed25519 signature against the key named by
 * its `kid`, which must be valid at the digest's `created_at`. Every problem found is reported.
 * Pure and synchronous (hashing with `node:crypto`).
 *
 * @param evidence Records, digests, keys and optionally events.
 * @returns The report; `ok` is false when anything is wrong.
 *
 * @example A trail with no records is empty, not broken
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyTrailEvidence } from "@keeptrusts/client/evidence";
 *
 * const report = verifyTrailEvidence({ records: [], digests: [], keys: [] });
 * assert.equal(report.chain_integrity, "empty");
 * assert.equal(report.ok, true);
 * ```
 */
export function verifyTrailEvidence(evidence: TrailEvidence): TrailVerification {
  const { records, digests, keys, events } = evidence;
  const failures: TrailFailure[] = [];
  const fail = (f: TrailFailure) => failures.push(f);
  // Records are looked up by seq through their index when the list is contiguous (the normal
  // case), and through a map built only when it is not.
  let bySeq: Map<number, TrailRecord> | undefined;
  const base = records.length > 0 ? records[0].seq : 0;
  const recordAt = (seq: number): TrailRecord | undefined => {
    const direct = records[seq - base];
    if (direct !== undefined && direct.seq === seq) return direct;
    if (bySeq === undefined) {
      bySeq = new Map();
      for (const r of records) if (!bySeq.has(r.seq)) bySeq.set(r.seq, r);
    }
    return bySeq.get(seq);
  };

  // Records: content hash, payload hash, sequence and links.
  let prev: TrailRecord | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const where = typeof r.seq === "number" ? r.seq : undefined;
    if (!Number.isSafeInteger(r.seq) || r.seq < 1) {
      fail({
        seq: where,
        code: "invalid_seq",
        reason: `record ${String(r.record_id)} has an invalid seq`,
      });
    }
    if (recordHash(r as unknown as Record<string, unknown>) !== r.hash) {
      fail({
        seq: where,
        code: "hash_mismatch",
        reason: `record ${where} does not hash to its recorded hash`,
      });
    }
    if (events !== undefined && r.event_id !== null && events.has(r.event_id)) {
      let payload: string | undefined;
      try {
        payload = sha256Hex(canonicalJson(events.get(r.event_id)));
      } catch {
        payload = undefined;
      }
      if (payload !== r.payload_hash) {
        fail({
          seq: where,
          code: "payload_hash_mismatch",
          reason: `record ${where} payload_hash does not match event ${r.event_id}`,
        });
      }
    }
    if (prev === undefined) {
      if (r.seq === 1 && r.prev_hash !== GENESIS_HASH) {
        fail({
          seq: 1,
          code: "prev_hash_mismatch",
          reason: "record 1 does not start from the genesis hash",
        });
      }
    } else {
      if (r.seq !== prev.seq + 1) {
        const code = r.seq === prev.seq
          ? "duplicate_seq"
          : r.seq < prev.seq
          ? "seq_out_of_order"
          : "seq_gap";
        fail({ seq: where, code, reason: `record ${where} follows record ${prev.seq}` });
      }
      if (r.prev_hash !== prev.hash) {
        fail({
          seq: where,
          code: "prev_hash_mismatch",
          reason: `record ${where} does not link to the record before it (${prev.seq})`,
        });
      }
    }
    prev = r;
  }

  // Digests: algorithms, range, chaining, head, times, key and signature.
  const keyObjects = new Map<string, KeyObject | string>();
  const keyById = new Map<string, PublicKey>();
  for (const k of keys) {
    if (keyById.has(k.kid)) {
      const a = keyById.get(k.kid)!;
      if (a.x !== k.x) keyObjects.set(k.kid, `key id ${k.kid} names two different keys`);
      continue;
    }
    keyById.set(k.kid, k);
  }
  let prevDigest: Digest | undefined;
  let coveredTo = 0;
  let digestsVerified = 0;
  for (const d of digests) {
    const id = d.digest_id;
    const df = (code: string, reason: string) =>
      fail({ digest_id: id, code, reason: `digest ${id}: ${reason}` });
    if (d.hash_algorithm !== "sha256" || d.signature_algorithm !== "ed25519") {
      df(
        "unsupported_algorithm",
        `uses ${d.hash_algorithm}/${d.signature_algorithm}, not sha256/ed25519`,
      );
    }
    const rangeOk = Number.isSafeInteger(d.first_seq) && Number.isSafeInteger(d.last_seq) &&
      d.first_seq >= 1 && d.last_seq >= d.first_seq;
    if (!rangeOk) df("invalid_range", `range ${d.first_seq}-${d.last_seq} is not valid`);
    else if (d.record_count !== d.last_seq - d.first_seq + 1) {
      df(
        "record_count_mismatch",
        `claims ${d.record_count} records for range ${d.first_seq}-${d.last_seq}`,
      );
    }
    if (prevDigest === undefined) {
      if (d.first_seq === 1 && d.prev_digest_id !== null) {
        df("prev_digest_mismatch", "is the first digest but names a previous one");
      }
    } else {
      if (d.first_seq !== prevDigest.last_seq + 1) {
        df(
          d.first_seq <= prevDigest.last_seq ? "digest_overlap" : "digest_gap",
          `starts at ${d.first_seq} after ${prevDigest.digest_id} ended at ${prevDigest.last_seq}`,
        );
      }
      if (d.prev_digest_id !== prevDigest.digest_id) {
        df("prev_digest_mismatch", `does not name ${prevDigest.digest_id} as its predecessor`);
      }
    }
    const head = recordAt(d.last_seq);
    if (head) {
      if (head.hash !== d.head_hash) {
        df("head_hash_mismatch", `head_hash does not match record ${d.last_seq}`);
      }
      if (head.created_at !== d.end_time) {
        df("time_mismatch", `end_time does not match record ${d.last_seq}`);
      }
    } else if (
      records.length > 0 && d.last_seq >= records[0].seq && d.last_seq <= (prev?.seq ?? 0)
    ) {
      df("head_missing", `head record ${d.last_seq} is missing`);
    }
    const first = recordAt(d.first_seq);
    if (first && first.created_at !== d.start_time) {
      df("time_mismatch", `start_time does not match record ${d.first_seq}`);
    }

    const jwk = keyById.get(d.kid);
    if (!jwk) df("unknown_kid", `is signed by unknown key ${d.kid}`);
    else {
      let keyObject = keyObjects.get(d.kid);
      if (keyObject === undefined) keyObjects.set(d.kid, keyObject = publicKeyObject(jwk));
      const at = micros(d.created_at);
      const notBefore = micros(jwk.not_before);
      const notAfter = jwk.not_after === null ? Infinity : micros(jwk.not_after);
      if (!(at >= notBefore && at < notAfter)) {
        df("key_not_valid", `was created at ${d.created_at}, outside the validity of key ${d.kid}`);
      }
      const signature = typeof d.signature === "string" ? decodeSignature(d.signature) : undefined;
      if (typeof keyObject === "string") df("bad_key", keyObject);
      else if (!signature) df("bad_signature", "signature is not 64 base64url-encoded bytes");
      else {
        let valid = false;
        try {
          valid = verifySignature(
            null,
            new TextEncoder().encode(digestPayloadJson(d as unknown as Record<string, unknown>)),
            keyObject,
            signature,
          );
        } catch {
          valid = false;
        }
        if (!valid) df("bad_signature", `signature does not verify with key ${d.kid}`);
      }
    }
    digestsVerified++;
    if (rangeOk) coveredTo = Math.max(coveredTo, d.last_seq);
    prevDigest = d;
  }

  // Coverage: records below the last digest's head must lie inside some digest (binary search).
  if (digests.length > 0) {
    const ranges = digests.filter((d) => d.last_seq >= d.first_seq).map((
      d,
    ) => [d.first_seq, d.last_seq]).sort((a, b) => a[0] - b[0]);
    const firstCovered = ranges.length > 0 ? ranges[0][0] : Infinity;
    for (const r of records) {
      if (!(r.seq >= firstCovered && r.seq <= coveredTo)) continue;
      let lo = 0;
      let hi = ranges.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (ranges[mid][0] <= r.seq) lo = mid;
        else hi = mid - 1;
      }
      if (r.seq > ranges[lo][1]) {
        fail({ seq: r.seq, code: "not_covered", reason: `record ${r.seq} lies between digests` });
      }
    }
  }
  const last = prev;
  const pending = last ? Math.max(0, last.seq - Math.max(coveredTo, records[0].seq - 1)) : 0;
  const empty = records.length === 0 && digests.length === 0;
  return {
    ok: failures.length === 0,
    chain_integrity: failures.length > 0 ? "broken" : empty ? "empty" : "intact",
    records_verified: records.length,
    digests_verified: digestsVerified,
    pending_records: pending,
    first_seq: records.length > 0 ? records[0].seq : null,
    last_seq: last ? last.seq : null,
    head_hash: last ? last.hash : null,
    failures,
  };
}
