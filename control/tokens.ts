/**
 * API tokens: list, create (secret shown once), revoke.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { Token, TokenList } from "../generated/types.gen.ts";
import { type CallOptions, invoke, SCOPE, toLimit, toPathId } from "./_internal.ts";
import type { ControlPlaneClient } from "./client.ts";
import { Secret } from "./secret.ts";

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
 * @example Gateway keys of the organisation
 * ```ts
 * import { createControlPlaneClient, listTokens } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { tokens } = await listTokens(client, { type: "gateway" });
 * console.log(tokens.map((t) => t.token_id));
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

/**
 * Revokes an API token immediately (the last step of a rotation).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param tokenId The token id (`tok_...`), not the secret.
 * @param options Signal, timeout, request id.
 * @returns The revoked token's metadata.
 * @throws {KeeptrustsNotFoundError} when there is no such token.
 *
 * @example Revoke a leaked token
 * ```ts
 * import { createControlPlaneClient, createToken, revokeToken } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { token: leaked } = await createToken(client, { name: "leaked", scopes: ["events:read"] });
 * const token = await revokeToken(client, leaked.token_id);
 * console.log(token.revoked_at !== null); // true
 * ```
 */
export async function revokeToken(
  client: ControlPlaneClient,
  tokenId: string,
  options: CallOptions = {},
): Promise<Token> {
  const id = toPathId("tokenId", tokenId, "revoke token");
  return await invoke(
    client,
    "revokeToken",
    (base) => sdk.revokeToken({ ...base, path: { token_id: id } }),
    options,
  );
}

/** What {@linkcode createToken} creates. */
export interface CreateTokenOptions extends CallOptions {
  /** Display name, 1 to 128 characters. */
  name: string;
  /** `resource:action` scopes. */
  scopes: readonly string[];
  /** `access` (default) or `gateway`. */
  tokenType?: string;
  /** ABAC purpose: `general`, `gateway_runtime` or `integration`. */
  purpose?: string;
  /** Lifetime in days (1 to 3650); no expiry when omitted. */
  expiresInDays?: number;
  /**
   * Idempotency key. Without one the request is not idempotent and is never retried (a retry could
   * mint a second token); pass one to make retries safe.
   */
  idempotencyKey?: string;
}

/** A created token and its one-time secret. */
export interface CreatedToken {
  /** The token's metadata. */
  readonly token: Token;
  /** The secret, shown once; prints as `[redacted]`. */
  readonly secret: Secret;
}

/**
 * Creates an API token. The secret is returned once, wrapped in a {@linkcode Secret}.
 *
 * @param client A client from `createControlPlaneClient()` with `tokens:write`.
 * @param options Name, scopes, type, purpose, lifetime, idempotency key.
 * @returns The token's metadata and its secret.
 * @throws {TypeError} when the name or a scope is malformed (nothing is sent).
 *
 * @example Mint the next token of a rotation
 * ```ts
 * import { createControlPlaneClient, createToken } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { token, secret } = await createToken(client, { name: "ci-next", scopes: ["events:read"], expiresInDays: 90 });
 * console.log(token.token_id, secret.fingerprint);
 * ```
 */
export async function createToken(
  client: ControlPlaneClient,
  options: CreateTokenOptions,
): Promise<CreatedToken> {
  const action = "create token";
  if (typeof options?.name !== "string" || options.name.length === 0 || options.name.length > 128) {
    throw new TypeError(`Cannot ${action}: name must be 1-128 characters`);
  }
  if (
    !Array.isArray(options.scopes) ||
    !options.scopes.every((s) => typeof s === "string" && SCOPE.test(s))
  ) {
    throw new TypeError(`Cannot ${action}: scopes must be resource:action strings`);
  }
  const body = {
    name: options.name,
    scopes: [...options.scopes],
    token_type: options.tokenType,
    purpose: options.purpose,
    expires_in_days: options.expiresInDays,
  };
  const created = await invoke(
    client,
    "createToken",
    (base) => sdk.createToken({ ...base, body }),
    options,
    options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey },
  );
  return { token: created.token, secret: new Secret(created.secret) };
}
