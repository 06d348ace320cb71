/**
 * The SDK call behind `verify-trail`: `verifyTrail` of `./control`. Loaded only when the command
 * runs. Private to the CLI.
 *
 * @module
 */
import { verifyTrail } from "../../control/mod.ts";
import { openClient } from "../_client.ts";
import { CliInputError } from "../_exit.ts";
import type { CliIo } from "../_io.ts";
import type { VerificationLike } from "../_report.ts";
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
  readonly onProgress: (done: number, total?: number) => void;
}

/** The trail verification as the CLI prints it, with the checkpoint to store. */
export type TrailResult = VerificationLike & { readonly checkpoint?: Checkpoint | null };

/** Verifies the trail of `url` against the pins and the stored checkpoint. */
export async function verifyTrailOnline(
  io: CliIo,
  url: string,
  request: TrailRequest,
): Promise<TrailResult> {
  const client = openClient(io, url);
  // deno-lint-ignore no-explicit-any
  const result = await (verifyTrail as any)(client, {
    startTime: request.since,
    endTime: request.until,
    deepVerify: request.deep,
    trustedKeys: request.trustedKeys,
    ...(request.checkpoint ? { checkpoint: request.checkpoint } : {}),
    allowPending: request.allowPending,
  }) as TrailResult;
  if (!Array.isArray(result.keys) || !("checkpoint" in result)) {
    throw new CliInputError(
      "This build's verifyTrail does not check pinned keys or checkpoints; refusing an unpinned run",
      { kind: "unsupported" },
    );
  }
  return result;
}
