/**
 * `createExportJob`: start an export of events, traces, escalations or the audit log.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { DURATION, toIdempotencyKey, toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { EXPORT_JOB_RULE } from "./_rules.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import type { ExportJob } from "./types.ts";

/** What to export: a `timeWindow` or a `from`/`to` range. */
export interface CreateExportJobOptions extends CallOptions {
  /**
   * `events`, `traces`, `escalations` or `audit-log`. Left out of the request when omitted, as in
   * the platform's documented body (the platform exports events then).
   */
  type?: string;
  /** `json` or `csv`. */
  format: string;
  /** A window ending now, as the CLI writes it: `1h`, `6h`, `24h`, `7d`, `30d`. */
  timeWindow?: string;
  /** Start of the range: a `Date`, an RFC 3339 date-time, a date, or a duration before now. */
  from?: Date | string;
  /** End of the range (the same forms as `from`). */
  to?: Date | string;
  /** Idempotency key; a fresh one per call when omitted (so the call's retries are safe). */
  idempotencyKey?: string;
}

const KEYS = [...CALL_KEYS, "type", "format", "timeWindow", "from", "to", "idempotencyKey"];

function optionalText(field: string, value: unknown, action: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`Cannot ${action}: ${field} must be a non-empty string`);
  }
  return value;
}

/**
 * Starts an export job with the documented body (`{ "format": "json", "time_window": "24h" }`, plus
 * `type` when given). The request carries an idempotency key, so retries never queue a second job.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Format, window or range, and optionally the type.
 * @returns The queued job (`job_id` read from `job_id` or `id`).
 * @throws {TypeError} when `format` is missing, both or neither of `timeWindow` and `from`/`to`
 * are given, a window is not a duration, an option is unknown, or a date is malformed.
 * @throws {KeeptrustsValidationError} when the answer has no job id or status.
 *
 * @example Export the last day's events as CSV
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
  if (options === undefined) throw new TypeError(`Cannot ${action}: options are required`);
  checkOptions(options, KEYS, action);
  const type = optionalText("type", options.type, action);
  const format = optionalText("format", options.format, action);
  if (format === undefined) throw new TypeError(`Cannot ${action}: format is required`);
  const timeWindow = optionalText("timeWindow", options.timeWindow, action);
  if (timeWindow !== undefined && !DURATION.test(timeWindow)) {
    throw new TypeError(`Cannot ${action}: timeWindow must be a duration such as 1h, 24h or 7d`);
  }
  const hasRange = options.from !== undefined || options.to !== undefined;
  if ((timeWindow !== undefined) === hasRange) {
    throw new TypeError(`Cannot ${action}: give either timeWindow or a from/to range`);
  }
  const body = {
    ...(type === undefined ? {} : { type }),
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
    {
      idempotencyKey: toIdempotencyKey(options.idempotencyKey, action),
      read: (data) => readOne<ExportJob>(data, EXPORT_JOB_RULE),
    },
  );
}
