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

// A record's text whose values need no JSON escaping (and are well-formed UTF-16).
const V = String.raw`"[^"\\\u0000-\u001f\ud800-\udfff]*"`;
const plainPattern = (withHash: boolean) =>
  new RegExp(
    String.raw`^\{"created_at":${V},"event_id":${V},` + (withHash ? `"hash":${V},` : "") +
      String
        .raw`"kind":${V},"payload_hash":${V},"prev_hash":${V},"record_id":${V},"request_id":${V},"seq":\d+\}$`,
  );
const PLAIN = plainPattern(false);
const PLAIN_WITH_HASH = plainPattern(true);
const scratch = new Uint8Array(4096);
const encoder = new TextEncoder();

/**
 * The text of a record with exactly the documented fields, all strings but a safe-integer `seq`,
 * written out in RFC 8785 key order without escaping anything: the canonical text when no value
 * needs escaping (what {@linkcode plainRecordText} checks; the parallel verifier's workers check
 * the same on the bytes). `undefined` for any other record. With `withHash`, the record's `hash`
 * is included (it must be a string then).
 */
export function unescapedRecordText(
  record: Record<string, unknown>,
  withHash: boolean,
): string | undefined {
  const { created_at, event_id, hash, kind, payload_hash, prev_hash, record_id, request_id, seq } =
    record;
  if (
    typeof created_at !== "string" || typeof event_id !== "string" || typeof kind !== "string" ||
    typeof payload_hash !== "string" || typeof prev_hash !== "string" ||
    typeof record_id !== "string" || typeof request_id !== "string" || !Number.isSafeInteger(seq)
  ) return undefined;
  const hasHash = typeof hash === "string";
  if (withHash && !hasHash) return undefined;
  let count = 0;
  for (const _ in record) count++;
  if (count !== (hasHash ? 9 : 8) || (!hasHash && "hash" in record)) return undefined;
  const h = withHash ? `"hash":"${hash}",` : "";
  return `{"created_at":"${created_at}","event_id":"${event_id}",${h}"kind":"${kind}","payload_hash":"${payload_hash}","prev_hash":"${prev_hash}","record_id":"${record_id}","request_id":"${request_id}","seq":${seq}}`;
}

/**
 * The canonical text of a record with exactly the documented fields whose strings need no
 * escaping, written out directly (keys are known and already in RFC 8785 order; such strings and
 * safe integers serialise as themselves). `undefined` for any other record.
 */
function plainRecordText(record: Record<string, unknown>, withHash: boolean): string | undefined {
  const text = unescapedRecordText(record, withHash);
  // One scan instead of one per field: the pattern admits no quote, backslash, control character
  // or surrogate inside a value, so a match means every value was written as itself and the text
  // splits into exactly these fields.
  return text !== undefined && (withHash ? PLAIN_WITH_HASH : PLAIN).test(text) ? text : undefined;
}

/** RFC 8785 canonical JSON text of a whole trail record (`hash` included), as in `trail.jsonl`. */
export function recordJson(record: Record<string, unknown>): string {
  return plainRecordText(record, true) ?? canonicalJson(record);
}

/**
 * SHA-256 hex of a trail record's canonical bytes without `hash`: what its `hash` must be. Plain
 * records take the direct path of {@linkcode plainRecordText}; anything else goes through
 * {@linkcode recordBodyJson}.
 */
export function recordHash(record: Record<string, unknown>): string {
  const text = plainRecordText(record, false);
  if (text === undefined) return sha256Hex(recordBodyJson(record));
  if (oneShot !== undefined || text.length * 3 > scratch.length) return sha256Hex(text);
  // Without a one-shot hash (Node 20), hashing encoded bytes beats hashing the string.
  const { written } = encoder.encodeInto(text, scratch);
  return sha256Hex(scratch.subarray(0, written));
}

/** Canonical JSON text of a digest without its `signature`: the exact signed bytes. */
export function digestPayloadJson(digest: Record<string, unknown>): string {
  const { signature: _signature, ...body } = digest;
  return canonicalJson(body);
}

/**
 * RFC 8785 canonical text of a value, or `undefined` when it has none: a lone surrogate, a
 * non-finite number, or nesting deeper than the stack allows. Never throws.
 */
export function canonicalOrUndefined(value: unknown): string | undefined {
  try {
    return canonicalize(value);
  } catch {
    return undefined;
  }
}

/** {@linkcode recordHash}, or `undefined` when the record has no canonical form. Never throws. */
export function recordHashOrUndefined(record: Record<string, unknown>): string | undefined {
  try {
    return recordHash(record);
  } catch {
    return undefined;
  }
}
