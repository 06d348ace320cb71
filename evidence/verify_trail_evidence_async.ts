/**
 * `verifyTrailEvidenceAsync`: {@linkcode verifyTrailEvidence} for large inputs, with the hashing
 * of the records split across worker threads. Checking a record's hash is independent of every
 * other record, and so is each aligned block of the Merkle tree: workers do that, the calling
 * thread runs every check in order on their answers, so the report is the one
 * `verifyTrailEvidence` gives, to the byte.
 *
 * @module
 */
import { readTrailEvidence } from "./_trail_options.ts";
import { addRecordsInParallel } from "./_parallel_records.ts";
import { TrailVerifier } from "./trail_verifier.ts";
import type { TrailVerification } from "./types.ts";
import type { TrailEvidence, VerifyTrailEvidenceOptions } from "./verify_trail_evidence.ts";

/**
 * From how many records {@linkcode verifyTrailEvidenceAsync} uses worker threads by default, on
 * the runtime running it: 300,000 on Bun, 50,000 on Deno and Node. Below it, starting the workers
 * (tens of milliseconds) and writing the records out for them cost more than the hashing they take
 * over; the crossovers measured on 2 cores are in `BENCHMARKS.md` (`scale.verify_parallel_ms`).
 */
export const PARALLEL_THRESHOLD: number =
  typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" ? 300_000 : 50_000;

const ACTION = "verify trail evidence";

/** Options of {@linkcode verifyTrailEvidenceAsync}. */
export interface VerifyTrailEvidenceAsyncOptions extends VerifyTrailEvidenceOptions {
  /**
   * Worker threads that hash the records (0: the calling thread does it all, as
   * `verifyTrailEvidence`). The workers live only for the call.
   * @default {one per core (at most 8) from `PARALLEL_THRESHOLD` records on, when there is more than one core; otherwise 0}
   */
  workers?: number;
  /** Aborts the verification: the workers are terminated and the promise rejects with the reason. */
  signal?: AbortSignal;
}

async function cores(): Promise<number> {
  try {
    const os = await import("node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  } catch {
    return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
      ?.hardwareConcurrency ?? 1;
  }
}

async function workerCount(workers: unknown, records: number): Promise<number> {
  if (workers !== undefined) {
    if (!Number.isSafeInteger(workers) || (workers as number) < 0 || (workers as number) > 64) {
      throw new RangeError(`Cannot ${ACTION}: workers must be an integer from 0 to 64`);
    }
    return workers as number;
  }
  if (records < PARALLEL_THRESHOLD) return 0;
  const n = await cores();
  return n > 1 ? Math.min(n, 8) : 0;
}

/**
 * Verifies trail evidence like {@linkcode verifyTrailEvidence}, hashing the records on worker
 * threads (`node:worker_threads`, on Deno, Bun and Node): faster from about
 * {@linkcode PARALLEL_THRESHOLD} records on when there is more than one core, the same report on
 * every input. Where worker threads do not exist it verifies on the calling thread.
 *
 * @param evidence Records, digests, keys, and optionally events and proofs.
 * @param options `trustedKeys`, `checkpoint`, `allowPending`, and `workers`, `signal`.
 * @returns The report; `ok` is true only when everything is proved.
 * @throws {TypeError} when an option is malformed (before any work).
 * @throws {RangeError} when `workers` is not an integer from 0 to 64.
 * @throws {KeeptrustsError} with `code: "worker_failed"` when a worker thread fails.
 * @throws the signal's reason when `signal` aborts.
 *
 * @example Two worker threads give the report one thread gives
 * ```ts
 * import assert from "node:assert/strict";
 * import {
 *   createControlPlaneClient,
 *   listDigests,
 *   listPublicKeys,
 *   listTrailRecords,
 *   pinPublicKeys,
 * } from "@keeptrusts/client/control";
 * import { verifyTrailEvidence, verifyTrailEvidenceAsync } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const { records } = await listTrailRecords(client, { fromSeq: 1, toSeq: 64, limit: 100 });
 * const { digests } = await listDigests(client);
 * const { keys } = await listPublicKeys(client);
 * const options = { trustedKeys: await pinPublicKeys(client), allowPending: true };
 * const evidence = { records, digests, keys };
 * const report = await verifyTrailEvidenceAsync(evidence, { ...options, workers: 2 });
 * assert.equal(report.records_verified, 64);
 * assert.deepEqual(report, verifyTrailEvidence(evidence, options));
 * ```
 */
export async function verifyTrailEvidenceAsync(
  evidence: TrailEvidence,
  options: VerifyTrailEvidenceAsyncOptions = {},
): Promise<TrailVerification> {
  const { workers, signal, ...rest } = options ?? {};
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`Cannot ${ACTION}: signal must be an AbortSignal`);
  }
  const { records, digests, events, ...proofs } = readTrailEvidence(evidence, ACTION);
  const verifier = new TrailVerifier({ ...rest, ...proofs });
  const count = await workerCount(workers, records.length);
  signal?.throwIfAborted();
  verifier.addDigests(digests);
  if (count === 0 || !await addRecordsInParallel(verifier, records, events, count, signal)) {
    verifier.addRecords(records, events);
  }
  return verifier.finish();
}
