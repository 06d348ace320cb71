/**
 * `getLatestDigest`: the newest signed tree head of the trail.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { Digest } from "../evidence/types.ts";
import { checkOptionKeys, invokeEvidenceRoute } from "./_evidence_route.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Gets the newest digest: the signed tree head of the whole trail so far (`tree_size`,
 * `root_hash`). As served: verify it (with `verifyTrail`, or `verifyConsistency` against a
 * checkpoint you hold) before relying on it.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, `callRequestId`.
 * @returns The digest.
 * @throws {KeeptrustsNotFoundError} when no digest has been signed yet.
 * @throws {KeeptrustsUnsupportedError} when this deployment has no such route.
 *
 * @example The size of the signed log
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getLatestDigest } from "@keeptrusts/client/control";
 *
 * const digest = await getLatestDigest(createControlPlaneClient());
 * assert.equal(digest.tree_size, digest.last_seq);
 * assert.match(digest.root_hash, /^[0-9a-f]{64}$/);
 * ```
 */
export async function getLatestDigest(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<Digest> {
  checkOptionKeys(options, [], "get latest digest");
  return await invokeEvidenceRoute(
    client,
    "getLatestDigest",
    (base) => sdk.getLatestDigest(base),
    options,
  ) as unknown as Digest;
}
