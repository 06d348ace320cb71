/**
 * The options of `createControlPlaneClient`, checked and resolved: the base URL and token from the
 * options, else the `env` record, else the environment; the transport's numbers; the generated
 * client instance of one client.
 *
 * @module
 */
import { type Client, createClient, createConfig } from "../generated/client/index.ts";
import { checkBaseUrlVersion, normalizeBaseUrl } from "../_shared/base_url.ts";
import { checkEnvOption, type EnvRecord, readEnv } from "../_shared/env.ts";
import { assertSecret } from "../_shared/header_values.ts";
import { isBrowserLike } from "../_shared/runtime.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import { toTimeout } from "./_args.ts";
import { checkOptions } from "./_options.ts";
import type { Internals } from "./_registry.ts";

/** Default control-plane URL. */
export const DEFAULT_API_URL = "https://api.keeptrusts.com";

/** Default of `maxResponseBytes`: 64 MiB. */
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const ACTION = "create control-plane client";

/** The option names of `createControlPlaneClient`. */
export const CLIENT_OPTION_KEYS = [
  "baseUrl",
  "bearerToken",
  "env",
  "fetch",
  "timeout",
  "maxRetries",
  "retryBaseDelay",
  "maxRetryDelay",
  "maxResponseBytes",
  "dangerouslyAllowBrowser",
];

/** The options as a plain record (the public interface documents them). */
interface Options {
  baseUrl?: unknown;
  bearerToken?: unknown;
  env?: unknown;
  fetch?: unknown;
  timeout?: unknown;
  maxRetries?: unknown;
  retryBaseDelay?: unknown;
  maxRetryDelay?: unknown;
  maxResponseBytes?: unknown;
  dangerouslyAllowBrowser?: unknown;
}

function count(field: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`Cannot ${ACTION}: ${field} must be an integer of at least ${min}`);
  }
  return value;
}

type Method = "get" | "post" | "put" | "patch" | "delete" | "head" | "options";

/**
 * The generated SDK functions pass their whole options object, `client` included, down to
 * `new Request(url, init)`; Deno reads `init.client` as a `Deno.HttpClient` and throws. This wrapper
 * drops the key before the generated client builds the request.
 */
function withoutClientOption(hey: Client): Client {
  const wrapped = { ...hey };
  for (const method of ["get", "post", "put", "patch", "delete", "head", "options"] as Method[]) {
    const original = hey[method];
    wrapped[method] = ((options: { client?: unknown }) => {
      const { client: _client, ...rest } = options;
      return original(rest as never);
    }) as never;
  }
  return wrapped;
}

/** The base URL: checked, without a trailing slash, and not ending in `/v1`. */
function baseUrlOf(options: Options, env: EnvRecord | undefined): string {
  const fromEnv = options.baseUrl === undefined ? readEnv("KEEPTRUSTS_API_URL", env) : undefined;
  const field = options.baseUrl !== undefined
    ? "baseUrl"
    : fromEnv !== undefined
    ? "KEEPTRUSTS_API_URL"
    : "the default URL";
  const url = normalizeBaseUrl(field, options.baseUrl ?? fromEnv ?? DEFAULT_API_URL, ACTION);
  checkBaseUrlVersion(field, url, ACTION, false);
  return url;
}

/** The bearer token, from the options or `KEEPTRUSTS_API_TOKEN`. */
function tokenOf(options: Options, env: EnvRecord | undefined): string {
  const token = options.bearerToken ?? readEnv("KEEPTRUSTS_API_TOKEN", env);
  try {
    assertSecret(
      "bearerToken",
      token,
      ACTION,
      env === undefined
        ? "pass bearerToken or set KEEPTRUSTS_API_TOKEN"
        : "pass bearerToken or set KEEPTRUSTS_API_TOKEN in env",
    );
  } catch (err) {
    throw new KeeptrustsConfigurationError((err as Error).message, { code: "missing_token" });
  }
  return token;
}

/**
 * Checks and resolves the options of a client.
 *
 * @throws {TypeError} for an unknown option key or a malformed value.
 * @throws {RangeError} for a number out of range.
 * @throws {KeeptrustsConfigurationError} with no token, a URL ending in `/v1`, a Deno refusal to
 * read the environment, or in a browser.
 */
export function resolveClientSettings(options: Options): Internals & { baseUrl: string } {
  checkOptions(options, CLIENT_OPTION_KEYS, ACTION);
  if (isBrowserLike() && options.dangerouslyAllowBrowser !== true) {
    throw new KeeptrustsConfigurationError(
      "Cannot create control-plane client: it runs in trusted server code only, not in a browser " +
        "(its bearer token would be exposed). Call the control plane from your server, or set " +
        "dangerouslyAllowBrowser if you really must.",
      { code: "browser" },
    );
  }
  const env = checkEnvOption(options.env, ACTION);
  let baseUrl: string;
  let token: string;
  try {
    baseUrl = baseUrlOf(options, env);
    token = tokenOf(options, env);
  } catch (err) {
    if ((err as KeeptrustsConfigurationError).code !== "env_denied") throw err;
    throw new KeeptrustsConfigurationError(
      `Cannot ${ACTION}: Deno denied access to the environment, so KEEPTRUSTS_API_URL and ` +
        "KEEPTRUSTS_API_TOKEN could not be read (they may well be set). Run with " +
        "--allow-env=KEEPTRUSTS_API_URL,KEEPTRUSTS_API_TOKEN, or pass baseUrl and bearerToken " +
        "(or the env option)",
      { code: "env_denied", cause: (err as Error).cause },
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new TypeError(`Cannot ${ACTION}: fetch must be a function`);
  }
  const fetchImpl = (options.fetch as typeof fetch | undefined) ??
    ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return {
    baseUrl,
    hey: withoutClientOption(createClient(createConfig({ baseUrl }))),
    timeoutMs: toTimeout("timeout", options.timeout, ACTION) ?? 120_000,
    settings: {
      token,
      fetch: fetchImpl,
      maxRetries: count("maxRetries", options.maxRetries, 3, 0),
      retryBaseDelay: toTimeout("retryBaseDelay", options.retryBaseDelay, ACTION, 0) ?? 500,
      maxRetryDelay: toTimeout("maxRetryDelay", options.maxRetryDelay, ACTION, 0) ?? 30_000,
      maxResponseBytes: count(
        "maxResponseBytes",
        options.maxResponseBytes,
        DEFAULT_MAX_RESPONSE_BYTES,
        1,
      ),
    },
  };
}
