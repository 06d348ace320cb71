/**
 * The SDK call behind `verify-bundle`: `verifyEvidenceBundle` of `./evidence`. Loaded only when the
 * command runs. Private to the CLI.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { verifyEvidenceBundle } from "../../evidence/mod.ts";
import { CliInputError } from "../_exit.ts";
import type { VerificationLike } from "../_report.ts";
import type { TrustAnchor } from "../_trust.ts";

/** The bundle verification as the CLI prints it. */
export interface BundleResult {
  readonly verification: VerificationLike & {
    readonly request_id?: string | null;
    readonly event_id?: string | null;
  };
  readonly sha256: string;
}

/** Verifies a bundle against the pins; throws on a hostile or unreadable archive. */
export function verifyBundle(zip: Uint8Array, trustedKeys: TrustAnchor[]): Promise<BundleResult> {
  const sha256 = createHash("sha256").update(zip).digest("hex");
  // deno-lint-ignore no-explicit-any
  const verification = (verifyEvidenceBundle as any)(zip, { trustedKeys }) as BundleResult[
    "verification"
  ];
  if (!Array.isArray(verification.keys)) {
    throw new CliInputError(
      "This build's verifyEvidenceBundle does not check trust anchors; refusing an unpinned run",
      { kind: "unsupported" },
    );
  }
  return Promise.resolve({ verification, sha256 });
}
