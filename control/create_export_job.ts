/**
 * `createExportJob`: start an export of events, traces, escalations or the audit log.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { ExportJob } from "../generated/types.gen.ts";
import { toIdempotencyKey, toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

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
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, createExportJob } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const job = await createExportJob(client, { type: "events", format: "csv", timeWindow: "24h" });
 * assert.equal(job.status, "queued");
 * assert.match(job.job_id, /^exp_/);
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
    { idempotencyKey: toIdempotencyKey(options.idempotencyKey, action) },
  );
}
