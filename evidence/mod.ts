/**
 * The evidence lane of `@keeptrusts/client`: offline verification that trusts neither the server
 * nor the file it is given. Trail records, signed digests and keys checked locally; evidence
 * bundles written as zips that standard tools can check, read safely, verified and extracted. No
 * network and no generated client: it runs wherever `node:crypto` does (Deno, Bun, Node, Workers
 * with Node compatibility).
 *
 * @example Verify a bundle received from a third party
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { exportBundleZip, verifyEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const zip = exportBundleZip(await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000001"));
 * const report = verifyEvidenceBundle(zip); // e.g. await Deno.readFile("evidence.zip")
 * assert.equal(report.ok, true);
 * ```
 *
 * @module
 */
export * from "../errors.ts";
export type {
  Digest,
  EvidenceBundle,
  PublicKey,
  TrailFailure,
  TrailRecord,
  TrailVerification,
} from "./types.ts";
export { GENESIS_HASH, type TrailEvidence, verifyTrailEvidence } from "./verify_trail_evidence.ts";
export { BUNDLE_FILES, exportBundleZip } from "./export_bundle_zip.ts";
export { type BundleReadLimits, readEvidenceBundle } from "./read_evidence_bundle.ts";
export {
  assertEvidenceBundle,
  type BundleVerification,
  verifyEvidenceBundle,
} from "./verify_evidence_bundle.ts";
export { extractEvidenceBundle } from "./extract_evidence_bundle.ts";
