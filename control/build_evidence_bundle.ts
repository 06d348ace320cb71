/**
 * `buildEvidenceBundle`: everything an auditor needs to check one request's decision, gathered
 * from the control plane (the event, its trail record, the signed tree head whose tree holds it,
 * an inclusion proof and the key) and verified locally.
 *
 * @module
 */
import { type EvidenceBundle, verifyTrailEvidence } from "../evidence/mod.ts";
import type { Digest, TrailRecord, TrustedKey } from "../evidence/types.ts";
import { KeeptrustsError } from "../errors.ts";
import { checkOptionKeys } from "./_evidence_route.ts";
import { KeyChain } from "./_key_chain.ts";
import { readWait, waitForSignedRecord } from "./_wait_for_digest.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { getEvent } from "./get_event.ts";
import { getInclusionProof } from "./get_inclusion_proof.ts";
import { listDigests } from "./list_digests.ts";
import { listEvents } from "./list_events.ts";
import { iterateTrailRecords } from "./list_trail_records.ts";
import { rawOf } from "./raw_of.ts";

/** Options of {@linkcode buildEvidenceBundle}. */
export interface BuildEvidenceBundleOptions extends CallOptions {
  /** Which event, when the request has several (retries). The first one when omitted. */
  eventId?: string;
  /**
   * The pins the bundle's own `verification` is made against (the zip's reader checks it again
   * with theirs). Without them that report says `untrusted_key`.
   */
  trustedKeys?: readonly TrustedKey[];
  /**
   * Wait for a digest to sign the record when it is too fresh: `true` waits up to 60 s, a number
   * up to that many milliseconds; `signal` aborts the wait. Without it a record not signed yet is
   * a `KeeptrustsError` with code `record_not_signed`.
   * @default {false}
   */
  waitForDigest?: boolean | number;
}

const action = "build evidence bundle";
const OPTIONS = ["eventId", "trustedKeys", "waitForDigest"];

/** The trail record of an event, scanned from the event's time (at most 10,000 records). */
async function recordOf(
  client: ControlPlaneClient,
  event: { event_id: string; created_at?: unknown },
  call: CallOptions,
): Promise<TrailRecord> {
  const startTime = typeof event.created_at === "string" ? event.created_at : undefined;
  let scanned = 0;
  for await (const r of iterateTrailRecords(client, { ...call, startTime, limit: 200 })) {
    if (r.event_id === event.event_id) return r;
    if (++scanned >= 10_000) break;
  }
  throw new KeeptrustsError(`Cannot ${action}: no trail record for event ${event.event_id}`, {
    code: "no_record",
  });
}

/** The first digest whose range holds the record (the one that signed it), else `fallback`. */
async function signingDigest(
  client: ControlPlaneClient,
  record: TrailRecord,
  fallback: Digest,
  call: CallOptions,
): Promise<Digest> {
  const page = await listDigests(client, { ...call, startTime: record.created_at, limit: 100 });
  return page.digests.find((d) => d.first_seq <= record.seq && record.seq <= d.last_seq) ??
    fallback;
}

/**
 * Gathers the evidence for one request: its decision event exactly as served, the event's trail
 * record, the digest (signed tree head) that signed it, the record's RFC 9162 inclusion proof in
 * that tree, the signing key, and a local verification of all of it against `trustedKeys`. Its
 * size does not depend on the log's. A request is signed a few records after it happens: without
 * `waitForDigest` a record not signed yet is an error with code `record_not_signed`.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param requestId The request's `x-request-id`.
 * @param options `eventId`, `trustedKeys`, `waitForDigest`, signal, timeout.
 * @returns The bundle; write it with `exportBundleZip`.
 * @throws {KeeptrustsError} with code `no_event`, `event_mismatch`, `no_record` or
 * `record_not_signed`.
 * @throws {KeeptrustsTimeoutError} with code `record_not_signed` when `waitForDigest` ran out.
 * @throws {KeeptrustsUnsupportedError} when the deployment lacks the evidence routes.
 *
 * @example Evidence for a request, checked against the pinned keys
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient, pinPublicKeys } from "@keeptrusts/client/control";
 * import { exportBundleZip } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const trustedKeys = await pinPublicKeys(client);
 * const bundle = await buildEvidenceBundle(client, "req_seed_0000001", { trustedKeys });
 * assert.equal(bundle.request_id, "req_seed_0000001");
 * assert.equal(bundle.verification.ok, true);
 * await Deno.writeFile(await Deno.makeTempFile({ suffix: ".zip" }), exportBundleZip(bundle));
 * ```
 */
export async function buildEvidenceBundle(
  client: ControlPlaneClient,
  requestId: string,
  options: BuildEvidenceBundleOptions = {},
): Promise<EvidenceBundle> {
  checkOptionKeys(options, OPTIONS, action);
  if (typeof requestId !== "string" || requestId === "") {
    throw new TypeError(`Cannot ${action}: requestId must be a non-empty string`);
  }
  const wait = readWait(options.waitForDigest, action);
  const { signal, timeout, callRequestId } = options;
  const call = { signal, timeout, callRequestId };
  let eventId = options.eventId;
  if (eventId === undefined) {
    const page = await listEvents(client, { ...call, requestId, limit: 10 });
    if (page.events.length === 0) {
      const message = `Cannot ${action}: no decision event for request ${requestId}`;
      throw new KeeptrustsError(message, { code: "no_event" });
    }
    eventId = page.events[0].event_id;
  }
  const event = await getEvent(client, eventId, call);
  if (event.request_id !== requestId) {
    const message = `Cannot ${action}: event ${eventId} belongs to another request`;
    throw new KeeptrustsError(message, { code: "event_mismatch" });
  }
  const record = await recordOf(client, event, call);
  const latest = await waitForSignedRecord(client, record.seq, wait, call);
  const digest = await signingDigest(client, record, latest, call);
  const chain = new KeyChain(client, options.trustedKeys, call);
  await chain.reach(digest.kid);
  const proof = await getInclusionProof(client, {
    ...call,
    seq: record.seq,
    treeSize: digest.tree_size,
  });
  // The event as the server sent it: what payload_hash covers (the view may spell fields anew).
  const raw = rawOf(event);
  const verification = verifyTrailEvidence({
    records: [record],
    digests: [digest],
    keys: chain.keys,
    events: new Map([[event.event_id, raw]]),
    inclusionProofs: [proof],
  }, { trustedKeys: options.trustedKeys });
  const publicKey = chain.keys.find((k) => k.kid === digest.kid);
  if (publicKey === undefined) {
    const message = `Cannot ${action}: the server has no key ${digest.kid}`;
    throw new KeeptrustsError(message, { code: "no_key" });
  }
  return {
    request_id: requestId,
    event: raw,
    record,
    inclusion_proof: proof,
    digest,
    public_key: publicKey,
    verification,
  };
}
