/**
 * Test keys: Ed25519 JWKs in the trail's format, with endorsements signed the way DESIGN section 5
 * says (the predecessor's signature over the canonical `{ alg, crv, kid, kty, not_before, x }`),
 * written here independently of the SDK.
 */
import canonicalize from "canonicalize";
import { Buffer } from "node:buffer";
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";

/** A served public key with its private half kept for signing. */
export interface TestKey {
  readonly jwk: Record<string, unknown>;
  readonly privateKey: KeyObject;
}

/** A fresh key with the given kid and window. */
export function makeKey(
  kid: string,
  notBefore = "2026-01-01T00:00:00Z",
  notAfter: string | null = null,
): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const { x } = publicKey.export({ format: "jwk" });
  const jwk = {
    kty: "OKP",
    crv: "Ed25519",
    x,
    kid,
    alg: "EdDSA",
    status: notAfter === null ? "active" : "retired",
    not_before: notBefore,
    not_after: notAfter,
  };
  return { jwk, privateKey };
}

/** base64url Ed25519 signature of a string's UTF-8 bytes. */
export function signText(key: TestKey, text: string): string {
  return Buffer.from(sign(null, new TextEncoder().encode(text), key.privateKey)).toString(
    "base64url",
  );
}

/** `next` endorsed by `by`: its JWK with `endorsement: { kid, signature }`. */
export function endorse(next: TestKey, by: TestKey): TestKey {
  const { alg, crv, kid, kty, not_before, x } = next.jwk;
  const signature = signText(by, canonicalize({ alg, crv, kid, kty, not_before, x })!);
  return { ...next, jwk: { ...next.jwk, endorsement: { kid: by.jwk.kid, signature } } };
}

/** A chain of `n` keys, each rotating the one before at one-day steps and endorsed by it. */
export function keyChain(n: number, prefix = "key"): TestKey[] {
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString();
  const out: TestKey[] = [];
  for (let i = 0; i < n; i++) {
    const key = makeKey(`${prefix}_${i + 1}`, day(i), i === n - 1 ? null : day(i + 1));
    out.push(i === 0 ? key : endorse(key, out[i - 1]));
  }
  return out;
}
