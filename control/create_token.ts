/**
 * `createToken`: mint an API token; its secret is returned once, wrapped in a `Secret`.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { toIdempotencyKey, toScopes } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { TOKEN_CREATED_RULE } from "./_rules.ts";
import type { Token } from "./types.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { Secret } from "./secret.ts";

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
   * Idempotency key: a repeated key returns the first result instead of minting a second token. A
   * fresh one per call when omitted (the call's own retries reuse it).
   */
  idempotencyKey?: string;
}

const KEYS = [
  ...CALL_KEYS,
  "name",
  "scopes",
  "tokenType",
  "purpose",
  "expiresInDays",
  "idempotencyKey",
];

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
 * @throws {TypeError} when the name, a scope or an option key is wrong (nothing is sent).
 * @throws {KeeptrustsValidationError} when the answer has no token id or secret.
 *
 * @example Mint the next token of a rotation
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, createToken } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { token, secret } = await createToken(client, { name: "ci-next", scopes: ["events:read"], expiresInDays: 90 });
 * assert.match(token.token_id, /^tok_/);
 * assert.match(secret.fingerprint, /^sha256:[0-9a-f]{16}$/);
 * assert.equal(JSON.stringify({ secret }), '{"secret":"[redacted]"}');
 * ```
 */
export async function createToken(
  client: ControlPlaneClient,
  options: CreateTokenOptions,
): Promise<CreatedToken> {
  const action = "create token";
  if (options === undefined) throw new TypeError(`Cannot ${action}: options are required`);
  checkOptions(options, KEYS, action);
  for (const field of ["tokenType", "purpose"] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      throw new TypeError(`Cannot ${action}: ${field} must be a non-empty string`);
    }
  }
  const days = options.expiresInDays;
  if (days !== undefined && (typeof days !== "number" || !Number.isInteger(days) || days < 1)) {
    throw new RangeError(`Cannot ${action}: expiresInDays must be a positive integer`);
  }
  if (typeof options?.name !== "string" || options.name.length === 0 || options.name.length > 128) {
    throw new TypeError(`Cannot ${action}: name must be 1-128 characters`);
  }
  const scopes = toScopes(options.scopes, action);
  const idempotencyKey = toIdempotencyKey(options.idempotencyKey, action);
  const body = {
    name: options.name,
    scopes,
    token_type: options.tokenType,
    purpose: options.purpose,
    expires_in_days: options.expiresInDays,
  };
  const created = await invoke(
    client,
    "createToken",
    (base) => sdk.createToken({ ...base, body }),
    options,
    {
      idempotencyKey,
      read: (data) => readOne<{ token: Token; secret: string }>(data, TOKEN_CREATED_RULE),
    },
  );
  return { token: created.token, secret: new Secret(created.secret) };
}
