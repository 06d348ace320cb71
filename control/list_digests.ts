/**
 * `listDigests`: the signed digests of the trail, one page or (privately) all of them.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { Digest, DigestList } from "./types.ts";
import { vListDigestsResponse } from "../generated/valibot.gen.ts";
import { toLimit, toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { paginate } from "./_paginate.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

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
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, listDigests } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { digests } = await listDigests(client, { startTime: new Date(Date.now() - 86_400_000), endTime: new Date() });
 * for (let i = 1; i < digests.length; i++) {
 *   assert.equal(digests[i].first_seq, digests[i - 1].last_seq + 1); // contiguous, no gap
 *   assert.equal(digests[i].prev_digest_id, digests[i - 1].digest_id);
 * }
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
