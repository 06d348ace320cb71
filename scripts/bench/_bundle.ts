/**
 * An evidence bundle of the first format (the event, its record and every record after it up to
 * the covering digest's head), assembled from a synthetic trail. Its size grows with the log; the
 * format of DESIGN.md section 5 replaces the slice with an inclusion proof, and this file goes once
 * `exportBundleZip` takes that format (then the bundle comes from `buildEvidenceBundle` against the
 * stand-in instead).
 *
 * @module
 */
import canonicalize from "canonicalize";
import { verifyOffline } from "./_sdk.ts";
import { sha256, type SyntheticTrail, syntheticTrail } from "./_trail.ts";

/** A bundle for the first record of a log of `logSize` records, one digest covering them all. */
export function sliceBundle(
  logSize: number,
): { bundle: Record<string, unknown>; trail: SyntheticTrail } {
  const event = {
    event_id: "evt_1",
    request_id: "req_1",
    created_at: "2026-05-31T00:00:00.001000Z",
    verdict: "allow",
    citations: [],
  };
  const trail = syntheticTrail(logSize, logSize, {
    firstPayloadHash: sha256(canonicalize(event)!),
  });
  const bundle = {
    request_id: "req_1",
    event,
    trail: trail.records,
    digest: trail.digests[0],
    public_key: trail.keys[0],
    verification: verifyOffline(trail),
  };
  return { bundle, trail };
}
