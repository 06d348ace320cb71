/**
 * Strict hex and base64url decoding for evidence. Length is checked before any work, so a
 * 2-million-character value costs one comparison, and nothing recurses or spreads.
 *
 * @module
 */

const HEX = "0123456789abcdef";
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE[HEX.charCodeAt(i)] = i;

/**
 * The bytes of a lowercase hex string of exactly `length` bytes, or `undefined` when it is not one
 * (wrong type, wrong length, uppercase or any other character).
 */
export function hexBytes(text: unknown, length: number): Uint8Array | undefined {
  const out = new Uint8Array(length);
  return hexInto(text, out, 0, length) ? out : undefined;
}

/**
 * Decodes a lowercase hex string of exactly `length` bytes into `target` at `offset`, without
 * allocating; false (target partly written) when the text is not one.
 */
export function hexInto(
  text: unknown,
  target: Uint8Array,
  offset: number,
  length: number,
): boolean {
  if (typeof text !== "string" || text.length !== length * 2) return false;
  for (let i = 0; i < length; i++) {
    const a = text.charCodeAt(2 * i);
    const b = text.charCodeAt(2 * i + 1);
    const hi = a < 128 ? HEX_VALUE[a] : -1;
    const lo = b < 128 ? HEX_VALUE[b] : -1;
    if (hi < 0 || lo < 0) return false;
    target[offset + i] = (hi << 4) | lo;
  }
  return true;
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return out;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64URL.charCodeAt(i)] = i;

/**
 * The bytes of an unpadded, canonical base64url string of exactly `length` bytes, or `undefined`.
 * Canonical: the unused low bits of the last character are zero, so no two texts decode to the
 * same bytes (otherwise a changed signature text could still verify).
 */
export function base64UrlBytes(text: unknown, length: number): Uint8Array | undefined {
  if (typeof text !== "string" || text.length !== Math.ceil((length * 4) / 3)) return undefined;
  const out = new Uint8Array(length);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_VALUE[c] : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  if (n !== length || (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/** Unpadded base64url of bytes. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63] + B64URL[(v >> 6) & 63] + B64URL[v & 63];
  }
  if (i < bytes.length) {
    const v = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += B64URL[v >> 18] + B64URL[(v >> 12) & 63];
    if (i + 1 < bytes.length) out += B64URL[(v >> 6) & 63];
  }
  return out;
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
