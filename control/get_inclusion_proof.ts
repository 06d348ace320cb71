/**
 * `getInclusionProof`: the RFC 9162 audit path of one record in a tree of a given size.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { InclusionProof } from "../evidence/types.ts";
import { checkOptionKeys, invokeEvidenceRoute, toTreeIndex } from "./_evidence_route.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Options of {@linkcode getInclusionProof}. */
export interface GetInclusionProofOptions extends CallOptions {
  /** The record's sequence number (its leaf is `seq - 1`). */
  seq: number;
  /** The tree's size, usually a digest's `tree_size` (at least `seq`). */
  treeSize: number;
}

/**
 * Gets the inclusion proof of record `seq` in the tree of `treeSize` records: the audit path from
 * its leaf to that tree's root (RFC 9162 section 2.1.3), O(log n) hashes. As served: check it
 * against a signed root (`verifyEvidenceBundle` and `verifyTrailEvidence` do).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options `seq`, `treeSize`, signal, timeout, `callRequestId`.
 * @returns `{ seq, tree_size, leaf_hash, audit_path }`.
 * @throws {RangeError} when `seq` or `treeSize` is not a positive integer, or `seq > treeSize`.
 * @throws {KeeptrustsUnsupportedError} when this deployment has no such route.
 *
 * @example Prove a record is in the signed tree
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getInclusionProof, getLatestDigest } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { tree_size } = await getLatestDigest(client);
 * const proof = await getInclusionProof(client, { seq: 3, treeSize: tree_size });
 * assert.equal(proof.tree_size, tree_size);
 * assert.ok(proof.audit_path.length <= Math.ceil(Math.log2(tree_size)));
 * ```
 */
export async function getInclusionProof(
  client: ControlPlaneClient,
  options: GetInclusionProofOptions,
): Promise<InclusionProof> {
  const action = "get inclusion proof";
  checkOptionKeys(options, ["seq", "treeSize"], action);
  const seq = toTreeIndex("seq", options.seq, action);
  const treeSize = toTreeIndex("treeSize", options.treeSize, action);
  if (seq > treeSize) throw new RangeError(`Cannot ${action}: seq must be at most treeSize`);
  return await invokeEvidenceRoute(
    client,
    "getInclusionProof",
    (base) => sdk.getInclusionProof({ ...base, query: { seq, tree_size: treeSize } }),
    options,
  ) as unknown as InclusionProof;
}
