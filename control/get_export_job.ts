/**
 * `getExportJob`: an export job's status.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { toPathId } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { EXPORT_JOB_RULE } from "./_rules.ts";
import type { ExportJob } from "./types.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Gets an export job's status.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param jobId The job id.
 * @param options Signal, timeout, request id.
 * @returns The job (`job_id` read from `job_id` or `id`).
 * @throws {KeeptrustsNotFoundError} when there is no such job.
 * @throws {KeeptrustsValidationError} when the answer has no job id or status.
 *
 * @example Poll a job
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, createExportJob, getExportJob } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { job_id } = await createExportJob(client, { type: "events", format: "json", timeWindow: "1h" });
 * let job = await getExportJob(client, job_id);
 * while (job.status === "queued" || job.status === "running") {
 *   await new Promise((resolve) => setTimeout(resolve, 50));
 *   job = await getExportJob(client, job_id);
 * }
 * assert.equal(job.status, "completed");
 * assert.ok((job.size_bytes ?? 0) > 0);
 * ```
 */
export async function getExportJob(
  client: ControlPlaneClient,
  jobId: string,
  options: CallOptions = {},
): Promise<ExportJob> {
  const action = "get export job";
  checkOptions(options, CALL_KEYS, action);
  const id = toPathId("jobId", jobId, action);
  return await invoke(
    client,
    "getExportJob",
    (base) => sdk.getExportJob({ ...base, path: { job_id: id } }),
    options,
    { read: (data) => readOne<ExportJob>(data, EXPORT_JOB_RULE) },
  );
}
