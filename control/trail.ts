/**
 * Trail records, signed digests and public keys.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type {
  Digest,
  DigestList,
  PublicKey,
  PublicKeySet,
  TrailRecord,
  TrailRecordList,
} from "../generated/types.gen.ts";
import { vListDigestsResponse, vListTrailRecordsResponse } from "../generated/valibot.gen.ts";
import { type CallOptions, invoke, paginate, toLimit, toPathId, toTimestamp } from "./_internal.ts";
import type { ControlPlaneClient } from "./client.ts";

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
 * import { createControlPlaneClient, listTrailRecords } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { records } = await listTrailRecords(client, { fromSeq: 1, toSeq: 8 });
 * console.log(records.map((r) => r.seq));
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
 * import { createControlPlaneClient, iterateTrailRecords } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * let count = 0;
 * for await (const record of iterateTrailRecords(client, { fromSeq: 1, limit: 1000 })) {
 *   if (record.seq === 1) console.log(record.prev_hash); // 64 zeros: the start of the chain
 *   count++;
 * }
 * console.log(count);
 * ```
 */
export function iterateTrailRecords(
  client: ControlPlaneClient,
  options: ListTrailRecordsOptions = {},
): AsyncIterableIterator<TrailRecord> {
  const query = recordsQuery(options, "iterate trail records");
  const call = { signal: options.signal, timeout: options.timeout };
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

/** Range and paging of {@linkcode listDigests}. */
export interface ListDigestsOptions extends CallOptions {
  /** Digests whose window ends at or after this time. */
  startTime?: Date | string;
  /** Digests whose window starts before this time. */
  endTime?: Date | string;
  /** Page size, 1 to 1000. @default {50} */
  limit?: number;
  /** Cursor from a previous page. */
  cursor?: string;
}

/**
 * Lists one page of signed digests in ascending `first_seq`.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Time range and paging.
 * @returns `{ digests, next_cursor }`.
 *
 * @example Digests of a day
 * ```ts
 * import { createControlPlaneClient, listDigests } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { digests } = await listDigests(client, { startTime: new Date(Date.now() - 86_400_000), endTime: new Date() });
 * console.log(digests.map((d) => `${d.digest_id} ${d.first_seq}-${d.last_seq} ${d.kid}`));
 * ```
 */
export async function listDigests(
  client: ControlPlaneClient,
  options: ListDigestsOptions = {},
): Promise<DigestList> {
  const action = "list digests";
  const query = {
    start_time: toTimestamp("startTime", options.startTime, action),
    end_time: toTimestamp("endTime", options.endTime, action),
    limit: toLimit(options.limit, action),
    cursor: options.cursor,
  };
  return await invoke(
    client,
    "listDigests",
    (base) => sdk.listDigests({ ...base, query }),
    options,
    { schema: vListDigestsResponse },
  );
}

/** Every digest in a time range, across pages. */
export async function listAllDigests(
  client: ControlPlaneClient,
  options: ListDigestsOptions = {},
): Promise<Digest[]> {
  const out: Digest[] = [];
  const pages = paginate(options.cursor, async (cursor) => {
    const page = await listDigests(client, { ...options, cursor, limit: options.limit ?? 1000 });
    return { items: page.digests, next: page.next_cursor };
  });
  for await (const digest of pages) out.push(digest);
  return out;
}

/**
 * Downloads one signed digest, exactly as signed plus its `signature`.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param digestId The digest id.
 * @param options Signal, timeout, request id.
 * @returns The digest.
 * @throws {KeeptrustsNotFoundError} when there is no such digest.
 *
 * @example Where a digest is stored
 * ```ts
 * import { createControlPlaneClient, downloadDigest } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const digest = await downloadDigest(client, "dig_000001");
 * console.log(digest.storage_key, digest.kid);
 * ```
 */
export async function downloadDigest(
  client: ControlPlaneClient,
  digestId: string,
  options: CallOptions = {},
): Promise<Digest> {
  const id = toPathId("digestId", digestId, "download digest");
  return await invoke(
    client,
    "getDigest",
    (base) => sdk.getDigest({ ...base, path: { digest_id: id } }),
    options,
  );
}

/**
 * Lists every signing key ever used (a JWK set), active and retired, with validity windows.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, request id.
 * @returns `{ keys }`.
 *
 * @example Key history
 * ```ts
 * import { createControlPlaneClient, listPublicKeys } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { keys } = await listPublicKeys(client);
 * console.log(keys.map((k) => `${k.kid} ${k.status}`));
 * ```
 */
export async function listPublicKeys(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<PublicKeySet> {
  return await invoke(client, "listPublicKeys", (base) => sdk.listPublicKeys(base), options);
}

/** Options of {@linkcode getPublicKey}. */
export interface GetPublicKeyOptions extends CallOptions {
  /** Key id; the active key when omitted. */
  kid?: string;
}

/**
 * Gets one signing key as a JWK: the one named by `kid`, or the active one.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options `kid`, signal, timeout, request id.
 * @returns The key.
 * @throws {KeeptrustsNotFoundError} when there is no such key.
 *
 * @example The active key
 * ```ts
 * import { createControlPlaneClient, getPublicKey } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const key = await getPublicKey(client);
 * console.log(key.kid, key.status); // e.g. "key_0002" "active"
 * ```
 */
export async function getPublicKey(
  client: ControlPlaneClient,
  options: GetPublicKeyOptions = {},
): Promise<PublicKey> {
  const kid = toPathId("kid", options.kid ?? "current", "get public key");
  return await invoke(
    client,
    "getPublicKey",
    (base) => sdk.getPublicKey({ ...base, path: { kid } }),
    options,
  );
}
