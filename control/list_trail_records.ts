/**
 * `listTrailRecords` and `iterateTrailRecords`: the hash-chained trail, by time or sequence range.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { TrailRecord, TrailRecordList } from "./types.ts";
import { vListTrailRecordsResponse } from "../generated/valibot.gen.ts";
import { toLimit, toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { paginate } from "./_paginate.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Range and paging of {@linkcode listTrailRecords} and {@linkcode iterateTrailRecords}. */
export interface ListTrailRecordsOptions extends CallOptions {
  /** Records created at or after this time. */
  startTime?: Date | string;
  /** Records created before this time. */
  endTime?: Date | string;
  /** First sequence number (inclusive). */
  fromSeq?: number;
  /** Last sequence number (inclusive). */
  toSeq?: number;
  /** Page size, 1 to 1000. @default {50} */
  limit?: number;
  /** Cursor from a previous page. */
  cursor?: string;
}

function seq(field: string, value: number | undefined, action: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Cannot ${action}: ${field} must be a positive integer`);
  }
  return value;
}

function recordsQuery(options: ListTrailRecordsOptions, action: string) {
  return {
    start_time: toTimestamp("startTime", options.startTime, action),
    end_time: toTimestamp("endTime", options.endTime, action),
    from_seq: seq("fromSeq", options.fromSeq, action),
    to_seq: seq("toSeq", options.toSeq, action),
    limit: toLimit(options.limit, action),
    cursor: options.cursor,
  };
}

/**
 * Lists one page of trail records in ascending `seq`, by time or sequence range.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Time range (`startTime`, `endTime`) or sequence range (`fromSeq`, `toSeq`), paging.
 * @returns `{ records, next_cursor }`.
 *
 * @example The first records of the trail
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, listTrailRecords } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { records } = await listTrailRecords(client, { fromSeq: 1, toSeq: 8 });
 * assert.deepEqual(records.map((r) => r.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
 * ```
 */
export async function listTrailRecords(
  client: ControlPlaneClient,
  options: ListTrailRecordsOptions = {},
): Promise<TrailRecordList> {
  const query = recordsQuery(options, "list trail records");
  return await invoke(
    client,
    "listTrailRecords",
    (base) => sdk.listTrailRecords({ ...base, query }),
    options,
    { schema: vListTrailRecordsResponse },
  );
}

/**
 * Iterates over every trail record in a range, across pages, one page in memory at a time.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Range and page size (`limit`, up to 1000).
 * @returns An async iterator of records in ascending `seq`.
 *
 * @example Walk a sequence range
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, iterateTrailRecords } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * let previous = "0".repeat(64); // the start of the chain
 * for await (const record of iterateTrailRecords(client, { fromSeq: 1, toSeq: 40, limit: 1000 })) {
 *   assert.equal(record.prev_hash, previous);
 *   previous = record.hash;
 * }
 * ```
 */
export function iterateTrailRecords(
  client: ControlPlaneClient,
  options: ListTrailRecordsOptions = {},
): AsyncIterableIterator<TrailRecord> {
  const query = recordsQuery(options, "iterate trail records");
  const call = {
    signal: options.signal,
    timeout: options.timeout,
    callRequestId: options.callRequestId,
  };
  return paginate(query.cursor, async (cursor) => {
    const page: TrailRecordList = await invoke(
      client,
      "listTrailRecords",
      (base) => sdk.listTrailRecords({ ...base, query: { ...query, cursor } }),
      call,
      { schema: vListTrailRecordsResponse },
    );
    return { items: page.records, next: page.next_cursor };
  });
}
