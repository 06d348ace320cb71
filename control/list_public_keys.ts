/**
 * `listPublicKeys`: every signing key the trail has used.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { PublicKeySet } from "./types.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Lists every signing key ever used (a JWK set), active and retired, with validity windows.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, request id.
 * @returns `{ keys }`.
 *
 * @example Key history
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, listPublicKeys } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { keys } = await listPublicKeys(client);
 * assert.equal(keys.filter((k) => k.status === "active").length, 1);
 * assert.ok(keys.every((k) => k.status === "active" || k.not_after !== null)); // retired keys have an end
 * ```
 */
export async function listPublicKeys(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<PublicKeySet> {
  return await invoke(client, "listPublicKeys", (base) => sdk.listPublicKeys(base), options);
}
