/**
 * Automation helpers: service accounts, API tokens and token rotation plans.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { ServiceAccount, Token, TokenList } from "../generated/types.gen.ts";
import { newRequestId } from "../_shared.ts";
import { type CallOptions, invoke, toLimit, toPathId } from "./_internal.ts";
import { type ControlPlaneClient, createControlPlaneClient } from "./client.ts";
import { maskToken, Secret, tokenFingerprint } from "./secret.ts";

const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;
const SCOPE = /^[a-z_]+:[a-z_*]+$/;

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
 * ```ts ignore
 * import { bootstrapServiceAccount, createControlPlaneClient } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient({ baseUrl: "http://127.0.0.1:8787", bearerToken: "kt_demo_admin_token" });
 * const { service_account, token } = await bootstrapServiceAccount("sdk-rollout", ["events:read", "agents:write"], { client });
 * console.log(service_account.name, `${token}`); // "sdk-rollout" "[redacted]"
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
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new TypeError(`Cannot ${action}: scopes must be a non-empty array`);
  }
  const seen = new Set<string>();
  for (const [i, scope] of scopes.entries()) {
    if (typeof scope !== "string" || !SCOPE.test(scope)) {
      throw new TypeError(`Cannot ${action}: scopes[${i}] is not a resource:action scope`);
    }
    if (seen.has(scope)) throw new TypeError(`Cannot ${action}: scopes[${i}] repeats ${scope}`);
    seen.add(scope);
  }
  const idempotencyKey = options.idempotencyKey ?? newRequestId();
  if (
    typeof idempotencyKey !== "string" || idempotencyKey.length === 0 || idempotencyKey.length > 256
  ) {
    throw new TypeError(`Cannot ${action}: idempotencyKey must be 1-256 characters`);
  }
  const client = options.client ?? createControlPlaneClient();
  const created = await invoke(
    client,
    "createServiceAccount",
    (base) => sdk.createServiceAccount({ ...base, body: { name, scopes: [...scopes] } }),
    options,
    { idempotencyKey },
  );
  return { service_account: created.service_account, token: new Secret(created.token) };
}

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
 * ```ts ignore
 * import { createControlPlaneClient, listTokens } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient({ baseUrl: "http://127.0.0.1:8787", bearerToken: "kt_demo_admin_token" });
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
 * ```ts ignore
 * import { createControlPlaneClient, revokeToken } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient({ baseUrl: "http://127.0.0.1:8787", bearerToken: "kt_demo_admin_token" });
 * const token = await revokeToken(client, "tok_abc123");
 * console.log(token.revoked_at !== null);
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
 * ```ts ignore
 * import { createControlPlaneClient, createToken } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient({ baseUrl: "http://127.0.0.1:8787", bearerToken: "kt_demo_admin_token" });
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

/** One token to rotate. */
export interface TokenRotationEntry {
  /** Environment variable that holds the token, e.g. `KEEPTRUSTS_API_TOKEN`. */
  envVar: string;
  /** The token in use now. */
  currentToken: string;
  /** The token that replaces it. */
  nextToken: string;
}

/** One step of a rotation plan. Tokens appear only masked and fingerprinted. */
export interface TokenRotationStep {
  /** 1-based position in the plan. */
  readonly order: number;
  /** `stage` the next token beside the current one, `verify` it with whoami, `switch` the variable to it, `revoke` the old one. */
  readonly action: "stage" | "verify" | "switch" | "revoke";
  /** The environment variable concerned. */
  readonly envVar: string;
  /** Masked token the step acts on. */
  readonly token: string;
  /** Fingerprint of that token. */
  readonly fingerprint: string;
  /** What to do, in words. */
  readonly description: string;
}

/** A token rotation plan. */
export interface TokenRotationPlan {
  /** Steps in order: every token is staged and verified before any is switched, and switched before any is revoked. */
  readonly steps: readonly TokenRotationStep[];
  /** Per variable, the fingerprints of the current and next tokens. */
  readonly entries: readonly {
    readonly envVar: string;
    readonly current: { readonly masked: string; readonly fingerprint: string };
    readonly next: { readonly masked: string; readonly fingerprint: string };
  }[];
}

const ENV_VAR = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Builds an ordered, printable rotation plan: stage every next token, verify each with `whoami`,
 * switch every variable, then revoke the old tokens (revocation is immediate on the platform, so it
 * comes last). Pure: nothing is sent. Tokens appear only masked and fingerprinted.
 *
 * @param entries The variables to rotate, each with its current and next token.
 * @returns The plan.
 * @throws {TypeError} for an empty list, a malformed variable name, an empty token, a next token
 * equal to the current one, or a variable or token that appears twice. Messages name the entry,
 * never a token.
 *
 * @example Plan a rotation
 * ```ts
 * import { buildTokenRotationPlan } from "@keeptrusts/client/control";
 *
 * const plan = buildTokenRotationPlan([
 *   { envVar: "KEEPTRUSTS_API_TOKEN", currentToken: "kt_live_old_0123456789", nextToken: "kt_live_new_9876543210" },
 * ]);
 * console.log(plan.steps.map((s) => s.action)); // ["stage", "verify", "switch", "revoke"]
 * console.log(plan.steps[0].token); // "****3210"
 * ```
 */
export function buildTokenRotationPlan(entries: readonly TokenRotationEntry[]): TokenRotationPlan {
  const action = "build token rotation plan";
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new TypeError(`Cannot ${action}: entries must be a non-empty array`);
  }
  const vars = new Set<string>();
  const tokens = new Map<string, string>();
  const checked = entries.map((entry, i) => {
    const where = `entries[${i}]`;
    if (typeof entry !== "object" || entry === null) {
      throw new TypeError(`Cannot ${action}: ${where} must be an object`);
    }
    const { envVar, currentToken, nextToken } = entry;
    if (typeof envVar !== "string" || !ENV_VAR.test(envVar)) {
      throw new TypeError(
        `Cannot ${action}: ${where}.envVar must be an upper-case environment variable name`,
      );
    }
    for (
      const [field, value] of [["currentToken", currentToken], ["nextToken", nextToken]] as const
    ) {
      if (typeof value !== "string" || value.trim() === "") {
        throw new TypeError(`Cannot ${action}: ${where}.${field} (${envVar}) is empty`);
      }
    }
    if (currentToken === nextToken) {
      throw new TypeError(
        `Cannot ${action}: ${where}.nextToken (${envVar}) is the same as currentToken`,
      );
    }
    if (vars.has(envVar)) {
      throw new TypeError(`Cannot ${action}: ${where}.envVar ${envVar} appears twice`);
    }
    vars.add(envVar);
    for (
      const [field, value] of [["currentToken", currentToken], ["nextToken", nextToken]] as const
    ) {
      const other = tokens.get(value);
      if (other !== undefined) {
        throw new TypeError(
          `Cannot ${action}: ${where}.${field} (${envVar}) is also used by ${other}`,
        );
      }
      tokens.set(value, envVar);
    }
    return {
      envVar,
      current: { masked: maskToken(currentToken), fingerprint: tokenFingerprint(currentToken) },
      next: { masked: maskToken(nextToken), fingerprint: tokenFingerprint(nextToken) },
    };
  });
  const steps: TokenRotationStep[] = [];
  const add = (
    actionName: TokenRotationStep["action"],
    e: (typeof checked)[number],
    which: "current" | "next",
    description: string,
  ) =>
    steps.push({
      order: steps.length + 1,
      action: actionName,
      envVar: e.envVar,
      token: e[which].masked,
      fingerprint: e[which].fingerprint,
      description,
    });
  for (const e of checked) {
    add(
      "stage",
      e,
      "next",
      `Store the next token for ${e.envVar} in the secret store beside the current one.`,
    );
  }
  for (const e of checked) {
    add(
      "verify",
      e,
      "next",
      `Call whoami with the next token for ${e.envVar}; stop if it fails or lacks a scope.`,
    );
  }
  for (const e of checked) {
    add(
      "switch",
      e,
      "next",
      `Point ${e.envVar} at the next token and restart or reload its consumers.`,
    );
  }
  for (const e of checked) {
    add(
      "revoke",
      e,
      "current",
      `Revoke the previous token of ${e.envVar} (immediate, no grace period).`,
    );
  }
  return { steps, entries: checked };
}
