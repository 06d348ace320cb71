/**
 * The stand-in's signing keys: Ed25519 keys derived from the seed, rotated every N digests; each
 * key introduced by rotation carries its predecessor's endorsement (DESIGN section 5).
 *
 * @module
 */
import { formatMicros, parseMicros } from "./clock.ts";
import { canonicalBytes, deriveSigningKey, signBase64Url, type SigningKey } from "./crypto.ts";
import type { PublicKeyJwk } from "./records.ts";

/** Chooses the key of each digest and signs it. */
export interface DigestSigner {
  /** The kid that signs digest number `n` (1-based), created at `createdAt`. */
  kidFor(n: number, createdAt: string): string;
  /** base64url Ed25519 signature of `bytes` by key `kid`. */
  sign(kid: string, bytes: Uint8Array): string;
}

/** The canonical bytes a predecessor signs to endorse a key. */
export function endorsementBytes(jwk: PublicKeyJwk): Uint8Array {
  const { alg, crv, kid, kty, not_before, x } = jwk;
  return canonicalBytes({ alg, crv, kid, kty, not_before, x });
}

/** A signing key derived from a label, as a public JWK (without window) and its private half. */
export function derivedKey(label: string, kid: string, notBefore: string): {
  key: SigningKey;
  jwk: PublicKeyJwk;
} {
  const key = deriveSigningKey(label);
  const jwk: PublicKeyJwk = {
    kty: "OKP",
    crv: "Ed25519",
    x: key.x,
    kid,
    alg: "EdDSA",
    use: "sig",
    status: "active",
    not_before: notBefore,
    not_after: null,
  };
  return { key, jwk };
}

/** The honest key history: one active key, the retired ones, endorsements on rotation. */
export class KeyRing implements DigestSigner {
  readonly #seed: number;
  readonly #rotateEvery: number;
  readonly #keys: { key: SigningKey; jwk: PublicKeyJwk }[] = [];

  /**
   * @param seed Seed the keys derive from.
   * @param rotateEvery Digests signed by one key before the next takes over.
   * @param notBefore Start of the first key's window.
   */
  constructor(seed: number, rotateEvery: number, notBefore: string) {
    this.#seed = seed;
    this.#rotateEvery = rotateEvery;
    this.#add(notBefore);
  }

  /** Every key ever used, oldest first (the live objects: copy before changing). */
  get jwks(): readonly PublicKeyJwk[] {
    return this.#keys.map((k) => k.jwk);
  }

  /** The first key (the pin a walkthrough starts from). */
  get first(): PublicKeyJwk {
    return this.#keys[0].jwk;
  }

  kidFor(n: number, createdAt: string): string {
    const index = Math.ceil(n / this.#rotateEvery);
    while (this.#keys.length < index) this.#rotate(createdAt);
    return this.#keys[index - 1].jwk.kid;
  }

  sign(kid: string, bytes: Uint8Array): string {
    const entry = this.#keys.find((k) => k.jwk.kid === kid);
    if (!entry) throw new RangeError(`no key ${kid}`);
    return signBase64Url(entry.key, bytes);
  }

  #add(notBefore: string) {
    const n = this.#keys.length + 1;
    const kid = `key_${String(n).padStart(4, "0")}`;
    const entry = derivedKey(`keeptrusts-demo:${this.#seed}:key:${n}`, kid, notBefore);
    this.#keys.push(entry);
    return entry;
  }

  /**
   * Hands over at `at` (the first digest the successor signs): the predecessor retires at `at`;
   * the successor's window starts 1 µs earlier, so the predecessor is valid when it endorses it.
   */
  #rotate(at: string): void {
    const previous = this.#keys[this.#keys.length - 1];
    previous.jwk.status = "retired";
    previous.jwk.not_after = at;
    const next = this.#add(formatMicros(parseMicros(at) - 1));
    next.jwk.endorsement = {
      kid: previous.jwk.kid,
      signature: signBase64Url(previous.key, endorsementBytes(next.jwk)),
    };
  }
}
