/**
 * `getPublicKey`: one signing key, by id or the active one.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { PublicKey } from "./types.ts";
import { toPathId } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

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
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getPublicKey, listPublicKeys } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const key = await getPublicKey(client);
 * assert.equal(key.status, "active");
 * assert.equal(key.crv, "Ed25519");
 * const { keys } = await listPublicKeys(client);
 * assert.deepEqual(keys.find((k) => k.status === "active"), key);
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
