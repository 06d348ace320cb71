/**
 * A synthetic signed trail in the format of DESIGN.md section 5 (hash-chained records, digests
 * that are signed tree heads with `tree_size` and `root_hash`), built with the benchmarks' own
 * canonical bytes, `node:crypto` and `_merkle.ts`, never with the SDK's code. Also the bare
 * baselines the SDK's verification is measured against.
 *
 * @module
 */
import canonicalize from "canonicalize";
import * as nodeCrypto from "node:crypto";
import { Buffer } from "node:buffer";
import type { TrailRecord } from "../../evidence/mod.ts";
import { Frontier } from "./_merkle.ts";

/** A trail record (section 5): the package's own type, so that the two cannot drift apart. */
export type SyntheticRecord = TrailRecord;

/** A synthetic trail: records, digests (signed tree heads) and the one key that signed them. */
export interface SyntheticTrail {
  readonly records: SyntheticRecord[];
  readonly digests: Record<string, unknown>[];
  readonly keys: Record<string, unknown>[];
  /** Each record's canonical bytes without `hash`, when asked for (`keepBodies`). */
  readonly bodies: string[];
  readonly privateKey: nodeCrypto.KeyObject;
}

export const GENESIS = "0".repeat(64);
const q = JSON.stringify;
type OneShot = (algorithm: string, data: string, encoding: "hex") => string;
const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash;
/** SHA-256 hex of a string: the fastest plain call the runtime has (`crypto.hash` where present). */
export const sha256: (text: string) => string = oneShot
  ? (text) => oneShot("sha256", text, "hex")
  : (text) => nodeCrypto.createHash("sha256").update(text).digest("hex");

/**
 * A record's canonical bytes without `hash`, the simplest correct way for its known shape: its
 * fields in RFC 8785 key order, each written by `JSON.stringify`.
 */
export function recordBody(r: Omit<SyntheticRecord, "hash">): string {
  return `{"created_at":${q(r.created_at)},"event_id":${q(r.event_id)},"kind":${
    q(r.kind)
  },"payload_hash":${q(r.payload_hash)},"prev_hash":${q(r.prev_hash)},"record_id":${
    q(r.record_id)
  },"request_id":${q(r.request_id)},"seq":${r.seq}}`;
}

/** Signs a digest the way section 5 says: Ed25519 over the canonical bytes without `signature`. */
export function signDigest(
  d: Record<string, unknown>,
  key: nodeCrypto.KeyObject,
): Record<string, unknown> {
  const { signature: _, ...body } = d;
  const signature = nodeCrypto.sign(null, Buffer.from(canonicalize(body)!), key).toString(
    "base64url",
  );
  return { ...body, signature };
}

/** Builds `count` chained records with a signed tree head every `digestEvery` records. */
export function syntheticTrail(
  count: number,
  digestEvery: number,
  options: { keepBodies?: boolean; firstPayloadHash?: string } = {},
): SyntheticTrail {
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" }) as { x: string };
  const records: SyntheticRecord[] = [];
  const bodies: string[] = [];
  const digests: Record<string, unknown>[] = [];
  const tree = new Frontier();
  const t0 = Date.parse("2026-05-31T00:00:00Z");
  let prev = GENESIS;
  for (let seq = 1; seq <= count; seq++) {
    const r = {
      seq,
      record_id: `rec_${String(seq).padStart(8, "0")}`,
      created_at: new Date(t0 + seq).toISOString().replace("Z", "000Z"),
      kind: "decision",
      request_id: `req_${seq}`,
      event_id: `evt_${seq}`,
      payload_hash: seq === 1 && options.firstPayloadHash
        ? options.firstPayloadHash
        : sha256(`event-${seq}`),
      prev_hash: prev,
      hash: "",
    };
    const body = recordBody(r);
    r.hash = prev = sha256(body);
    tree.push(Buffer.from(r.hash, "hex"));
    records.push(r);
    if (options.keepBodies) bodies.push(body);
    if (seq % digestEvery === 0 || seq === count) {
      const first = digests.length * digestEvery + 1;
      digests.push(signDigest({
        digest_id: `dig_${first}`,
        storage_key: `digests/${first}.json`,
        hash_algorithm: "sha256",
        signature_algorithm: "ed25519",
        kid: "key_bench",
        first_seq: first,
        last_seq: seq,
        record_count: seq - first + 1,
        head_hash: r.hash,
        tree_size: seq,
        root_hash: tree.root(),
        prev_digest_id: digests.length ? digests[digests.length - 1].digest_id : null,
        start_time: records[first - 1].created_at,
        end_time: r.created_at,
        created_at: r.created_at,
      }, privateKey));
    }
  }
  const key = {
    kty: "OKP",
    crv: "Ed25519",
    x: jwk.x,
    kid: "key_bench",
    alg: "EdDSA",
    use: "sig",
    status: "active",
    not_before: "2026-01-01T00:00:00.000000Z",
    not_after: null,
  };
  return { records, digests, keys: [key], bodies, privateKey };
}

/**
 * The bare baseline: checks every record's hash (canonical bytes built per record) and link, and,
 * with `withRoots`, every digest's RFC 9162 root over the log so far. Signatures are not checked:
 * the baseline is the per-record work a verifier cannot avoid. Throws on any mismatch.
 */
export function bareChain(trail: SyntheticTrail, withRoots: boolean): void {
  const { records, digests } = trail;
  const tree = new Frontier();
  let prev = GENESIS;
  let d = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const h = sha256(recordBody(r));
    if (r.prev_hash !== prev || h !== r.hash) throw new Error(`baseline mismatch at ${r.seq}`);
    prev = h;
    if (!withRoots) continue;
    tree.push(Buffer.from(h, "hex"));
    if (digests[d]?.tree_size === r.seq) {
      if (digests[d].root_hash !== tree.root()) throw new Error(`root mismatch at ${r.seq}`);
      d++;
    }
  }
}

/** The stricter baseline: hashing only, over canonical bytes built before the clock starts. */
export function bareChainPrecomputed(trail: SyntheticTrail): void {
  let prev = GENESIS;
  for (let i = 0; i < trail.bodies.length; i++) {
    const h = sha256(trail.bodies[i]);
    if (trail.records[i].prev_hash !== prev || h !== trail.records[i].hash) {
      throw new Error(`baseline mismatch at ${i + 1}`);
    }
    prev = h;
  }
}
