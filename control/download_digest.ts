/**
 * `downloadDigest`: one signed digest.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { Digest } from "./types.ts";
import { toPathId } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

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
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, downloadDigest, listDigests } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { digests } = await listDigests(client, { limit: 1 });
 * const digest = await downloadDigest(client, digests[0].digest_id);
 * assert.deepEqual(digest, digests[0]);
 * assert.equal(digest.first_seq, 1);
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
