/**
 * The server side of `GET /v1/trail/verify`: the stand-in checks its own history over a time
 * window, the way the platform would, and reports in the shape of DESIGN section 5. It never claims
 * trust (`trusted_by` is null): which keys to trust is the client's decision.
 *
 * @module
 */
import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { parseMicros } from "./clock.ts";
import { spkiFingerprint } from "./crypto.ts";
import { firstSeqAtOrAfter, type HistoryView } from "./history_view.ts";
import { endorsementBytes } from "./key_ring.ts";
import type { Digest, Json, PublicKeyJwk } from "./records.ts";
import { ZERO_HASH } from "./trail.ts";

type Failure = { code: string; reason: string; seq?: number; digest_id?: string; kid?: string };

/**
 * The keys of one verification, read once (`view.keys` derives every key anew) and found by kid
 * in O(1): a log of 10^7 records has hundreds of thousands of keys and over a million digests.
 */
class Keys {
  readonly list: readonly PublicKeyJwk[];
  readonly #byKid: Map<string, PublicKeyJwk>;
  readonly #objects = new Map<string, KeyObject>();

  constructor(view: HistoryView) {
    this.list = view.keys;
    this.#byKid = new Map(this.list.map((k) => [k.kid, k]));
  }

  get(kid: string | undefined): PublicKeyJwk | undefined {
    return kid === undefined ? undefined : this.#byKid.get(kid);
  }

  signatureOk(key: PublicKeyJwk, bytes: string, sig: string): boolean {
    try {
      let publicKey = this.#objects.get(key.kid);
      if (publicKey === undefined) {
        publicKey = createPublicKey({
          key: { kty: "OKP", crv: "Ed25519", x: key.x },
          format: "jwk",
        });
        this.#objects.set(key.kid, publicKey);
      }
      const signature = Buffer.from(sig, "base64url");
      return verify(null, new TextEncoder().encode(bytes), publicKey, signature);
    } catch {
      return false;
    }
  }
}

function checkKeys(keys: Keys, failures: Failure[]): void {
  keys.list.forEach((key, i) => {
    if (i === 0) return;
    const by = keys.get(key.endorsement?.kid);
    const ok = by !== undefined &&
      keys.signatureOk(
        by,
        new TextDecoder().decode(endorsementBytes(key)),
        key.endorsement!.signature,
      );
    if (!ok) {
      failures.push({
        code: "bad_endorsement",
        kid: key.kid,
        reason: `key ${key.kid} has no valid endorsement`,
      });
    }
  });
}

function checkDigest(view: HistoryView, keys: Keys, d: Digest, failures: Failure[]): void {
  const fail = (code: string, reason: string) =>
    failures.push({ code, digest_id: d.digest_id, reason });
  if (d.tree_size > view.size || view.record(d.last_seq)?.hash !== d.head_hash) {
    fail(
      "head_hash_mismatch",
      `digest ${d.digest_id} head hash does not match record ${d.last_seq}`,
    );
  } else if (view.tree.rootHex(d.tree_size) !== d.root_hash) {
    fail(
      "root_hash_mismatch",
      `digest ${d.digest_id} root hash does not match the tree of size ${d.tree_size}`,
    );
  }
  const key = keys.get(d.kid);
  const t = parseMicros(d.created_at);
  const inWindow = key !== undefined && t >= parseMicros(key.not_before) &&
    (key.not_after === null || t < parseMicros(key.not_after));
  const { signature, ...body } = d;
  if (!inWindow || !keys.signatureOk(key!, view.canonical(body), signature)) {
    fail("bad_signature", `digest ${d.digest_id} signature does not verify`);
  }
}

function checkRecords(
  view: HistoryView,
  first: number,
  last: number,
  deep: boolean,
  failures: Failure[],
) {
  let prev = first === 1 ? ZERO_HASH : view.record(first - 1).hash;
  for (let seq = first; seq <= last; seq++) {
    const r = view.record(seq);
    const fail = (code: string, reason: string) => failures.push({ code, seq, reason });
    if (r.prev_hash !== prev) {
      fail("prev_hash_mismatch", `record ${seq} does not link to the record before it`);
    }
    const { hash, ...body } = r;
    if (createHash("sha256").update(view.canonical(body)).digest("hex") !== hash) {
      fail("hash_mismatch", `record ${seq} hash does not match its content`);
    }
    if (deep && r.kind === "decision") {
      const event = r.event_id === null ? undefined : view.event(r.event_id);
      const payload = event && createHash("sha256").update(view.canonical(event)).digest("hex");
      if (payload !== r.payload_hash) {
        fail(
          "payload_hash_mismatch",
          `record ${seq} payload hash does not match event ${r.event_id}`,
        );
      }
    }
    prev = hash;
  }
}

/** Verifies the records created in [start, end) (microseconds) and the digests over them. */
export function verifyTrailRange(
  view: HistoryView,
  start: number,
  end: number,
  deep: boolean,
): Json {
  const failures: Failure[] = [];
  const first = firstSeqAtOrAfter(view, start);
  const last = firstSeqAtOrAfter(view, end) - 1;
  const ring = new Keys(view);
  const keys = ring.list.map((k) => ({
    kid: k.kid,
    fingerprint: spkiFingerprint(k.x),
    trusted_by: null,
  }));
  const empty = {
    ok: true,
    chain_integrity: "empty",
    records_verified: 0,
    digests_verified: 0,
    first_seq: null,
    last_seq: null,
    head_hash: null,
    pending_records: 0,
    keys,
    checkpoint: view.digestCount > 0 ? view.digest(view.digestCount) : null,
    consistency: "not_checked",
    failures,
  };
  if (last < first) return empty;
  checkRecords(view, first, last, deep, failures);
  checkKeys(ring, failures);
  const every = view.digestEvery;
  const covering: Digest[] = [];
  const lastDigest = Math.min(view.digestCount, Math.ceil(last / every));
  for (let n = Math.ceil(first / every); n <= lastDigest; n++) covering.push(view.digest(n));
  for (const d of covering) checkDigest(view, ring, d, failures);
  const signedTo = view.digestCount * every;
  return {
    ...empty,
    ok: failures.length === 0,
    chain_integrity: failures.length === 0 ? "intact" : "broken",
    records_verified: last - first + 1,
    digests_verified: covering.length,
    first_seq: first,
    last_seq: last,
    head_hash: view.record(last).hash,
    pending_records: Math.max(0, last - Math.max(signedTo, first - 1)),
    checkpoint: covering.at(-1) ?? null,
  };
}
