/**
 * The SDK calls behind `export`: `buildEvidenceBundle` of `./control` and `exportBundleZip` of
 * `./evidence`. Loaded only when the command runs. Private to the CLI.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { buildEvidenceBundle } from "../../control/mod.ts";
import { exportBundleZip } from "../../evidence/mod.ts";
import { openClient } from "../_client.ts";
import type { CliIo } from "../_io.ts";
import type { VerificationLike } from "../_report.ts";
import type { TrustAnchor } from "../_trust.ts";

/** A bundle ready to write. */
export interface ExportedBundle {
  readonly zip: Uint8Array;
  readonly sha256: string;
  readonly digestId: string;
  readonly kid: string;
  /** The bundle's own verification (against `trustedKeys`, when given). */
  readonly verification: VerificationLike;
}

/** What the command asks for. */
export interface ExportRequest {
  readonly requestId: string;
  /** `false`, or how long to wait for the signature, in milliseconds. */
  readonly waitMs: number | false;
  readonly trustedKeys?: TrustAnchor[];
}

/** Builds the bundle of a request at `url`, waiting for its signature when asked. */
export async function exportBundle(
  io: CliIo,
  url: string,
  request: ExportRequest,
): Promise<ExportedBundle> {
  const client = openClient(io, url);
  const bundle = await buildEvidenceBundle(client, request.requestId, {
    waitForDigest: request.waitMs,
    ...(request.trustedKeys ? { trustedKeys: request.trustedKeys } : {}),
  });
  const zip = exportBundleZip(bundle);
  return {
    zip,
    sha256: createHash("sha256").update(zip).digest("hex"),
    digestId: bundle.digest.digest_id,
    kid: bundle.digest.kid,
    verification: bundle.verification,
  };
}
