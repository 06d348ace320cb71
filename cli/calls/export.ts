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

/** A bundle ready to write. */
export interface ExportedBundle {
  readonly zip: Uint8Array;
  readonly sha256: string;
  readonly digestId: string;
  readonly kid: string;
}

/** Builds the bundle of `requestId` at `url`, waiting for its signature when `wait`. */
export async function exportBundle(
  io: CliIo,
  url: string,
  requestId: string,
  wait: boolean,
): Promise<ExportedBundle> {
  const client = openClient(io, url);
  // deno-lint-ignore no-explicit-any
  const bundle = await (buildEvidenceBundle as any)(client, requestId, { waitForDigest: wait });
  const zip = exportBundleZip(bundle);
  return {
    zip,
    sha256: createHash("sha256").update(zip).digest("hex"),
    digestId: bundle.digest.digest_id,
    kid: bundle.digest.kid,
  };
}
