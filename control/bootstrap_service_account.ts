/**
 * `bootstrapServiceAccount`: a machine principal with its one-time token.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { ServiceAccount } from "../generated/types.gen.ts";
import { toIdempotencyKey, toScopes } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, callOptionsOf, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { SERVICE_ACCOUNT_CREATED_RULE } from "./_rules.ts";
import type { CallOptions } from "./call_options.ts";
import { type ControlPlaneClient, createControlPlaneClient } from "./control_plane_client.ts";
import { Secret } from "./secret.ts";

const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Options of {@linkcode bootstrapServiceAccount}. */
export interface BootstrapServiceAccountOptions extends CallOptions {
  /**
   * The client to use.
   * @default {createControlPlaneClient() from KEEPTRUSTS_API_URL and KEEPTRUSTS_API_TOKEN}
   */
  client?: ControlPlaneClient;
  /**
   * Idempotency key: a repeated key returns the first result instead of creating a second account.
   * A fresh one per call when omitted (the call's own retries reuse it).
   */
  idempotencyKey?: string;
}

/** A created service account and its one-time token. */
export interface BootstrappedServiceAccount {
  /** The account. */
  readonly service_account: ServiceAccount;
  /** Its token, shown once: `token.reveal()` gives the value; it prints as `[redacted]`. */
  readonly token: Secret;
}

/**
 * Creates a service account (`purpose=integration`) with the given scopes and returns it with its
 * one-time token. The request carries an idempotency key, so it is retried safely on 429/5xx and
 * dropped connections without creating a second account.
 *
 * @param name 2 to 63 lowercase letters, digits and dashes, starting with a letter or digit.
 * @param scopes `resource:action` scopes, at least one, no duplicates.
 * @param options The client, idempotency key, signal and timeout.
 * @returns The account and its token wrapped in a {@linkcode Secret}.
 * @throws {TypeError} when the name or a scope is malformed (nothing is sent).
 * @throws {KeeptrustsApiError} when the server refuses (403 without `service_accounts:write`, 409
 * when the name is taken).
 *
 * @example Bootstrap a rollout account
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootstrapServiceAccount, createControlPlaneClient, whoami } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { service_account, token } = await bootstrapServiceAccount("sdk-rollout", ["events:read", "agents:write"], {
 *   client,
 *   idempotencyKey: "sdk-rollout-v1", // running this again returns the same account
 * });
 * assert.equal(service_account.name, "sdk-rollout");
 * assert.equal(`${token}`, "[redacted]"); // token.reveal() gives the value, for your secret store
 * const me = await whoami(createControlPlaneClient({ bearerToken: token.reveal() }));
 * assert.deepEqual(me.scopes, ["events:read", "agents:write"]);
 * ```
 */
export async function bootstrapServiceAccount(
  name: string,
  scopes: readonly string[],
  options: BootstrapServiceAccountOptions = {},
): Promise<BootstrappedServiceAccount> {
  const action = "bootstrap service account";
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new TypeError(`Cannot ${action}: name must be 2-63 lowercase letters, digits or dashes`);
  }
  checkOptions(options, [...CALL_KEYS, "client", "idempotencyKey"], action);
  const checkedScopes = toScopes(scopes, action);
  const idempotencyKey = toIdempotencyKey(options.idempotencyKey, action);
  const client = options.client ?? createControlPlaneClient();
  const created = await invoke(
    client,
    "createServiceAccount",
    (base) => sdk.createServiceAccount({ ...base, body: { name, scopes: checkedScopes } }),
    callOptionsOf(options),
    {
      idempotencyKey,
      read: (data) =>
        readOne<{ service_account: ServiceAccount; token: string }>(
          data,
          SERVICE_ACCOUNT_CREATED_RULE,
        ),
    },
  );
  return { service_account: created.service_account, token: new Secret(created.token) };
}
