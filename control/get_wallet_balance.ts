/**
 * `getWalletBalance`: wallet balance views (not per-request spend).
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { WALLET_BALANCE_RULE } from "./_rules.ts";
import type { WalletBalance } from "./types.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Wallet balances visible to the client's token. Balance views only: per-request spend comes from
 * decision events (`getEventCostAttribution`). Amounts sent as decimal strings read as numbers;
 * `rawOf(balance)` keeps the text as sent.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, request id.
 * @returns The balances.
 * @throws {KeeptrustsValidationError} when a wallet lacks its id, scope or a readable balance.
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
  checkOptions(options, CALL_KEYS, "get wallet balance");
  return await invoke(client, "getWalletBalance", (base) => sdk.getWalletBalance(base), options, {
    read: (data) => readOne<WalletBalance>(data, WALLET_BALANCE_RULE),
  });
}
