/**
 * The stand-in's own hashing and signing: RFC 8785 canonical JSON (the `canonicalize` package),
 * SHA-256 and Ed25519 from `node:crypto`. Deliberately independent of the SDK's verification code,
 * so that a test cannot pass by sharing a bug with it.
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

/** SHA-256 hex of bytes or text. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 hex of a JSON value's canonical bytes. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalBytes(value));
}

// PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows.
const PKCS8_PREFIX = Uint8Array.from(
  [48, 46, 2, 1, 0, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32],
);
// SPKI prefix of an Ed25519 public key (RFC 8410); the 32-byte key follows.
const SPKI_PREFIX = Uint8Array.from([48, 42, 48, 5, 6, 3, 43, 101, 112, 3, 33, 0]);

/** An Ed25519 key pair derived from a label (a stand-in only: never derive real keys this way). */
export interface SigningKey {
  readonly privateKey: KeyObject;
  /** base64url of the raw 32-byte public key (the JWK `x`). */
  readonly x: string;
}

/** Derives an Ed25519 key pair from a seed label. */
export function deriveSigningKey(label: string): SigningKey {
  const seed = createHash("sha256").update(label).digest();
  const der = new Uint8Array(PKCS8_PREFIX.length + 32);
  der.set(PKCS8_PREFIX);
  der.set(seed, PKCS8_PREFIX.length);
  const privateKey = createPrivateKey({
    key: der as unknown as Buffer,
    format: "der",
    type: "pkcs8",
  });
  const jwk = createPublicKey(privateKey).export({ format: "jwk" }) as { x: string };
  return { privateKey, x: jwk.x };
}

/** base64url (unpadded) of an Ed25519 signature over bytes. */
export function signBase64Url(key: SigningKey, bytes: Uint8Array): string {
  return Buffer.from(sign(null, bytes, key.privateKey)).toString("base64url");
}

/** `sha256:` + hex SHA-256 of the SPKI DER of an Ed25519 public key given as its JWK `x`. */
export function spkiFingerprint(x: string): string {
  const raw = Buffer.from(x, "base64url");
  const der = new Uint8Array(SPKI_PREFIX.length + raw.length);
  der.set(SPKI_PREFIX);
  der.set(raw, SPKI_PREFIX.length);
  return `sha256:${sha256Hex(der)}`;
}

/** A small deterministic PRNG (mulberry32) for fault injection. */
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

/** A deterministic RFC 4122-shaped UUID (v4 layout) from a label. */
export function uuidFrom(label: string): string {
  const h = sha256Hex(label);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${
    h.slice(20, 32)
  }`;
}
