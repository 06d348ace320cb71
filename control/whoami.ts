/**
 * `whoami`: what the client's token is.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { WHOAMI_RULE } from "./_rules.ts";
import type { WhoAmI } from "./types.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Describes the client's token: principal, organisation, purpose and scopes. A cheap way to check
 * a token works before relying on it (a rotation plan's "verify" step).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, request id.
 * @returns The token's identity.
 * @throws {KeeptrustsAuthenticationError} when the token is unknown, expired or revoked.
 * @throws {KeeptrustsValidationError} when the answer has no list of scopes.
 *
 * @example Check a token's scopes
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, whoami } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const me = await whoami(client);
 * assert.ok(me.scopes.includes("events:read"));
 * ```
 */
export async function whoami(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<WhoAmI> {
  checkOptions(options, CALL_KEYS, "call whoami");
  return await invoke(client, "whoami", (base) => sdk.whoami(base), options, {
    read: (data) => readOne<WhoAmI>(data, WHOAMI_RULE),
  });
}
