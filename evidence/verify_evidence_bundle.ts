/**
 * Offline verification of an evidence bundle zip against the caller's pinned keys.
 *
 * @module
 */
import { KeeptrustsVerificationError } from "../evidence_errors.ts";
import { FailureLog } from "./_failures.ts";
import {
  checkDetached,
  checkEventFile,
  checkFileSet,
  checkManifest,
  checkSums,
  entries,
  jsonFile,
} from "./_check_bundle_files.ts";
import { checkKeys } from "./_trail_options.ts";
import { type BundleReadLimits, readEvidenceBundle } from "./read_evidence_bundle.ts";
import type { PublicKey, TrailVerification, TrustedKey } from "./types.ts";
import { verifyTrailEvidence } from "./verify_trail_evidence.ts";

/** The report of {@linkcode verifyEvidenceBundle}. */
export interface BundleVerification extends TrailVerification {
  /** The request id the bundle is about, when readable. */
  readonly request_id: string | null;
  /** The event id, when readable. */
  readonly event_id: string | null;
}

/** Options of {@linkcode verifyEvidenceBundle}. */
export interface VerifyEvidenceBundleOptions {
  /**
   * The trust anchors: key fingerprints (`"sha256:<hex>"`) or JWKs. The key in the bundle is never
   * trusted by itself: without a pin it reaches, `ok` is false with `untrusted_key`.
   * @default {[]}
   */
  trustedKeys?: readonly TrustedKey[];
  /**
   * More public keys (e.g. a saved `listPublicKeys` answer) through which endorsements may lead
   * from a pinned key to the bundle's key. Material only: never trusted by themselves.
   * @default {[]}
   */
  keys?: readonly PublicKey[];
  /** Size limits of the zip reader. */
  limits?: BundleReadLimits;
}

const text = (value: unknown) => (typeof value === "string" ? value : null);

/**
 * Verifies an evidence bundle zip offline, trusting nothing in it: every checksum in `SHA256SUMS`,
 * the manifest's format, `event.json` being the exact canonical bytes whose SHA-256 is the
 * record's `payload_hash`, the record's own hash, its RFC 9162 inclusion proof up to the digest's
 * `root_hash`, the digest's Ed25519 signature by a key trusted through `trustedKeys` (pinned, or
 * endorsed from a pin) and valid at the digest's time, and that `digest.payload`, `digest.sig` and
 * `public-key.pem` restate `digest.json` and `public-key.jwk.json`. Bad evidence is a failure in
 * the report, never an exception.
 *
 * @param zip The zip's bytes.
 * @param options `trustedKeys`, extra `keys` for endorsements, reader `limits`.
 * @returns The report, with every failure found; `ok` is false when anything is not proved.
 * @throws {KeeptrustsBundleError} when the archive itself is hostile or malformed (see
 * {@linkcode readEvidenceBundle}).
 * @throws {TypeError} when an option is malformed.
 *
 * @example Check a bundle against the key you pinned
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient, pinPublicKeys } from "@keeptrusts/client/control";
 * import { exportBundleZip, verifyEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const trustedKeys = await pinPublicKeys(client); // once; store them with your audit records
 * const zip = exportBundleZip(await buildEvidenceBundle(client, "req_seed_0000002"));
 * const report = verifyEvidenceBundle(zip, { trustedKeys }); // e.g. await Deno.readFile("evidence.zip")
 * assert.equal(report.ok, true);
 * assert.equal(verifyEvidenceBundle(zip).failures[0].code, "untrusted_key");
 * ```
 */
export function verifyEvidenceBundle(
  zip: Uint8Array,
  options: VerifyEvidenceBundleOptions = {},
): BundleVerification {
  const action = "verify evidence bundle";
  checkKeys(options, ["trustedKeys", "keys", "limits"], "option", action);
  if (options.keys !== undefined && !Array.isArray(options.keys)) {
    throw new TypeError(`Cannot ${action}: keys must be an array of JWKs`);
  }
  const files = entries(readEvidenceBundle(zip, options.limits));
  const log = new FailureLog();
  const complete = checkFileSet(files, log);
  const parsed = complete
    ? ["manifest.json", "record.json", "inclusion-proof.json", "digest.json", "public-key.jwk.json"]
      .map((name) => jsonFile(files, name, log))
    : [];
  const event = complete ? jsonFile(files, "event.json", log) : undefined;
  const [manifest, record, proof, digest, key] = parsed;
  if (!manifest || !record || !proof || !digest || !key || !event) {
    if (complete) checkSums(files, log);
    return broken(log, event);
  }
  checkSums(files, log);
  checkManifest(manifest, record, log);
  checkEventFile(files.get("event.json")!, event, record, log);
  checkDetached(files, digest, key, log);
  const trail = verifyTrailEvidence({
    records: [record as never],
    digests: [digest as never],
    keys: [key as never, ...(options.keys ?? [])],
    inclusionProofs: [proof as never],
  }, { trustedKeys: options.trustedKeys });
  for (const { code, reason, ...place } of trail.failures) log.add(code, reason, place);
  const failures = log.list();
  return {
    ...trail,
    ok: failures.length === 0,
    chain_integrity: log.tampering ? "broken" : trail.chain_integrity,
    checkpoint: failures.length === 0 ? trail.checkpoint : null,
    failures,
    request_id: text(record.request_id),
    event_id: text(record.event_id),
  };
}

/** The report of a bundle that could not be read as one. */
function broken(log: FailureLog, event: Record<string, unknown> | undefined): BundleVerification {
  return {
    ok: false,
    chain_integrity: "broken",
    records_verified: 0,
    digests_verified: 0,
    first_seq: null,
    last_seq: null,
    head_hash: null,
    pending_records: 0,
    keys: [],
    checkpoint: null,
    consistency: "not_checked",
    failures: log.list(),
    request_id: text(event?.request_id),
    event_id: text(event?.event_id),
  };
}

/**
 * Like {@linkcode verifyEvidenceBundle}, but throws when the bundle does not verify.
 *
 * @param zip The zip's bytes.
 * @param options `trustedKeys`, extra `keys` for endorsements, reader `limits`.
 * @returns The passing report.
 * @throws {KeeptrustsBundleError} when the archive is hostile.
 * @throws {KeeptrustsVerificationError} carrying the report in `report` when the evidence does not
 * verify.
 *
 * @example Gate an upload on a valid bundle
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient, pinPublicKeys } from "@keeptrusts/client/control";
 * import { assertEvidenceBundle, exportBundleZip, KeeptrustsVerificationError } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const zip = exportBundleZip(await buildEvidenceBundle(client, "req_seed_0000003"));
 * assert.throws(() => assertEvidenceBundle(zip), KeeptrustsVerificationError); // nothing pinned
 * assert.equal(assertEvidenceBundle(zip, { trustedKeys: await pinPublicKeys(client) }).ok, true);
 * ```
 */
export function assertEvidenceBundle(
  zip: Uint8Array,
  options: VerifyEvidenceBundleOptions = {},
): BundleVerification {
  const report = verifyEvidenceBundle(zip, options);
  if (!report.ok) {
    throw new KeeptrustsVerificationError(
      `Evidence bundle does not verify: ${report.failures[0]?.reason}`,
      { report },
    );
  }
  return report;
}
