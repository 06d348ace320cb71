/**
 * `getConsistencyProof`: the RFC 9162 proof that a larger tree extends a smaller one.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { ConsistencyProof } from "../evidence/types.ts";
import { checkOptionKeys, invokeEvidenceRoute, toTreeIndex } from "./_evidence_route.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Options of {@linkcode getConsistencyProof}. */
export interface GetConsistencyProofOptions extends CallOptions {
  /** The older tree size (a checkpoint's `tree_size`). */
  first: number;
  /** The newer tree size (at least `first`). */
  second: number;
}

/**
 * Gets the consistency proof between the trees of `first` and `second` records (RFC 9162 section
 * 2.1.4), O(log n) hashes: with it, a checkpoint you hold is proved to be a prefix of a newer
 * digest without downloading the log. As served: check it with `verifyConsistency`.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options `first`, `second`, signal, timeout, `callRequestId`.
 * @returns `{ first, second, consistency_path }`.
 * @throws {RangeError} when a size is not a positive integer, or `first > second`.
 * @throws {KeeptrustsUnsupportedError} when this deployment has no such route.
 *
 * @example Prove an old digest and the latest describe one log
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getConsistencyProof, getLatestDigest, listDigests } from "@keeptrusts/client/control";
 * import { verifyConsistency } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const { digests: [old] } = await listDigests(client, { limit: 1 });
 * const latest = await getLatestDigest(client);
 * const proof = await getConsistencyProof(client, { first: old.tree_size, second: latest.tree_size });
 * assert.equal(verifyConsistency(old, latest, proof).ok, true);
 * ```
 */
export async function getConsistencyProof(
  client: ControlPlaneClient,
  options: GetConsistencyProofOptions,
): Promise<ConsistencyProof> {
  const action = "get consistency proof";
  checkOptionKeys(options, ["first", "second"], action);
  const first = toTreeIndex("first", options.first, action);
  const second = toTreeIndex("second", options.second, action);
  if (first > second) throw new RangeError(`Cannot ${action}: first must be at most second`);
  return await invokeEvidenceRoute(
    client,
    "getConsistencyProof",
    (base) => sdk.getConsistencyProof({ ...base, query: { first, second } }),
    options,
  ) as unknown as ConsistencyProof;
}
