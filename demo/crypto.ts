/**
 * The demo server's own hashing and signing: RFC 8785 canonical JSON (the `canonicalize` package),
 * SHA-256 and Ed25519 from `node:crypto`. Deliberately independent of the SDK's verification code.
 *
 * @module
 */
import canonicalize from "canonicalize";
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from "node:crypto";

const encoder = new TextEncoder();

/** RFC 8785 canonical bytes of a JSON value. */
export function canonicalBytes(value: unknown): Uint8Array {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON form");
  return encoder.encode(text);
}

/** SHA-256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

// PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
]);

/** An Ed25519 signing key derived deterministically from a label (demo only: never do this for real). */
export interface SigningKey {
  readonly privateKey: KeyObject;
  /** base64url of the raw 32-byte public key (the JWK `x`). */
  readonly x: string;
}

/** Derives an Ed25519 key pair from a seed label. */
export function deriveSigningKey(label: string): SigningKey {
  const seed = createHash("sha256").update(label).digest();
  const der = new Uint8Array(ED25519_PKCS8_PREFIX.length + 32);
  der.set(ED25519_PKCS8_PREFIX);
  der.set(seed, ED25519_PKCS8_PREFIX.length);
  const privateKey = createPrivateKey({
    key: der as unknown as Buffer,
    format: "der",
    type: "pkcs8",
  });
  const jwk = createPublicKey(privateKey).export({ format: "jwk" }) as { x: string };
  return { privateKey, x: jwk.x };
}

/** base64url of an Ed25519 signature over bytes. */
export function signBase64Url(key: SigningKey, bytes: Uint8Array): string {
  return Buffer.from(sign(null, bytes, key.privateKey)).toString("base64url");
}

/** A small deterministic PRNG (mulberry32) for seeded history and fault injection. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
