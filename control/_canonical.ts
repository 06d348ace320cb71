/**
 * RFC 8785 canonical bytes and synchronous SHA-256 (`node:crypto`, present in Deno, Bun and Node).
 * Trail records take a fast path: a record with exactly the documented fields, holding only strings
 * and safe integers, serialises to the same bytes as the general algorithm (keys in code-unit order,
 * ECMAScript string and number serialisation); anything else goes through `canonicalize`.
 *
 * @module
 */
import canonicalize from "canonicalize";
import * as nodeCrypto from "node:crypto";

/** RFC 8785 canonical JSON text of a value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("Cannot canonicalize: the value has no JSON form");
  return text;
}

type OneShotHash = (algorithm: string, data: string | Uint8Array, encoding: "hex") => string;
// `crypto.hash` (one call, no Hash object) where the runtime has it: Bun, Deno, Node >= 21.7.
const oneShot = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;

/** SHA-256 hex of a string's UTF-8 bytes, or of bytes. */
export const sha256Hex: (data: string | Uint8Array) => string = oneShot
  ? (data) => oneShot("sha256", data, "hex")
  : (data) => nodeCrypto.createHash("sha256").update(data).digest("hex");

const RECORD_KEYS = [
  "created_at",
  "event_id",
  "kind",
  "payload_hash",
  "prev_hash",
  "record_id",
  "request_id",
  "seq",
];
const RECORD_KEY_SET = new Set([...RECORD_KEYS, "hash"]);

function isFastRecord(record: Record<string, unknown>): boolean {
  let count = 0;
  for (const key in record) {
    if (!RECORD_KEY_SET.has(key)) return false;
    count++;
  }
  if (count !== 9) return false;
  for (const key of RECORD_KEYS) {
    const v = record[key];
    if (key === "seq") {
      if (!Number.isSafeInteger(v)) return false;
    } else if (typeof v !== "string") return false;
  }
  return true;
}

/** Canonical JSON text of a trail record without its `hash` field. */
export function recordBodyJson(record: Record<string, unknown>): string {
  if (isFastRecord(record)) {
    const s = JSON.stringify;
    return `{"created_at":${s(record.created_at)},"event_id":${s(record.event_id)},"kind":${
      s(record.kind)
    },"payload_hash":${s(record.payload_hash)},"prev_hash":${s(record.prev_hash)},"record_id":${
      s(record.record_id)
    },"request_id":${s(record.request_id)},"seq":${record.seq}}`;
  }
  const { hash: _hash, ...body } = record;
  return canonicalJson(body);
}

/** SHA-256 hex of a trail record's canonical bytes without `hash`: what its `hash` must be. */
export function recordHash(record: Record<string, unknown>): string {
  return sha256Hex(recordBodyJson(record));
}

/** Canonical JSON text of a digest without its `signature`: the exact signed bytes. */
export function digestPayloadJson(digest: Record<string, unknown>): string {
  const { signature: _signature, ...body } = digest;
  return canonicalJson(body);
}
