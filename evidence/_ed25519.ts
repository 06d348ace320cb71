/**
 * Ed25519 signature checks (`node:crypto`) that never throw: a key that cannot be imported or a
 * signature of the wrong shape is simply not valid.
 *
 * @module
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { toBase64Url } from "./_bytes.ts";

const encoder = new TextEncoder();

/** A `KeyObject` for a raw 32-byte Ed25519 public key, or `undefined` when it cannot be imported. */
export function ed25519Key(raw: Uint8Array): KeyObject | undefined {
  try {
    return createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: toBase64Url(raw) },
      format: "jwk",
    });
  } catch {
    return undefined;
  }
}

/** Whether `signature` (64 raw bytes) is the key's Ed25519 signature of `message`. */
export function ed25519Verify(
  key: KeyObject,
  message: string | Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const bytes = typeof message === "string" ? encoder.encode(message) : message;
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}
