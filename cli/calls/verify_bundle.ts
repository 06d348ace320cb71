/**
 * The SDK call behind `verify-bundle`: `verifyEvidenceBundle` of `./evidence`, against the pins.
 * Loaded only when the command runs. Private to the CLI.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { type BundleVerification, verifyEvidenceBundle } from "../../evidence/mod.ts";
import type { TrustAnchor } from "../_trust.ts";

/** The bundle verification, and the SHA-256 of the zip it is about. */
export interface BundleResult {
  readonly verification: BundleVerification;
  readonly sha256: string;
}

/** Verifies a bundle against the pins; throws `KeeptrustsBundleError` on a hostile archive. */
export function verifyBundle(zip: Uint8Array, trustedKeys: TrustAnchor[]): BundleResult {
  return {
    verification: verifyEvidenceBundle(zip, { trustedKeys }),
    sha256: createHash("sha256").update(zip).digest("hex"),
  };
}
