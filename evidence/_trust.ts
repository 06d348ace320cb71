/**
 * Trust resolution: a key is trusted only when the caller pinned it (a JWK or a `"sha256:<hex>"`
 * fingerprint) or it is reachable from a pinned key through endorsements, each endorsing key valid
 * at the endorsed key's `not_before`. Keys served by the server or bundled in the zip under
 * verification are material to check, never anchors. Breadth-first over the endorsement edges:
 * linear in the number of keys, no recursion.
 *
 * @module
 */
import canonicalize from "canonicalize";
import type { KeyObject } from "node:crypto";
import { base64UrlBytes, sameBytes } from "./_bytes.ts";
import { ed25519Key, ed25519Verify } from "./_ed25519.ts";
import { clip, type FailureLog } from "./_failures.ts";
import { timestampMicros } from "./_time.ts";
import { ed25519Raw, fingerprintOfRaw } from "./key_fingerprint.ts";

/** How a key came to be trusted. */
export type TrustedBy = "pin" | "endorsement" | null;

/** A key checked for shape, with its trust. */
export interface ResolvedKey {
  readonly kid: string;
  readonly raw: Uint8Array;
  readonly fingerprint: string;
  /** Validity window in microseconds (`-Infinity`/`Infinity` when open). */
  readonly notBefore: number;
  readonly notAfter: number;
  readonly endorsement: unknown;
  trustedBy: TrustedBy;
  /** The kid names two different keys: nothing signed under it is accepted. */
  conflict: boolean;
  keyObject?: KeyObject | null;
}

/** Parsed pins: fingerprints, and the pinned JWKs (which are also keys to verify with). */
export interface Pins {
  readonly fingerprints: ReadonlySet<string>;
  readonly jwks: readonly Record<string, unknown>[];
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FINGERPRINT = /^sha256:[0-9a-fA-F]{64}$/;

/**
 * Checks the caller's `trustedKeys` option (caller input: a mistake is a `TypeError`).
 *
 * @throws {TypeError} naming the first entry that is neither a fingerprint nor an Ed25519 JWK.
 */
export function parsePins(trustedKeys: unknown, action: string): Pins {
  if (trustedKeys === undefined) return { fingerprints: new Set(), jwks: [] };
  if (!Array.isArray(trustedKeys)) {
    throw new TypeError(`Cannot ${action}: trustedKeys must be an array of fingerprints or JWKs`);
  }
  const fingerprints = new Set<string>();
  const jwks: Record<string, unknown>[] = [];
  for (let i = 0; i < trustedKeys.length; i++) {
    const pin: unknown = trustedKeys[i];
    if (typeof pin === "string" && FINGERPRINT.test(pin)) {
      fingerprints.add(pin.toLowerCase());
      continue;
    }
    const raw = ed25519Raw(pin);
    if (typeof raw === "string") {
      throw new TypeError(
        `Cannot ${action}: trustedKeys[${i}] is neither a "sha256:<64 hex>" fingerprint nor an Ed25519 JWK`,
      );
    }
    fingerprints.add(fingerprintOfRaw(raw));
    jwks.push(pin as Record<string, unknown>);
  }
  return { fingerprints, jwks };
}

/** A key's shape checked, or why it cannot be used. */
function readKey(value: unknown): ResolvedKey | string {
  const raw = ed25519Raw(value);
  if (typeof raw === "string") return raw;
  const jwk = value as Record<string, unknown>;
  if (typeof jwk.kid !== "string" || jwk.kid === "") return "has no kid";
  if (jwk.kid.length > 256 || LONE_SURROGATE.test(jwk.kid)) return "has an unusable kid";
  const notBefore = jwk.not_before === undefined ? -Infinity : timestampMicros(jwk.not_before);
  const notAfter = jwk.not_after === undefined || jwk.not_after === null
    ? Infinity
    : timestampMicros(jwk.not_after);
  if (notBefore === undefined || notAfter === undefined) return "has an invalid validity window";
  return {
    kid: jwk.kid,
    raw,
    fingerprint: fingerprintOfRaw(raw),
    notBefore,
    notAfter,
    endorsement: jwk.endorsement,
    trustedBy: null,
    conflict: false,
  };
}

/** The exact bytes an endorsement signs: the canonical `{ alg, crv, kid, kty, not_before, x }`. */
function endorsedText(jwk: Record<string, unknown>): string | undefined {
  const { alg, crv, kid, kty, not_before, x } = jwk;
  try {
    return canonicalize({ alg, crv, kid, kty, not_before, x });
  } catch {
    return undefined; // a lone surrogate has no canonical form
  }
}

/** The keys of one verification, by kid, with their trust resolved. */
export class KeyRing {
  readonly #byKid = new Map<string, ResolvedKey>();
  readonly #jwk = new Map<ResolvedKey, Record<string, unknown>>();
  readonly #log: FailureLog;
  /** Whether the caller gave any pin at all. */
  readonly pinned: boolean;

  /**
   * @param keys Keys from the server or the bundle (untrusted material).
   * @param pins The caller's pins.
   * @param log Where bad keys and endorsements are reported.
   */
  constructor(keys: readonly unknown[], pins: Pins, log: FailureLog) {
    this.#log = log;
    this.pinned = pins.fingerprints.size > 0;
    for (const value of keys) this.#add(value, false);
    for (const jwk of pins.jwks) if (typeof jwk.kid === "string") this.#add(jwk, true);
    const queue: ResolvedKey[] = [];
    for (const key of this.#byKid.values()) {
      if (!key.conflict && pins.fingerprints.has(key.fingerprint)) {
        key.trustedBy = "pin";
        queue.push(key);
      }
    }
    this.#endorse(queue);
  }

  #add(value: unknown, pinned: boolean): void {
    const key = readKey(value);
    const kid = (value as { kid?: unknown } | null)?.kid;
    if (typeof key === "string") {
      const where = typeof kid === "string" ? { kid: clip(kid) } : {};
      this.#log.add("bad_key", `key ${clip(kid)} ${key}`, where);
      return;
    }
    const known = this.#byKid.get(key.kid);
    if (known === undefined) {
      this.#byKid.set(key.kid, key);
      this.#jwk.set(key, value as Record<string, unknown>);
    } else if (!sameBytes(known.raw, key.raw) && !known.conflict) {
      known.conflict = true;
      const what = pinned ? "a pinned key and a served key" : "two different keys";
      this.#log.add("key_conflict", `key id ${clip(key.kid)} names ${what}`, {
        kid: clip(key.kid),
      });
    }
  }

  /** Spreads trust from the queue's keys along valid endorsements, breadth-first. */
  #endorse(queue: ResolvedKey[]): void {
    const endorsed = new Map<string, ResolvedKey[]>();
    for (const key of this.#byKid.values()) {
      const e = key.endorsement;
      if (e === undefined || e === null || key.trustedBy !== null) continue;
      const by = (e as { kid?: unknown }).kid;
      if (typeof e !== "object" || typeof by !== "string") {
        this.#log.add("bad_endorsement", `key ${clip(key.kid)} has a malformed endorsement`, {
          kid: clip(key.kid),
        });
        continue;
      }
      const list = endorsed.get(by);
      if (list === undefined) endorsed.set(by, [key]);
      else list.push(key);
    }
    for (let i = 0; i < queue.length; i++) {
      const endorser = queue[i];
      for (const key of endorsed.get(endorser.kid) ?? []) {
        if (key.trustedBy !== null || key.conflict) continue;
        const problem = this.#endorsementProblem(endorser, key);
        if (problem !== undefined) {
          this.#log.add("bad_endorsement", `key ${clip(key.kid)}: ${problem}`, {
            kid: clip(key.kid),
          });
          continue;
        }
        key.trustedBy = "endorsement";
        queue.push(key);
      }
    }
  }

  #endorsementProblem(endorser: ResolvedKey, key: ResolvedKey): string | undefined {
    if (endorser.conflict) return `its endorser ${clip(endorser.kid)} is ambiguous`;
    if (!(endorser.notBefore <= key.notBefore && key.notBefore <= endorser.notAfter)) {
      return `its endorser ${clip(endorser.kid)} was not valid at its not_before`;
    }
    const signature = base64UrlBytes((key.endorsement as { signature?: unknown }).signature, 64);
    if (signature === undefined) return "the endorsement signature is not 64 base64url bytes";
    const text = endorsedText(this.#jwk.get(key)!);
    const verifier = this.keyObject(endorser);
    if (text === undefined || verifier === undefined || !ed25519Verify(verifier, text, signature)) {
      return `the endorsement does not verify with key ${clip(endorser.kid)}`;
    }
    return undefined;
  }

  /** The key named `kid`, when there is exactly one. */
  get(kid: unknown): ResolvedKey | undefined {
    return typeof kid === "string" ? this.#byKid.get(kid) : undefined;
  }

  /** The importable `KeyObject` of a key (cached), or `undefined` when it cannot be imported. */
  keyObject(key: ResolvedKey): KeyObject | undefined {
    if (key.keyObject === undefined) key.keyObject = ed25519Key(key.raw) ?? null;
    return key.keyObject ?? undefined;
  }
}
