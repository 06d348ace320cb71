/**
 * Evidence bundles: everything an auditor needs to check one request's decision, gathered from the
 * control plane and verified locally.
 *
 * @module
 */
import type { Digest, TrailRecord } from "./types.ts";
import { KeeptrustsError } from "../errors.ts";
import { type EvidenceBundle, verifyTrailEvidence } from "../evidence/mod.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { getEvent } from "./get_event.ts";
import { getPublicKey } from "./get_public_key.ts";
import { listDigests } from "./list_digests.ts";
import { listEvents } from "./list_events.ts";
import { iterateTrailRecords } from "./list_trail_records.ts";
import { rawOf } from "./raw_of.ts";

/** Options of {@linkcode buildEvidenceBundle}. */
export interface BuildEvidenceBundleOptions extends CallOptions {
  /** Which event, when the request has several (retries). The first one when omitted. */
  eventId?: string;
}

/**
 * Gathers the evidence for one request: its decision event (with citations and cost), the trail
 * record of that event and the records up to the head of the digest that covers it, the digest, the
 * signing key, and a local verification of all of it.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param requestId The request's `x-request-id`.
 * @param options Which event, signal, timeout.
 * @returns The bundle; write it out with `exportBundleZip`.
 * @throws {KeeptrustsError} when the request has no event, its record is not found, or no digest
 * covers it yet (records are signed every few requests; try again after the next digest).
 *
 * @example Evidence for a request
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { exportBundleZip } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const bundle = await buildEvidenceBundle(client, "req_seed_0000001");
 * assert.equal(bundle.event.request_id, "req_seed_0000001");
 * assert.equal(bundle.verification.ok, true);
 * await Deno.writeFile(await Deno.makeTempFile({ suffix: ".zip" }), exportBundleZip(bundle));
 * ```
 */
export async function buildEvidenceBundle(
  client: ControlPlaneClient,
  requestId: string,
  options: BuildEvidenceBundleOptions = {},
): Promise<EvidenceBundle> {
  const action = "build evidence bundle";
  if (typeof requestId !== "string" || requestId === "") {
    throw new TypeError(`Cannot ${action}: requestId must be a non-empty string`);
  }
  const call = {
    signal: options.signal,
    timeout: options.timeout,
    callRequestId: options.callRequestId,
  };
  let eventId = options.eventId;
  if (eventId === undefined) {
    const page = await listEvents(client, { ...call, requestId, limit: 10 });
    if (page.events.length === 0) {
      throw new KeeptrustsError(`Cannot ${action}: no decision event for request ${requestId}`, {
        code: "no_event",
      });
    }
    eventId = page.events[0].event_id;
  }
  const event = await getEvent(client, eventId, call);
  if (event.request_id !== requestId) {
    throw new KeeptrustsError(`Cannot ${action}: event ${eventId} belongs to another request`, {
      code: "event_mismatch",
    });
  }
  let record: TrailRecord | undefined;
  let scanned = 0;
  for await (
    const r of iterateTrailRecords(client, { ...call, startTime: event.created_at, limit: 200 })
  ) {
    if (r.event_id === eventId) {
      record = r;
      break;
    }
    if (++scanned >= 10_000) break;
  }
  if (!record) {
    throw new KeeptrustsError(`Cannot ${action}: no trail record for event ${eventId}`, {
      code: "no_record",
    });
  }
  let digest: Digest | undefined;
  let cursor: string | undefined;
  do {
    const page = await listDigests(client, {
      ...call,
      startTime: record.created_at,
      limit: 100,
      cursor,
    });
    digest = page.digests.find((d) => d.first_seq <= record!.seq && record!.seq <= d.last_seq);
    cursor = digest ? undefined : page.next_cursor ?? undefined;
  } while (!digest && cursor !== undefined);
  if (!digest) {
    throw new KeeptrustsError(
      `Cannot ${action}: record ${record.seq} is not covered by a signed digest yet; try again after the next digest`,
      { code: "not_signed_yet" },
    );
  }
  const trail: TrailRecord[] = [];
  for await (
    const r of iterateTrailRecords(client, {
      ...call,
      fromSeq: record.seq,
      toSeq: digest.last_seq,
      limit: 1000,
    })
  ) trail.push(r);
  const publicKey = await getPublicKey(client, { ...call, kid: digest.kid });
  // The event as the server sent it: what payload_hash covers (the view may spell fields anew).
  const raw = rawOf(event) as EvidenceBundle["event"];
  const verification = verifyTrailEvidence({
    records: trail,
    digests: [digest],
    keys: [publicKey],
    events: new Map([[event.event_id, raw]]),
  });
  return { request_id: requestId, event: raw, trail, digest, public_key: publicKey, verification };
}
