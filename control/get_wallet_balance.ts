/**
 * `getWalletBalance`: wallet balance views (not per-request spend).
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { WalletBalance } from "../generated/types.gen.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Wallet balances visible to the client's token. Balance views only: per-request spend comes from
 * decision events (`getEventCostAttribution`).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, request id.
 * @returns The balances.
 *
 * @example Remaining organisation balance
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getWalletBalance } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { wallets } = await getWalletBalance(client);
 * assert.equal(wallets[0].scope, "organization");
 * assert.ok(wallets[0].balance < (wallets[0].total_allocated ?? Infinity));
 * ```
 */
export async function getWalletBalance(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<WalletBalance> {
  return await invoke(client, "getWalletBalance", (base) => sdk.getWalletBalance(base), options);
}
