/**
 * `listTokens`: API token metadata (never secrets).
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { TokenList } from "../generated/types.gen.ts";
import { toLimit } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Filters of {@linkcode listTokens}. */
export interface ListTokensOptions extends CallOptions {
  /** `access` or `gateway`. */
  type?: string;
  /** Page size, 1 to 1000. @default {50} */
  limit?: number;
  /** Cursor from a previous page. */
  cursor?: string;
}

/**
 * Lists API token metadata (never secrets).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Type filter, page size, cursor.
 * @returns `{ tokens, next_cursor }`.
 *
 * @example Access tokens of the organisation, secrets never included
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, listTokens } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { tokens } = await listTokens(client, { type: "access" });
 * assert.ok(tokens.length > 0);
 * assert.ok(tokens.every((t) => t.token_type === "access" && !("secret" in t)));
 * ```
 */
export async function listTokens(
  client: ControlPlaneClient,
  options: ListTokensOptions = {},
): Promise<TokenList> {
  const query = {
    type: options.type,
    limit: toLimit(options.limit, "list tokens"),
    cursor: options.cursor,
  };
  return await invoke(client, "listTokens", (base) => sdk.listTokens({ ...base, query }), options);
}
