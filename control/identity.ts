/**
 * Token introspection.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { WhoAmI } from "../generated/types.gen.ts";
import { type CallOptions, invoke } from "./_internal.ts";
import type { ControlPlaneClient } from "./client.ts";

/**
 * Describes the client's token: principal, organisation, purpose and scopes. A cheap way to check
 * a token works before relying on it (a rotation plan's "verify" step).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, request id.
 * @returns The token's identity.
 * @throws {KeeptrustsAuthenticationError} when the token is unknown, expired or revoked.
 *
 * @example Check a token's scopes
 * ```ts
 * import { createControlPlaneClient, whoami } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const me = await whoami(client);
 * console.log(me.scopes.includes("events:read")); // true
 * ```
 */
export async function whoami(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<WhoAmI> {
  return await invoke(client, "whoami", (base) => sdk.whoami(base), options);
}
