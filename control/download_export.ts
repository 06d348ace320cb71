/**
 * `downloadExport`: a completed export's artifact, checked against the job's checksum.
 *
 * @module
 */
import { createHash } from "node:crypto";
import * as sdk from "../generated/sdk.gen.ts";
import { KeeptrustsError } from "../errors.ts";
import { toPathId } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { type CallOptions, requestIdOf } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { getExportJob } from "./get_export_job.ts";

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
 * Downloads a completed export's artifact and checks it against the job's `sha256` when the job
 * states one. A redirect to object storage (a presigned URL) is followed without the bearer token,
 * which never leaves the control plane's origin; a redirect from `https` to `http` is refused. The
 * artifact is read within the client's `maxResponseBytes`.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param jobId The job id.
 * @param options Signal, timeout, request id.
 * @returns The bytes, content type and SHA-256.
 * @throws {KeeptrustsApiError} with status 409 while the job is not completed.
 * @throws {KeeptrustsError} when the bytes do not match the job's checksum.
 * @throws {KeeptrustsResponseError} when the artifact is larger than `maxResponseBytes` (code
 * `too_large`) or a redirect is refused (code `insecure_redirect`).
 *
 * @example Save an export
 * ```ts
 * import assert from "node:assert/strict";
 * import { createHash } from "node:crypto";
 * import { createControlPlaneClient, createExportJob, downloadExport, getExportJob } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { job_id } = await createExportJob(client, { type: "events", format: "csv", timeWindow: "24h" });
 * while ((await getExportJob(client, job_id)).status !== "completed") {
 *   await new Promise((resolve) => setTimeout(resolve, 50));
 * }
 * const artifact = await downloadExport(client, job_id);
 * assert.match(artifact.contentType, /^text\/csv/);
 * assert.equal(artifact.sha256, createHash("sha256").update(artifact.bytes).digest("hex"));
 * await Deno.writeFile(await Deno.makeTempFile({ suffix: ".csv" }), artifact.bytes);
 * ```
 */
export async function downloadExport(
  client: ControlPlaneClient,
  jobId: string,
  options: CallOptions = {},
): Promise<ExportArtifact> {
  const action = "download export";
  checkOptions(options, CALL_KEYS, action);
  const id = toPathId("jobId", jobId, action);
  const job = await getExportJob(client, id, { signal: options.signal, timeout: options.timeout });
  let contentType = "application/octet-stream";
  const bytes = await invoke(
    client,
    "downloadExportJob",
    async (base) => {
      const result = await sdk.downloadExportJob({ ...base, path: { job_id: id } });
      contentType = result.response.headers.get("content-type") ?? contentType;
      return result;
    },
    options,
    { expect: "bytes", read: (data) => data as Uint8Array<ArrayBuffer> },
  );
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (job.sha256 && job.sha256.toLowerCase() !== sha256) {
    throw new KeeptrustsError(
      `Cannot download export ${id}: the artifact does not match the job's sha256`,
      { code: "checksum_mismatch", requestId: requestIdOf(job) ?? null },
    );
  }
  return { bytes, contentType, sha256 };
}
