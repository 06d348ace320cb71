/**
 * `verifyTrail`: the trail verified against pinned keys, without trusting the server: its newest
 * signed tree head proved consistent with a stored checkpoint in O(log n), a time window checked
 * record by record, or (`deepVerify`) everything recomputed from record 1 with every event.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { VerificationResult } from "../generated/types.gen.ts";
import { type TrailVerification, TrailVerifier } from "../evidence/mod.ts";
import type { Digest, TrustedKey } from "../evidence/types.ts";
import { KeeptrustsVerificationError } from "../evidence_errors.ts";
import { toTimestamp } from "./_args.ts";
import { checkOptionKeys } from "./_evidence_route.ts";
import { invoke } from "./_invoke.ts";
import { verifyHead, verifyRange } from "./_verify_trail_modes.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Options of {@linkcode verifyTrail}. */
export interface VerifyTrailOptions extends CallOptions {
  /** Start of a window to check record by record (records created at or after it). */
  startTime?: Date | string;
  /** End of the window (records created before it). */
  endTime?: Date | string;
  /**
   * Recompute everything from record 1: every record, the chain, every Merkle root, signature and
   * endorsement, and each decision event's `payload_hash` against `GET /v1/events/{id}`. Without
   * it, only the window (if any) is fetched, and the newest tree head is proved consistent with
   * the checkpoint from O(log n) hashes.
   * @default {false}
   */
  deepVerify?: boolean;
  /**
   * The trust anchors: key fingerprints (`"sha256:<hex>"`, e.g. from `pinPublicKeys`) or JWKs.
   * Without any, `ok` is false (`untrusted_key`): the server's own keys prove nothing.
   */
  trustedKeys?: readonly TrustedKey[];
  /** The `checkpoint` of an earlier report: the trail shown now must be proved to extend it. */
  checkpoint?: Digest;
  /**
   * Accept records not yet covered by a digest (they are signed every few records) instead of
   * failing with `unsigned_records`.
   * @default {false}
   */
  allowPending?: boolean;
}

/** The report of {@linkcode verifyTrail}: the local verification, and the server's own answer. */
export interface TrailReport extends TrailVerification {
  /** Always true: every figure here was recomputed by the SDK. */
  readonly verified_locally: boolean;
  /**
   * The server's own answer to `GET /v1/trail/verify`, for comparison only. Null when the newest
   * tree head alone was checked (no window, no `deepVerify`): that answer grows with the log.
   */
  readonly server: VerificationResult | null;
  /** Where the server's answer and the local verification differ. */
  readonly disagreements: readonly string[];
}

const OPTIONS = [
  "startTime",
  "endTime",
  "deepVerify",
  "trustedKeys",
  "checkpoint",
  "allowPending",
];

/** Where the server's word and the local verification differ. */
function compare(server: VerificationResult | null, local: TrailVerification): string[] {
  if (server === null) return [];
  const serverOk = server.failures.length === 0 && server.chain_integrity !== "broken";
  const localIntact = local.chain_integrity !== "broken";
  if (serverOk === localIntact) return [];
  return [
    `the server reports ${server.chain_integrity} with ${server.failures.length} failure(s); local verification finds the trail ${local.chain_integrity}`,
  ];
}

/**
 * Verifies the trail against your pinned keys and returns the new checkpoint to store. Without a
 * window or `deepVerify` it fetches O(log n) data: the newest signed tree head, the keys back to a
 * pin, the consistency proof from `checkpoint`, and the first 16 unsigned records (so
 * `pending_records` counts at most 16 there). With `startTime`
 * or `endTime` it also checks that window record by record (roots recomputed from a frontier
 * proof). With `deepVerify` it recomputes everything from record 1, events included, streaming in
 * bounded memory. A lying server is reported, never trusted: rewritten or re-signed history
 * (`untrusted_key`, `split_view`), withheld digests (`unsigned_records`), altered events
 * (`payload_hash_mismatch`).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Window, `deepVerify`, `trustedKeys`, `checkpoint`, `allowPending`, signal, timeout.
 * @returns The report; never throws because the trail is bad (see {@linkcode assertTrailVerified}).
 * @throws {TypeError} when an option is malformed.
 * @throws {KeeptrustsUnsupportedError} when the deployment lacks the evidence routes.
 * @throws {KeeptrustsApiError} and the other call errors when the server cannot be asked.
 *
 * @example Pin, verify, store the checkpoint, verify again later
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, pinPublicKeys, verifyTrail } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const trustedKeys = await pinPublicKeys(client);
 * const first = await verifyTrail(client, { trustedKeys, allowPending: true, deepVerify: true });
 * assert.equal(first.ok, true);
 * const later = await verifyTrail(client, { trustedKeys, allowPending: true, checkpoint: first.checkpoint! });
 * assert.equal(later.consistency, "proved");
 * ```
 */
export async function verifyTrail(
  client: ControlPlaneClient,
  options: VerifyTrailOptions = {},
): Promise<TrailReport> {
  const action = "verify trail";
  checkOptionKeys(options, OPTIONS, action);
  const startTime = toTimestamp("startTime", options.startTime, action);
  const endTime = toTimestamp("endTime", options.endTime, action);
  if (options.deepVerify !== undefined && typeof options.deepVerify !== "boolean") {
    throw new TypeError(`Cannot ${action}: deepVerify must be a boolean`);
  }
  const { trustedKeys, checkpoint, allowPending } = options;
  new TrailVerifier({ keys: [], trustedKeys, checkpoint, allowPending }); // checks them
  const call = { signal: options.signal, timeout: options.timeout };
  const deep = options.deepVerify === true;
  const request = { client, call, trustedKeys, checkpoint, allowPending, startTime, endTime };
  const range = deep || startTime !== undefined || endTime !== undefined;
  const server: VerificationResult | null = range
    ? await invoke(
      client,
      "verifyTrail",
      (base) =>
        sdk.verifyTrail({
          ...base,
          query: { start_time: startTime, end_time: endTime, deep_verify: deep },
        }),
      options,
    )
    : null;
  const local = range ? await verifyRange(request, deep) : await verifyHead(request);
  const disagreements = compare(server, local);
  return {
    ...local,
    ok: local.ok && disagreements.length === 0,
    verified_locally: true,
    server,
    disagreements,
  };
}

/**
 * Like {@linkcode verifyTrail}, but throws when the trail does not verify.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options As {@linkcode verifyTrail}.
 * @returns The passing report.
 * @throws {KeeptrustsVerificationError} carrying the report in `report` when anything is wrong.
 *
 * @example Fail a job when the trail does not verify against the pins
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertTrailVerified, createControlPlaneClient, KeeptrustsVerificationError } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * await assert.rejects(assertTrailVerified(client), KeeptrustsVerificationError); // nothing pinned
 * ```
 */
export async function assertTrailVerified(
  client: ControlPlaneClient,
  options: VerifyTrailOptions = {},
): Promise<TrailReport> {
  const report = await verifyTrail(client, options);
  if (!report.ok) {
    const first = report.failures[0]?.reason ?? report.disagreements[0] ??
      `chain_integrity is ${report.chain_integrity}`;
    throw new KeeptrustsVerificationError(`Trail verification failed: ${first}`, { report });
  }
  return report;
}
