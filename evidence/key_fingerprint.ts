/**
 * Fingerprints of Ed25519 public keys: `"sha256:<hex>"` of the key's SPKI DER, the value
 * `openssl pkey -pubin -in public-key.pem -outform DER | sha256sum` prints. A fingerprint is a pin:
 * what a verifier is told to trust.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { base64UrlBytes, hexBytes } from "./_bytes.ts";

// SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): this 12-byte header, then the 32-byte key.
const SPKI_PREFIX = hexBytes("302a300506032b6570032100", 12)!;

/** The SPKI DER of an Ed25519 key from its raw 32 bytes. */
export function ed25519Spki(raw: Uint8Array): Uint8Array {
  const der = new Uint8Array(SPKI_PREFIX.length + raw.length);
  der.set(SPKI_PREFIX);
  der.set(raw, SPKI_PREFIX.length);
  return der;
}

/**
 * The raw 32 bytes of an Ed25519 JWK (`kty: "OKP"`, `crv: "Ed25519"`, canonical base64url `x`,
 * `alg` absent or `"EdDSA"`), or why it is not one. Never throws, whatever the value.
 */
export function ed25519Raw(jwk: unknown): Uint8Array | string {
  if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) return "is not a JSON object";
  const { kty, crv, alg, x } = jwk as Record<string, unknown>;
  if (kty !== "OKP" || crv !== "Ed25519") return "is not an Ed25519 key (kty OKP, crv Ed25519)";
  if (alg !== undefined && alg !== null && alg !== "EdDSA") return "is not for EdDSA";
  const raw = base64UrlBytes(x, 32);
  return raw ?? "has no canonical base64url 32-byte x";
}

/** `"sha256:<hex>"` of the SPKI DER of a raw Ed25519 key. */
export function fingerprintOfRaw(raw: Uint8Array): string {
  return "sha256:" + createHash("sha256").update(ed25519Spki(raw)).digest("hex");
}

/**
 * The fingerprint of an Ed25519 public key: `"sha256:"` and the lowercase hex SHA-256 of its SPKI
 * DER encoding, i.e. what `openssl pkey -pubin -in public-key.pem -outform DER | sha256sum` prints
 * for the same key. Only the key material counts: `kid`, `status` and validity are not part of it.
 *
 * @param jwk The key as a JWK (`kty: "OKP"`, `crv: "Ed25519"`, `x`).
 * @returns The fingerprint, e.g. `"sha256:3b6a27bc..."`.
 * @throws {TypeError} when the value is not an Ed25519 public JWK.
 *
 * @example Pin a key by its fingerprint
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateKeyPairSync } from "node:crypto";
 * import { keyFingerprint } from "@keeptrusts/client/evidence";
 *
 * const { publicKey } = generateKeyPairSync("ed25519");
 * const fingerprint = keyFingerprint(publicKey.export({ format: "jwk" }));
 * assert.match(fingerprint, /^sha256:[0-9a-f]{64}$/);
 * ```
 */
export function keyFingerprint(jwk: unknown): string {
  const raw = ed25519Raw(jwk);
  if (typeof raw === "string") throw new TypeError(`Cannot fingerprint key: the value ${raw}`);
  return fingerprintOfRaw(raw);
}
