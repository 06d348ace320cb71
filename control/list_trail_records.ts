/**
 * `listTrailRecords` and `iterateTrailRecords`: the hash-chained trail, by time or sequence range.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { InvalidItem, TrailRecord, TrailRecordList } from "./types.ts";
import { toLimit, toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, callOptionsOf, checkOptions } from "./_options.ts";
import { paginate } from "./_paginate.ts";
import { readPage } from "./_read.ts";
import { TRAIL_RECORD_RULE } from "./_rules.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Range and paging of {@linkcode listTrailRecords} and {@linkcode iterateTrailRecords}. */
export interface ListTrailRecordsOptions extends CallOptions {
  /**
   * Records created at or after this time: a `Date`, an RFC 3339 date-time, a date, or a duration
   * before now (`5m`, `1h`, `24h`, `7d`).
   */
  startTime?: Date | string;
  /** Records created before this time (the same forms as `startTime`). */
  endTime?: Date | string;
  /** First sequence number (inclusive). */
  fromSeq?: number;
  /** Last sequence number (inclusive). */
  toSeq?: number;
  /** Page size: a positive integer; the server decides the largest it serves. */
  limit?: number;
  /** Cursor from a previous page. */
  cursor?: string;
  /**
   * Called with each record that could not be read; the rest of its page is read as usual.
   * Without it, `listTrailRecords` reports such records in the page's `skipped`, and
   * `iterateTrailRecords` throws a `KeeptrustsValidationError` (code `invalid_items`) after
   * yielding every readable record. (A skipped record leaves a gap that verification reports.)
   */
  onInvalidItem?: (item: InvalidItem) => void;
}

const KEYS = [
  ...CALL_KEYS,
  "startTime",
  "endTime",
  "fromSeq",
  "toSeq",
  "limit",
  "cursor",
  "onInvalidItem",
];

function seq(field: string, value: unknown, action: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Cannot ${action}: ${field} must be a positive integer`);
  }
  return value;
}

function recordsQuery(options: ListTrailRecordsOptions, action: string) {
  checkOptions(options, KEYS, action);
  if (options.cursor !== undefined && (typeof options.cursor !== "string" || !options.cursor)) {
    throw new TypeError(`Cannot ${action}: cursor must be a non-empty string`);
  }
  if (options.onInvalidItem !== undefined && typeof options.onInvalidItem !== "function") {
    throw new TypeError(`Cannot ${action}: onInvalidItem must be a function`);
  }
  return {
    start_time: toTimestamp("startTime", options.startTime, action),
    end_time: toTimestamp("endTime", options.endTime, action),
    from_seq: seq("fromSeq", options.fromSeq, action),
    to_seq: seq("toSeq", options.toSeq, action),
    limit: toLimit(options.limit, action),
    cursor: options.cursor,
  };
}

type Query = ReturnType<typeof recordsQuery>;

function fetchRecordPage(
  client: ControlPlaneClient,
  query: Query,
  options: ListTrailRecordsOptions,
): Promise<TrailRecordList> {
  const call = callOptionsOf(options);
  return invoke(
    client,
    "listTrailRecords",
    (base) => sdk.listTrailRecords({ ...base, query }),
    call,
    {
      read: (data, requestId): TrailRecordList => {
        const page = readPage<TrailRecord>(
          data,
          "records",
          TRAIL_RECORD_RULE,
          "listTrailRecords",
          requestId,
        );
        return { records: page.items, next_cursor: page.next, skipped: page.skipped };
      },
    },
  );
}

/**
 * Lists one page of trail records in ascending `seq`, by time or sequence range.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Time range (`startTime`, `endTime`) or sequence range (`fromSeq`, `toSeq`), paging.
 * @returns `{ records, next_cursor, skipped }`: records of administrative actions (no request, no
 * event) included; `skipped` lists the records that could not be read (usually none).
 * @throws {TypeError} when an option is wrong (nothing is sent).
 * @throws {KeeptrustsValidationError} when the answer is not a page of records.
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
  const page = await fetchRecordPage(client, query, options);
  if (options.onInvalidItem) { for (const item of page.skipped) options.onInvalidItem(item); }
  return page;
}

/**
 * Iterates over every trail record in a range, across pages, one page in memory at a time.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Range and page size (`limit`, up to 1000).
 * @returns An async iterator of records in ascending `seq`.
 * @throws {TypeError} when an option is wrong (before the first request).
 * @throws {KeeptrustsResponseError} (code `cursor_loop`) when the server repeats a cursor.
 * @throws {KeeptrustsValidationError} (code `invalid_items`) after the last record, when records
 * were skipped and no `onInvalidItem` took them.
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
  return paginate(
    query.cursor,
    async (cursor) => {
      const page = await fetchRecordPage(client, { ...query, cursor }, options);
      return { items: page.records, next: page.next_cursor, skipped: page.skipped };
    },
    { operation: "listTrailRecords", key: "records", onInvalidItem: options.onInvalidItem },
  );
}
