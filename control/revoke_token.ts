/**
 * `revokeToken`: revoke an API token immediately.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { toPathId } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { TOKEN_RULE } from "./_rules.ts";
import type { Token } from "./types.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Revokes an API token immediately (the last step of a rotation).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param tokenId The token id (`tok_...`), not the secret.
 * @param options Signal, timeout, request id.
 * @returns The revoked token's metadata (only its `token_id` when the server answers
 * `204 No Content`).
 * @throws {KeeptrustsNotFoundError} when there is no such token.
 *
 * @example Revoke a leaked token
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, createToken, revokeToken, whoami } from "@keeptrusts/client/control";
 *
 * const admin = createControlPlaneClient();
 * const { token, secret } = await createToken(admin, { name: "leaked", scopes: ["events:read"] });
 * const revoked = await revokeToken(admin, token.token_id);
 * assert.notEqual(revoked.revoked_at, null);
 * await assert.rejects(whoami(createControlPlaneClient({ bearerToken: secret.reveal() })), {
 *   name: "KeeptrustsAuthenticationError",
 * });
 * ```
 */
export async function revokeToken(
  client: ControlPlaneClient,
  tokenId: string,
  options: CallOptions = {},
): Promise<Token> {
  const action = "revoke token";
  checkOptions(options, CALL_KEYS, action);
  const id = toPathId("tokenId", tokenId, action);
  return await invoke(
    client,
    "revokeToken",
    (base) => sdk.revokeToken({ ...base, path: { token_id: id } }),
    options,
    {
      // A DELETE may answer 204 No Content: the token is revoked, and its id is all there is.
      expect: "json_or_empty",
      read: (data) => (data === undefined ? { token_id: id } : readOne<Token>(data, TOKEN_RULE)),
    },
  );
}
