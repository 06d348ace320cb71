/**
 * The evidence lane of `@keeptrusts/client`: offline verification that trusts neither the server
 * nor the file it is given. Trail records, signed digests and keys checked locally; evidence
 * bundles written as zips that standard tools can check, read safely, verified and extracted. No
 * network and no generated client: it runs wherever `node:crypto` does (Deno, Bun, Node, Workers
 * with Node compatibility).
 *
 * @example Verify a bundle received from a third party, against your pinned keys
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient, pinPublicKeys } from "@keeptrusts/client/control";
 * import { exportBundleZip, verifyEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const trustedKeys = await pinPublicKeys(client); // trust on first use: store these
 * const zip = exportBundleZip(await buildEvidenceBundle(client, "req_seed_0000001"));
 * const report = verifyEvidenceBundle(zip, { trustedKeys }); // e.g. await Deno.readFile("evidence.zip")
 * assert.equal(report.ok, true);
 * ```
 *
 * @module
 */
export * from "../errors.ts";
export * from "../evidence_errors.ts";
export type {
  ConsistencyProof,
  Digest,
  EvidenceBundle,
  InclusionProof,
  KeyEndorsement,
  KeyTrust,
  PublicKey,
  TrailFailure,
  TrailRecord,
  TrailVerification,
  TrustedKey,
} from "./types.ts";
export {
  assertTrailEvidence,
  GENESIS_HASH,
  type TrailEvidence,
  type TrailVerifierOptions,
  verifyTrailEvidence,
  type VerifyTrailEvidenceOptions,
} from "./verify_trail_evidence.ts";
export {
  type ConsistencyVerification,
  type TreeHead,
  verifyConsistency,
} from "./verify_consistency.ts";
export {
  PARALLEL_THRESHOLD,
  verifyTrailEvidenceAsync,
  type VerifyTrailEvidenceAsyncOptions,
} from "./verify_trail_evidence_async.ts";
export { TrailVerifier } from "./trail_verifier.ts";
export {
  type PublicKeysVerification,
  verifyPublicKeys,
  type VerifyPublicKeysOptions,
} from "./verify_public_keys.ts";
export { keyFingerprint } from "./key_fingerprint.ts";
export { MerkleFrontier, merkleLeafHash, merkleRoot } from "./merkle.ts";
export {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  exportBundleAsZip,
  exportBundleZip,
} from "./export_bundle_zip.ts";
export { type BundleReadLimits, readEvidenceBundle } from "./read_evidence_bundle.ts";
export {
  assertEvidenceBundle,
  type BundleVerification,
  verifyEvidenceBundle,
  type VerifyEvidenceBundleOptions,
} from "./verify_evidence_bundle.ts";
export { extractEvidenceBundle } from "./extract_evidence_bundle.ts";
