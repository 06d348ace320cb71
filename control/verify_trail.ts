/**
 * `verifyTrail`: the server's verification, optionally re-done locally without trusting it.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { VerificationResult } from "../generated/types.gen.ts";
import type { Digest, TrailRecord } from "./types.ts";
import { KeeptrustsVerificationError } from "../errors.ts";
import { type TrailVerification, verifyTrailEvidence } from "../evidence/mod.ts";
import { toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { listAllDigests } from "./list_digests.ts";
import { listPublicKeys } from "./list_public_keys.ts";
import { iterateTrailRecords } from "./list_trail_records.ts";

/** Options of {@linkcode verifyTrail}. */
export interface VerifyTrailOptions extends CallOptions {
  /** Start of the range (records with `created_at` at or after it). */
  startTime?: Date | string;
  /** End of the range (records with `created_at` before it). */
  endTime?: Date | string;
  /**
   * Also fetch the records, digests and keys and verify everything locally, reporting any
   * disagreement with the server. Without it the report is the server's word.
   * @default {false}
   */
  deepVerify?: boolean;
}

/** The report of {@linkcode verifyTrail}. */
export interface TrailReport extends TrailVerification {
  /** Whether the report was recomputed locally (`deepVerify`). */
  readonly verified_locally: boolean;
  /** The server's own answer. */
  readonly server: VerificationResult;
  /** Where the local verification and the server's answer differ (empty without `deepVerify`). */
  readonly disagreements: readonly string[];
}

function serverOk(result: VerificationResult): boolean {
  return (result.chain_integrity === "intact" || result.chain_integrity === "empty") &&
    result.failures.length === 0;
}

async function collect(
  client: ControlPlaneClient,
  options: VerifyTrailOptions,
  start?: string,
  end?: string,
) {
  const call = {
    signal: options.signal,
    timeout: options.timeout,
    callRequestId: options.callRequestId,
  };
  let records: TrailRecord[] = [];
  for await (
    const r of iterateTrailRecords(client, { ...call, startTime: start, endTime: end, limit: 1000 })
  ) records.push(r);
  const digests: Digest[] = await listAllDigests(client, {
    ...call,
    startTime: start,
    endTime: end,
  });
  // Extend the records to the full ranges of the digests that overlap the window, so that every
  // head is present and every record in range is tied to a signature.
  if (digests.length > 0) {
    const lo = digests[0].first_seq;
    const hi = digests[digests.length - 1].last_seq;
    const firstSeq = records.length > 0 ? records[0].seq : hi + 1;
    const lastSeq = records.length > 0 ? records[records.length - 1].seq : lo - 1;
    const before: TrailRecord[] = [];
    if (lo < firstSeq) {
      for await (
        const r of iterateTrailRecords(client, {
          ...call,
          fromSeq: lo,
          toSeq: firstSeq - 1,
          limit: 1000,
        })
      ) before.push(r);
    }
    const after: TrailRecord[] = [];
    if (hi > lastSeq) {
      for await (
        const r of iterateTrailRecords(client, {
          ...call,
          fromSeq: Math.max(lastSeq + 1, lo),
          toSeq: hi,
          limit: 1000,
        })
      ) after.push(r);
    }
    records = before.concat(records, after);
  }
  const { keys } = await listPublicKeys(client, call);
  return { records, digests, keys };
}

/**
 * Verifies the trail over a time range. The server answers first; with `deepVerify` the SDK also
 * fetches the records (extended to whole digests), the digests and every key, verifies them with
 * {@linkcode verifyTrailEvidence}, and reports where it disagrees with the server: a server that
 * claims `intact` over a tampered trail is caught.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Range, `deepVerify`, signal and timeout.
 * @returns The report; never throws because the trail is broken (see {@linkcode assertTrailVerified}).
 * @throws {KeeptrustsApiError} and the other call errors when the server cannot be asked.
 *
 * @example Audit-grade verification of a day
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, verifyTrail } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const report = await verifyTrail(client, {
 *   startTime: new Date(Date.now() - 86_400_000),
 *   endTime: new Date(),
 *   deepVerify: true,
 * });
 * assert.equal(report.verified_locally, true);
 * assert.equal(report.chain_integrity, "intact");
 * assert.deepEqual(report.disagreements, []);
 * ```
 */
export async function verifyTrail(
  client: ControlPlaneClient,
  options: VerifyTrailOptions = {},
): Promise<TrailReport> {
  const action = "verify trail";
  const start = toTimestamp("startTime", options.startTime, action);
  const end = toTimestamp("endTime", options.endTime, action);
  if (options.deepVerify !== undefined && typeof options.deepVerify !== "boolean") {
    throw new TypeError(`Cannot ${action}: deepVerify must be a boolean`);
  }
  const deep = options.deepVerify === true;
  const server: VerificationResult = await invoke(
    client,
    "verifyTrail",
    (base) =>
      sdk.verifyTrail({ ...base, query: { start_time: start, end_time: end, deep_verify: deep } }),
    options,
  );
  if (!deep) {
    return {
      ...server,
      ok: serverOk(server),
      pending_records: server.pending_records ?? 0,
      failures: server.failures.map((f) => ({
        ...(f.seq != null ? { seq: f.seq } : {}),
        ...(f.digest_id != null ? { digest_id: f.digest_id } : {}),
        code: f.code ?? "server_reported",
        reason: f.reason,
      })),
      verified_locally: false,
      server,
      disagreements: [],
    };
  }
  const local = verifyTrailEvidence(await collect(client, options, start, end));
  const disagreements: string[] = [];
  if (serverOk(server) !== local.ok) {
    disagreements.push(
      `the server reports ${server.chain_integrity} with ${server.failures.length} failure(s); local verification found ${local.failures.length}`,
    );
  }
  if (
    server.head_hash !== null && local.head_hash !== null && server.head_hash !== local.head_hash &&
    server.last_seq === local.last_seq
  ) {
    disagreements.push(
      `the server's head hash for seq ${server.last_seq} differs from the records it served`,
    );
  }
  return {
    ...local,
    ok: local.ok && disagreements.length === 0,
    chain_integrity: disagreements.length > 0 ? "broken" : local.chain_integrity,
    verified_locally: true,
    server,
    disagreements,
  };
}

/**
 * Like {@linkcode verifyTrail}, but throws when the trail does not verify.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Range, `deepVerify`, signal and timeout.
 * @returns The passing report.
 * @throws {KeeptrustsVerificationError} carrying the report in `report` when anything is wrong.
 *
 * @example Fail a job when the trail is broken
 * ```ts
 * import { assertTrailVerified, createControlPlaneClient } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * await assertTrailVerified(client, { deepVerify: true });
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
