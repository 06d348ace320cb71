/**
 * A trail in the DESIGN section 5 format, built by the tests themselves (not by the SDK, not by
 * the stand-in): decision and administrative records, their events, signed tree heads every
 * `digestEvery` records, keys rotating every `rotateEvery` digests with endorsements, and RFC 9162
 * proofs from the recursive definitions in `_rfc9162.ts`.
 */
import canonicalize from "canonicalize";
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { hex, leafHash, path, proof } from "./_rfc9162.ts";
import { endorse, makeKey, signText, type TestKey } from "./_keys.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
type Json = Record<string, unknown>;

/** Options of {@linkcode buildLog}. */
export interface LogOptions {
  records: number;
  digestEvery?: number;
  rotateEvery?: number;
  /** Every how many records an administrative one is written. */
  adminEvery?: number;
  /** Decisions from this seq on are flipped: another history of the same length. */
  rewriteFrom?: number;
}

/** A built trail. */
export interface TestLog {
  records: Json[];
  events: Map<string, Json>;
  digests: Json[];
  keys: TestKey[];
  /** The served key set (JWKs). */
  jwks: Json[];
  /** Leaf hashes (raw) of the records, in order. */
  leaves: Uint8Array[];
  inclusionProof(seq: number, treeSize: number): Json;
  consistencyProof(first: number, second: number): Json;
}

const time = (i: number) => new Date(Date.UTC(2026, 4, 1) + i * 1000).toISOString();

/** A compact frontier written for the tests: (size, hash) pairs merged when sizes are equal. */
class Roots {
  stack: { size: number; hash: Uint8Array }[] = [];
  push(leaf: Uint8Array) {
    let top = { size: 1, hash: leafHash(leaf) };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].size === top.size) {
      const left = this.stack.pop()!;
      top = { size: top.size * 2, hash: node(left.hash, top.hash) };
    }
    this.stack.push(top);
  }
  root(): Uint8Array {
    let hash = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = node(this.stack[i].hash, hash);
    return hash;
  }
}
const node = (l: Uint8Array, r: Uint8Array) =>
  new Uint8Array(createHash("sha256").update(Uint8Array.of(1)).update(l).update(r).digest());

/** Signs a digest body with a key: the canonical bytes without `signature`. */
export function signDigest(body: Json, key: TestKey): Json {
  const { signature: _, ...rest } = body;
  const signed = { ...rest, kid: key.jwk.kid };
  return { ...signed, signature: signText(key, canonicalize(signed)!) };
}

/** A record with its hash computed (`canonicalize`, the reference RFC 8785 implementation). */
export function seal(record: Json): Json {
  const { hash: _, ...body } = record;
  return { ...body, hash: sha(canonicalize(body)!) };
}

/**
 * The same for the records this builder writes, faster: their values are ASCII without escapes and
 * the keys are written in RFC 8785 order, so `JSON.stringify` gives the canonical text.
 */
function sealPlain(r: Json): Json {
  const body = {
    created_at: r.created_at,
    event_id: r.event_id,
    kind: r.kind,
    payload_hash: r.payload_hash,
    prev_hash: r.prev_hash,
    record_id: r.record_id,
    request_id: r.request_id,
    seq: r.seq,
  };
  return { ...body, hash: sha(JSON.stringify(body)) };
}

/** Builds a trail. */
export function buildLog(options: LogOptions): TestLog {
  const { records: n, digestEvery = 8, rotateEvery = 3, adminEvery = 0 } = options;
  const records: Json[] = [];
  const events = new Map<string, Json>();
  const leaves: Uint8Array[] = [];
  const digests: Json[] = [];
  const keys: TestKey[] = [makeKey("key_1", time(0))];
  const roots = new Roots();
  let prev = "0".repeat(64);
  for (let seq = 1; seq <= n; seq++) {
    const admin = adminEvery > 0 && seq % adminEvery === 0;
    const event = admin ? undefined : {
      created_at: time(seq),
      event_cost_attribution: { total_cost_usd: 0.001 * (seq % 7) },
      event_id: `evt_${seq}`,
      request_id: `req_${seq}`,
      verdict: (seq % 5 === 0) !== (seq >= (options.rewriteFrom ?? Infinity)) ? "block" : "allow",
    };
    if (event) events.set(event.event_id, event);
    const record = sealPlain({
      seq,
      record_id: `rec_${seq}`,
      created_at: time(seq),
      kind: admin ? "token.created" : "decision",
      request_id: event?.request_id ?? null,
      event_id: event?.event_id ?? null,
      payload_hash: sha(JSON.stringify(event ?? { action: "token.created", seq })),
      prev_hash: prev,
    });
    records.push(record);
    prev = record.hash as string;
    const leaf = new Uint8Array(Buffer.from(prev, "hex"));
    leaves.push(leaf);
    roots.push(leaf);
    if (seq % digestEvery === 0) {
      digests.push(makeDigest(records, digests, keys, roots, rotateEvery));
    }
  }
  return {
    records,
    events,
    digests,
    keys,
    jwks: keys.map((k) => k.jwk),
    leaves,
    inclusionProof: (seq, treeSize) => ({
      seq,
      tree_size: treeSize,
      leaf_hash: hex(leafHash(leaves[seq - 1])),
      audit_path: path(seq - 1, leaves.slice(0, treeSize)).map(hex),
    }),
    consistencyProof: (first, second) => ({
      first,
      second,
      consistency_path: first === 0 || first === second
        ? []
        : proof(first, leaves.slice(0, second)).map(hex),
    }),
  };
}

function makeDigest(
  records: Json[],
  digests: Json[],
  keys: TestKey[],
  roots: Roots,
  every: number,
) {
  const last = records[records.length - 1];
  const prev = digests[digests.length - 1];
  const first = ((prev?.last_seq as number) ?? 0) + 1;
  if (digests.length > 0 && digests.length % every === 0) {
    const old = keys[keys.length - 1];
    const at = last.created_at as string;
    old.jwk.not_after = at;
    old.jwk.status = "retired";
    keys.push(endorse(makeKey(`key_${keys.length + 1}`, at), old));
  }
  const body = {
    digest_id: `dig_${digests.length + 1}`,
    storage_key: `digests/${digests.length + 1}.json`,
    hash_algorithm: "sha256",
    signature_algorithm: "ed25519",
    first_seq: first,
    last_seq: last.seq,
    record_count: (last.seq as number) - first + 1,
    head_hash: last.hash,
    tree_size: last.seq,
    root_hash: hex(roots.root()),
    prev_digest_id: prev?.digest_id ?? null,
    start_time: records[first - 1].created_at,
    end_time: last.created_at,
    created_at: last.created_at,
  };
  return signDigest(body, keys[keys.length - 1]);
}
