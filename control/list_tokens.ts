/**
 * `listTokens`: API token metadata (never secrets).
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { toLimit } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, callOptionsOf, checkOptions } from "./_options.ts";
import { readPage } from "./_read.ts";
import { TOKEN_RULE } from "./_rules.ts";
import type { InvalidItem, Token, TokenList } from "./types.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Filters of {@linkcode listTokens}. */
export interface ListTokensOptions extends CallOptions {
  /** `access` or `gateway`. */
  type?: string;
  /** Page size: a positive integer; the server decides the largest it serves. */
  limit?: number;
  /** Cursor from a previous page. */
  cursor?: string;
  /** Called with each token of the page that could not be read (also listed in `skipped`). */
  onInvalidItem?: (item: InvalidItem) => void;
}

const KEYS = [...CALL_KEYS, "type", "limit", "cursor", "onInvalidItem"];

/**
 * Lists API token metadata (never secrets).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Type filter, page size, cursor.
 * @returns `{ tokens, next_cursor, skipped }`; `skipped` lists the tokens that could not be read.
 * @throws {TypeError} when an option is wrong (nothing is sent).
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
  const action = "list tokens";
  checkOptions(options, KEYS, action);
  for (const field of ["type", "cursor"] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      throw new TypeError(`Cannot ${action}: ${field} must be a non-empty string`);
    }
  }
  const query = {
    type: options.type,
    limit: toLimit(options.limit, action),
    cursor: options.cursor,
  };
  const call = callOptionsOf(options);
  const page = await invoke(
    client,
    "listTokens",
    (base) => sdk.listTokens({ ...base, query }),
    call,
    {
      read: (data, requestId): TokenList => {
        const read = readPage<Token>(data, "tokens", TOKEN_RULE, "listTokens", requestId);
        return { tokens: read.items, next_cursor: read.next, skipped: read.skipped };
      },
    },
  );
  if (options.onInvalidItem) { for (const item of page.skipped) options.onInvalidItem(item); }
  return page;
}
