/**
 * The SDK call behind `verify-trail`: `verifyTrail` of `./control`, against the pins and the
 * stored checkpoint. Loaded only when the command runs. Private to the CLI.
 *
 * @module
 */
import { type Digest, type TrailReport, verifyTrail } from "../../control/mod.ts";
import { openClient } from "../_client.ts";
import type { CliIo } from "../_io.ts";
import type { TrustAnchor } from "../_trust.ts";
import type { Checkpoint } from "../_checkpoint.ts";

/** What the command asks for. */
export interface TrailRequest {
  readonly since?: string;
  readonly until?: string;
  readonly deep: boolean;
  readonly trustedKeys: TrustAnchor[];
  readonly checkpoint: Checkpoint | null;
  readonly allowPending: boolean;
}

/** Verifies the trail of `url` against the pins and the stored checkpoint. */
export async function verifyTrailOnline(
  io: CliIo,
  url: string,
  request: TrailRequest,
): Promise<TrailReport> {
  return await verifyTrail(openClient(io, url), {
    startTime: request.since,
    endTime: request.until,
    deepVerify: request.deep,
    trustedKeys: request.trustedKeys,
    // Read from the checkpoint file as it was stored; the verifier checks it like any evidence.
    ...(request.checkpoint ? { checkpoint: request.checkpoint as unknown as Digest } : {}),
    allowPending: request.allowPending,
  });
}
