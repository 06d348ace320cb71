/**
 * The stand-in's signing keys: Ed25519 keys derived from the seed, key `j` signing digests
 * `(j-1)R+1 .. jR`; each key after the first carries its predecessor's endorsement (DESIGN
 * section 5). Keys are derived from the digests' timestamps when asked for (a bounded cache keeps
 * the recent ones), so a long seeded history with many rotations costs nothing until listed.
 *
 * @module
 */
import { formatMicros } from "./clock.ts";
import { canonicalBytes, deriveSigningKey, signBase64Url, type SigningKey } from "./crypto.ts";
import { Lru } from "./lru.ts";
import type { PublicKeyJwk } from "./records.ts";

/** Chooses the key of each digest and signs it. */
export interface DigestSigner {
  /** The kid that signs digest number `n` (1-based). */
  kidFor(n: number): string;
  /** base64url Ed25519 signature of `bytes` by key `kid`. */
  sign(kid: string, bytes: Uint8Array): string;
}

/** The digests' timestamps, which place the rotations. */
export interface DigestStamps {
  /** How many digests have been signed. */
  readonly digestCount: number;
  /** `created_at` of digest `n` (1-based), in microseconds. */
  stampMicros(n: number): number;
}

/** The canonical bytes a predecessor signs to endorse a key. */
export function endorsementBytes(jwk: PublicKeyJwk): Uint8Array {
  const { alg, crv, kid, kty, not_before, x } = jwk;
  return canonicalBytes({ alg, crv, kid, kty, not_before, x });
}

/** A signing key derived from a label, as a public JWK and its private half. */
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

const kidOf = (j: number) => `key_${String(j).padStart(4, "0")}`;

/** The honest key history. */
export class KeyRing implements DigestSigner {
  readonly #seed: number;
  readonly #rotateEvery: number;
  readonly #firstNotBefore: () => number;
  readonly #stamps: () => DigestStamps;
  readonly #private = new Lru<number, SigningKey>(256);
  readonly #retired = new Lru<number, PublicKeyJwk>(1024);

  /**
   * @param seed Seed the keys derive from.
   * @param rotateEvery Digests signed by one key before the next takes over.
   * @param firstNotBefore Start of the first key's window (microseconds).
   * @param stamps The digests' timestamps.
   */
  constructor(
    seed: number,
    rotateEvery: number,
    firstNotBefore: () => number,
    stamps: () => DigestStamps,
  ) {
    this.#seed = seed;
    this.#rotateEvery = rotateEvery;
    this.#firstNotBefore = firstNotBefore;
    this.#stamps = stamps;
  }

  /** How many keys have been used (at least one). */
  get keyCount(): number {
    return Math.max(1, Math.ceil(this.#stamps().digestCount / this.#rotateEvery));
  }

  /** Every key ever used, oldest first. */
  get jwks(): PublicKeyJwk[] {
    return Array.from({ length: this.keyCount }, (_, i) => this.jwk(i + 1));
  }

  /** The first key (the pin a walkthrough starts from). */
  get first(): PublicKeyJwk {
    return this.jwk(1);
  }

  /** Key `j` (1-based) as served. */
  jwk(j: number): PublicKeyJwk {
    if (j < this.keyCount) return this.#retired.get(j, () => this.#make(j));
    return this.#make(j);
  }

  kidFor(n: number): string {
    return kidOf(Math.ceil(n / this.#rotateEvery));
  }

  sign(kid: string, bytes: Uint8Array): string {
    const j = /^key_(\d{4,})$/.exec(kid);
    if (!j || Number(j[1]) < 1 || Number(j[1]) > this.keyCount) {
      throw new RangeError(`no key ${kid}`);
    }
    return signBase64Url(this.#key(Number(j[1])), bytes);
  }

  #key(j: number): SigningKey {
    return this.#private.get(j, () => deriveSigningKey(`keeptrusts-demo:${this.#seed}:key:${j}`));
  }

  /**
   * Key `j`: its window opens 1 µs before the first digest it signs (so its predecessor, retiring
   * at that digest, is still valid when it endorses it) and closes at its successor's first digest.
   */
  #make(j: number): PublicKeyJwk {
    const stamps = this.#stamps();
    const firstDigest = (j - 1) * this.#rotateEvery + 1;
    const successorFirst = j * this.#rotateEvery + 1;
    const jwk: PublicKeyJwk = {
      kty: "OKP",
      crv: "Ed25519",
      x: this.#key(j).x,
      kid: kidOf(j),
      alg: "EdDSA",
      use: "sig",
      status: j < this.keyCount ? "retired" : "active",
      not_before: formatMicros(
        j === 1 ? this.#firstNotBefore() : stamps.stampMicros(firstDigest) - 1,
      ),
      not_after: successorFirst <= stamps.digestCount
        ? formatMicros(stamps.stampMicros(successorFirst))
        : null,
    };
    if (j > 1) {
      jwk.endorsement = {
        kid: kidOf(j - 1),
        signature: signBase64Url(this.#key(j - 1), endorsementBytes(jwk)),
      };
    }
    return jwk;
  }
}
