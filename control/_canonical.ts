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

/** Canonical JSON text of a trail record without its `hash` field (the general algorithm). */
export function recordBodyJson(record: Record<string, unknown>): string {
  const { hash: _hash, ...body } = record;
  return canonicalJson(body);
}

// A value needs JSON escaping (or is not well-formed UTF-16) when it holds one of these.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const scratch = new Uint8Array(4096);
const encoder = new TextEncoder();

/**
 * SHA-256 hex of a trail record's canonical bytes without `hash`: what its `hash` must be. A record
 * with exactly the documented fields whose strings need no escaping is written out directly (the
 * bytes {@linkcode recordBodyJson} produces, without its per-field `JSON.stringify`); anything else
 * goes through {@linkcode recordBodyJson}.
 */
export function recordHash(record: Record<string, unknown>): string {
  const { created_at, event_id, kind, payload_hash, prev_hash, record_id, request_id, seq } =
    record;
  if (
    typeof created_at === "string" && typeof event_id === "string" && typeof kind === "string" &&
    typeof payload_hash === "string" && typeof prev_hash === "string" &&
    typeof record_id === "string" && typeof request_id === "string" && Number.isSafeInteger(seq) &&
    !NEEDS_ESCAPE.test(created_at) && !NEEDS_ESCAPE.test(event_id) && !NEEDS_ESCAPE.test(kind) &&
    !NEEDS_ESCAPE.test(payload_hash) && !NEEDS_ESCAPE.test(prev_hash) &&
    !NEEDS_ESCAPE.test(record_id) && !NEEDS_ESCAPE.test(request_id)
  ) {
    let count = 0;
    for (const _ in record) count++;
    if (count === (typeof record.hash === "string" ? 9 : 8)) {
      const text =
        `{"created_at":"${created_at}","event_id":"${event_id}","kind":"${kind}","payload_hash":"${payload_hash}","prev_hash":"${prev_hash}","record_id":"${record_id}","request_id":"${request_id}","seq":${seq}}`;
      if (oneShot !== undefined || text.length * 3 > scratch.length) return sha256Hex(text);
      // Without a one-shot hash (Node 20), hashing encoded bytes beats hashing the string.
      const { written } = encoder.encodeInto(text, scratch);
      return sha256Hex(scratch.subarray(0, written));
    }
  }
  return sha256Hex(recordBodyJson(record));
}

/** Canonical JSON text of a digest without its `signature`: the exact signed bytes. */
export function digestPayloadJson(digest: Record<string, unknown>): string {
  const { signature: _signature, ...body } = digest;
  return canonicalJson(body);
}
