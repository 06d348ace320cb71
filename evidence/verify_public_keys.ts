/**
 * `verifyPublicKeys`: which of a set of keys the caller's pins trust, directly or through
 * endorsements, and what is wrong with the others.
 *
 * @module
 */
import { FailureLog } from "./_failures.ts";
import { checkKeys } from "./_trail_options.ts";
import { KeyRing, parsePins } from "./_trust.ts";
import type { KeyTrust, PublicKey, TrailFailure, TrustedKey } from "./types.ts";

/** Options of {@linkcode verifyPublicKeys}. */
export interface VerifyPublicKeysOptions {
  /** The trust anchors: fingerprints (`"sha256:<hex>"`) or JWKs. @default {[]} */
  trustedKeys?: readonly TrustedKey[];
}

/** The report of {@linkcode verifyPublicKeys}. */
export interface PublicKeysVerification {
  /** True when every key is trusted and none is malformed, ambiguous or badly endorsed. */
  readonly ok: boolean;
  /** Every readable key, in the order given, with its fingerprint and how it is trusted. */
  readonly keys: readonly KeyTrust[];
  /** `bad_key`, `key_conflict`, `bad_endorsement`, `untrusted_key`. */
  readonly failures: readonly TrailFailure[];
}

/**
 * Resolves trust over a key set (for example `listPublicKeys`' answer): a key is trusted when a
 * pin names it (`trusted_by: "pin"`) or a trusted key endorsed it while valid at its `not_before`
 * (`"endorsement"`). Keys served by a server are never trusted by themselves. Never throws on bad
 * keys: each problem is a failure with a code.
 *
 * @param keys The keys as served.
 * @param options `trustedKeys`.
 * @returns Each key's trust, and the failures.
 * @throws {TypeError} when `trustedKeys` is malformed.
 *
 * @example Which served keys does my pin reach?
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, listPublicKeys } from "@keeptrusts/client/control";
 * import { keyFingerprint, verifyPublicKeys } from "@keeptrusts/client/evidence";
 *
 * const { keys } = await listPublicKeys(createControlPlaneClient());
 * const report = verifyPublicKeys(keys, { trustedKeys: [keyFingerprint(keys[0])] });
 * assert.equal(report.ok, true);
 * assert.equal(report.keys[0].trusted_by, "pin");
 * ```
 */
export function verifyPublicKeys(
  keys: readonly PublicKey[],
  options: VerifyPublicKeysOptions = {},
): PublicKeysVerification {
  const action = "verify public keys";
  checkKeys(options, ["trustedKeys"], "option", action);
  if (!Array.isArray(keys)) throw new TypeError(`Cannot ${action}: keys must be an array`);
  const log = new FailureLog();
  const ring = new KeyRing(keys, parsePins(options.trustedKeys, action), log);
  const out: KeyTrust[] = [];
  const seen = new Set<string>();
  for (const value of keys) {
    const key = ring.get((value as { kid?: unknown } | null)?.kid);
    if (key === undefined || seen.has(key.kid)) continue;
    seen.add(key.kid);
    out.push({ kid: key.kid, fingerprint: key.fingerprint, trusted_by: key.trustedBy });
    if (key.trustedBy === null && !key.conflict) {
      log.add("untrusted_key", `key ${key.kid} is neither pinned nor endorsed by a trusted key`, {
        kid: key.kid,
      });
    }
  }
  const failures = log.list();
  return { ok: failures.length === 0, keys: out, failures };
}
