/**
 * Ed25519 keys and signatures from JWKs and base64url, and RFC 3339 times to microseconds: the
 * decoding the verifiers share. Anything malformed decodes to `undefined` or a reason, never throws.
 *
 * @module
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import type { PublicKey } from "./types.ts";

/** Microseconds since the epoch of an RFC 3339 time; NaN when it is not one. */
export function micros(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return NaN;
  const m = /\.(\d+)/.exec(text);
  const frac = m ? Number((m[1] + "000000").slice(0, 6)) : 0;
  return Math.floor(ms / 1000) * 1_000_000 + frac;
}

/** Decodes canonical unpadded base64url; `undefined` for anything else. */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  let bytes: Uint8Array;
  try {
    const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  // Only the canonical encoding is accepted: otherwise the unused low bits of the last character
  // could be changed without changing the bytes, and a tampered signature would still verify.
  const again = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
  return again === text ? bytes : undefined;
}

/** An Ed25519 `KeyObject` from a JWK, or a reason it is not one. */
export function publicKeyObject(jwk: PublicKey): KeyObject | string {
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519") return `key ${jwk.kid} is not an Ed25519 OKP key`;
  if (jwk.alg !== undefined && jwk.alg !== null && jwk.alg !== "EdDSA") {
    return `key ${jwk.kid} is not for EdDSA`;
  }
  const raw = base64UrlDecode(jwk.x);
  if (!raw || raw.length !== 32) return `key ${jwk.kid} has no 32-byte public key`;
  try {
    return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" });
  } catch {
    return `key ${jwk.kid} cannot be imported`;
  }
}

/** Decodes a digest's base64url signature to its 64 raw bytes, or `undefined`. */
export function decodeSignature(signature: string): Uint8Array | undefined {
  const bytes = base64UrlDecode(signature);
  return bytes && bytes.length === 64 ? bytes : undefined;
}
