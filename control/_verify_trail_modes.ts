/**
 * The two ways `verifyTrail` gathers evidence: the newest tree head alone (O(log n) data: the
 * head, its keys back to a pin, a consistency proof, the first unsigned records), or a range of
 * records streamed through a `TrailVerifier` (a window with a frontier proof, or everything from
 * record 1 with every event).
 *
 * @module
 */
import { type TrailVerification, TrailVerifier } from "../evidence/mod.ts";
import type { ConsistencyProof, Digest, TrailFailure, TrustedKey } from "../evidence/types.ts";
import { KeeptrustsApiError, KeeptrustsNotFoundError } from "../errors.ts";
import { KeyChain } from "./_key_chain.ts";
import { DigestFeed, iterateDigests, streamRange } from "./_trail_feed.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { getConsistencyProof } from "./get_consistency_proof.ts";
import { getInclusionProof } from "./get_inclusion_proof.ts";
import { getLatestDigest } from "./get_latest_digest.ts";
import { listPublicKeys } from "./list_public_keys.ts";
import { listTrailRecords } from "./list_trail_records.ts";

/** What the caller asked for, checked. */
export interface TrailRequest {
  readonly client: ControlPlaneClient;
  readonly call: CallOptions;
  readonly trustedKeys?: readonly TrustedKey[];
  readonly checkpoint?: Digest;
  readonly allowPending?: boolean;
  readonly startTime?: string;
  readonly endTime?: string;
}

/** Records fetched after the newest digest to see whether some are unsigned. */
const PENDING_PROBE = 16;

/** The consistency proof between the checkpoint and the newest tree, or why there is none. */
async function proofFor(
  req: TrailRequest,
  newest: number,
): Promise<{ proof?: ConsistencyProof; failure?: TrailFailure }> {
  const c = req.checkpoint;
  if (c === undefined || newest === 0 || c.tree_size === newest) return {};
  const [first, second] = c.tree_size < newest ? [c.tree_size, newest] : [newest, c.tree_size];
  let proof: ConsistencyProof | undefined;
  try {
    proof = await getConsistencyProof(req.client, { ...req.call, first, second });
  } catch (err) {
    if (!(err instanceof KeeptrustsApiError) || err.status >= 500 || c.tree_size < newest) {
      throw err;
    }
  }
  if (c.tree_size < newest) return { proof };
  return {
    proof,
    failure: {
      code: "stale_head",
      reason:
        `the server's newest digest covers ${newest} records, fewer than checkpoint ${c.digest_id} (${c.tree_size}): newer digests are withheld`,
      digest_id: c.digest_id,
    },
  };
}

/** A report with failures found outside the verifier added. */
function withFailures(
  report: TrailVerification,
  extra: readonly TrailFailure[],
): TrailVerification {
  if (extra.length === 0) return report;
  return { ...report, ok: false, failures: [...report.failures, ...extra] };
}

/**
 * The newest tree head, proved consistent with the checkpoint from O(log n) hashes; the records
 * after it (at most a page of them) show what is not signed yet.
 *
 * @param req The request.
 */
export async function verifyHead(req: TrailRequest): Promise<TrailVerification> {
  const { client, call } = req;
  let latest: Digest | undefined;
  try {
    latest = await getLatestDigest(client, call);
  } catch (err) {
    if (!(err instanceof KeeptrustsNotFoundError)) throw err; // no digest signed yet
  }
  const chain = new KeyChain(client, req.trustedKeys, call);
  if (typeof latest?.kid === "string") await chain.reach(latest.kid);
  const size = typeof latest?.tree_size === "number" ? latest.tree_size : 0;
  const { proof, failure } = await proofFor(req, size);
  const after = await listTrailRecords(client, {
    ...call,
    fromSeq: size + 1,
    limit: PENDING_PROBE,
  });
  const verifier = new TrailVerifier({
    keys: chain.keys,
    trustedKeys: req.trustedKeys,
    checkpoint: req.checkpoint,
    allowPending: req.allowPending,
  });
  if (latest !== undefined) verifier.addDigests([latest]);
  verifier.addRecords(after.records);
  // Only the first PENDING_PROBE unsigned records are fetched (and counted in pending_records).
  return withFailures(verifier.finish(proof), failure ? [failure] : []);
}

/**
 * A range of records streamed through the verifier: a window (from the first digest overlapping
 * it, its tree restored from a frontier proof) or, deep, everything from record 1 with events.
 *
 * @param req The request.
 * @param deep Whether to recompute everything from record 1.
 */
export async function verifyRange(req: TrailRequest, deep: boolean): Promise<TrailVerification> {
  const { client, call, startTime, endTime } = req;
  let feed: DigestFeed;
  let keys;
  let from: { fromSeq?: number; startTime?: string } = { fromSeq: 1 };
  let frontierProof;
  if (deep) {
    feed = new DigestFeed(iterateDigests(client, { endTime }, call));
    keys = (await listPublicKeys(client, call)).keys;
  } else {
    const digests: Digest[] = [];
    for await (const d of iterateDigests(client, { startTime, endTime }, call)) digests.push(d);
    const chain = new KeyChain(client, req.trustedKeys, call);
    for (const kid of new Set(digests.map((d) => d.kid))) await chain.reach(kid);
    keys = chain.keys;
    feed = new DigestFeed(digests);
    const lo = digests[0]?.first_seq;
    from = typeof lo === "number" ? { fromSeq: lo } : { startTime };
    if (typeof lo === "number" && lo > 1) {
      frontierProof = await getInclusionProof(client, { ...call, seq: lo - 1, treeSize: lo - 1 });
    }
  }
  const verifier = new TrailVerifier({
    keys,
    trustedKeys: req.trustedKeys,
    checkpoint: req.checkpoint,
    allowPending: req.allowPending,
    frontierProof,
  });
  const window = { from, startTime, endTime, digests: feed, events: deep };
  const missing = await streamRange(client, verifier, window, call);
  const { proof, failure } = await proofFor(req, verifier.newestTreeSize);
  const extra = failure ? [failure] : [];
  if (missing.count > 0) {
    extra.push({
      code: "missing_event",
      reason: `${missing.count} decision event(s) were not served (first: ${
        missing.first!.slice(0, 80)
      }): their payload_hash is not checked`,
    });
  }
  return withFailures(verifier.finish(proof), extra);
}
