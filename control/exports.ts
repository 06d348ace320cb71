/**
 * Export jobs and wallet balance views.
 *
 * @module
 */
import { createHash } from "node:crypto";
import * as sdk from "../generated/sdk.gen.ts";
import type { ExportJob, WalletBalance } from "../generated/types.gen.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { type CallOptions, invoke, toPathId, toTimestamp } from "./_internal.ts";
import type { ControlPlaneClient } from "./client.ts";
import { KeeptrustsError } from "./errors.ts";

/** What to export: a `timeWindow` or a `from`/`to` range. */
export interface CreateExportJobOptions extends CallOptions {
  /** `events`, `traces`, `escalations` or `audit-log`. */
  type: string;
  /** `json` or `csv`. */
  format: string;
  /** `1h`, `6h`, `24h`, `7d` or `30d`. */
  timeWindow?: string;
  /** Start of the range. */
  from?: Date | string;
  /** End of the range. */
  to?: Date | string;
  /** Idempotency key; a fresh one per call when omitted (so the call's retries are safe). */
  idempotencyKey?: string;
}

/**
 * Starts an export job. The request carries an idempotency key, so retries never queue a second job.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Type, format and window or range.
 * @returns The queued job.
 * @throws {TypeError} when both or neither of `timeWindow` and `from`/`to` are given, or a date is malformed.
 *
 * @example Export yesterday's events as CSV
 * ```ts
 * import { createControlPlaneClient, createExportJob } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const job = await createExportJob(client, { type: "events", format: "csv", timeWindow: "24h" });
 * console.log(job.status); // "queued"
 * ```
 */
export async function createExportJob(
  client: ControlPlaneClient,
  options: CreateExportJobOptions,
): Promise<ExportJob> {
  const action = "create export job";
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Cannot ${action}: options are required`);
  }
  const { type, format, timeWindow } = options;
  if (typeof type !== "string" || type === "") {
    throw new TypeError(`Cannot ${action}: type is required`);
  }
  if (typeof format !== "string" || format === "") {
    throw new TypeError(`Cannot ${action}: format is required`);
  }
  const hasRange = options.from !== undefined || options.to !== undefined;
  if ((timeWindow !== undefined) === hasRange) {
    throw new TypeError(`Cannot ${action}: give either timeWindow or a from/to range`);
  }
  const body = {
    type,
    format,
    time_window: timeWindow,
    date_from: toTimestamp("from", options.from, action),
    date_to: toTimestamp("to", options.to, action),
  };
  return await invoke(
    client,
    "createExportJob",
    (base) => sdk.createExportJob({ ...base, body }),
    options,
    { idempotencyKey: options.idempotencyKey ?? newRequestId() },
  );
}

/**
 * Gets an export job's status.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param jobId The job id.
 * @param options Signal, timeout, request id.
 * @returns The job.
 *
 * @example Poll a job
 * ```ts
 * import { createControlPlaneClient, createExportJob, getExportJob } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { job_id } = await createExportJob(client, { type: "events", format: "json", timeWindow: "1h" });
 * let job = await getExportJob(client, job_id);
 * while (job.status === "queued" || job.status === "running") {
 *   await new Promise((resolve) => setTimeout(resolve, 50));
 *   job = await getExportJob(client, job_id);
 * }
 * console.log(job.status, job.size_bytes); // "completed" ...
 * ```
 */
export async function getExportJob(
  client: ControlPlaneClient,
  jobId: string,
  options: CallOptions = {},
): Promise<ExportJob> {
  const id = toPathId("jobId", jobId, "get export job");
  return await invoke(
    client,
    "getExportJob",
    (base) => sdk.getExportJob({ ...base, path: { job_id: id } }),
    options,
  );
}

/** A downloaded export artifact. */
export interface ExportArtifact {
  /** The artifact's bytes. */
  readonly bytes: Uint8Array;
  /** Its content type (`application/json` or `text/csv`). */
  readonly contentType: string;
  /** SHA-256 hex of the bytes, checked against the job's `sha256` when the job states one. */
  readonly sha256: string;
}

/**
 * Downloads a completed export's artifact (following a redirect to object storage) and checks it
 * against the job's `sha256` when the job states one.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param jobId The job id.
 * @param options Signal, timeout, request id.
 * @returns The bytes, content type and SHA-256.
 * @throws {KeeptrustsApiError} with status 409 while the job is not completed.
 * @throws {KeeptrustsError} when the bytes do not match the job's checksum.
 *
 * @example Save an export
 * ```ts
 * import { createControlPlaneClient, createExportJob, downloadExport, getExportJob } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { job_id } = await createExportJob(client, { type: "events", format: "csv", timeWindow: "24h" });
 * while ((await getExportJob(client, job_id)).status !== "completed") {
 *   await new Promise((resolve) => setTimeout(resolve, 50));
 * }
 * const artifact = await downloadExport(client, job_id);
 * await Deno.writeFile(await Deno.makeTempFile({ suffix: ".csv" }), artifact.bytes);
 * console.log(artifact.contentType, artifact.sha256);
 * ```
 */
export async function downloadExport(
  client: ControlPlaneClient,
  jobId: string,
  options: CallOptions = {},
): Promise<ExportArtifact> {
  const id = toPathId("jobId", jobId, "download export");
  const job = await getExportJob(client, id, { signal: options.signal, timeout: options.timeout });
  let contentType = "application/octet-stream";
  const buffer = await invoke(
    client,
    "downloadExportJob",
    async (base) => {
      const result = await sdk.downloadExportJob({
        ...base,
        path: { job_id: id },
        parseAs: "arrayBuffer",
      });
      contentType = result.response.headers.get("content-type") ?? contentType;
      return result as unknown as { data: ArrayBuffer; response: Response };
    },
    options,
  );
  const bytes = new Uint8Array(buffer);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (job.sha256 && job.sha256 !== sha256) {
    throw new KeeptrustsError(
      `Cannot download export ${id}: the artifact does not match the job's sha256`,
    );
  }
  return { bytes, contentType, sha256 };
}

/**
 * Wallet balances visible to the client's token. Balance views only: per-request spend comes from
 * decision events (`getEventCostAttribution`).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, request id.
 * @returns The balances.
 *
 * @example Remaining organisation balance
 * ```ts
 * import { createControlPlaneClient, getWalletBalance } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { wallets } = await getWalletBalance(client);
 * console.log(wallets[0].balance, wallets[0].status);
 * ```
 */
export async function getWalletBalance(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<WalletBalance> {
  return await invoke(client, "getWalletBalance", (base) => sdk.getWalletBalance(base), options);
}
