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
      { code: "checksum_mismatch", requestId: requestIdOf(job) ?? null },
    );
  }
  return { bytes, contentType, sha256 };
}
