/**
 * `ControlPlaneClient`: a configured connection to the control plane, and its factory.
 *
 * @module
 */
import { type Client, createClient, createConfig } from "../generated/client/index.ts";
import { normalizeBaseUrl } from "../_shared/base_url.ts";
import { readEnv } from "../_shared/env.ts";
import { assertSecret } from "../_shared/header_values.ts";
import { isBrowserLike } from "../_shared/runtime.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import { register } from "./_registry.ts";
import { toTimeout } from "./_args.ts";
import { checkOptions } from "./_options.ts";

/** Default control-plane URL. */
export const DEFAULT_API_URL = "https://api.keeptrusts.com";

/** Options of {@linkcode createControlPlaneClient}. */
export interface ControlPlaneClientOptions {
  /**
   * Control-plane base URL (no `/v1`).
   * @default {process.env.KEEPTRUSTS_API_URL ?? "https://api.keeptrusts.com"}
   */
  baseUrl?: string;
  /**
   * Control-plane bearer token. Kept out of errors, logs and inspection.
   * @default {process.env.KEEPTRUSTS_API_TOKEN}
   */
  bearerToken?: string;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof fetch;
  /**
   * Time limit of each call, retries and reading the answer included, in milliseconds, at most
   * 2^31 - 1 (about 24.8 days). Overridable per call.
   * @default {120000}
   */
  timeout?: number;
  /**
   * Retries of an idempotent call (GET, DELETE, or a POST with an idempotency key) on 408, 429,
   * 5xx and connection failures. Other POSTs are never retried.
   * @default {3}
   */
  maxRetries?: number;
  /**
   * First backoff step in milliseconds; attempt n waits a random time up to `retryBaseDelay * 2^n`
   * (full jitter), or what `Retry-After` asks.
   * @default {500}
   */
  retryBaseDelay?: number;
  /**
   * Longest wait between two attempts in milliseconds; also caps `Retry-After`.
   * @default {30000}
   */
  maxRetryDelay?: number;
  /**
   * Largest response body read, in bytes, counted while it streams: a larger answer stops there
   * with a `KeeptrustsResponseError` (code `too_large`), so a hostile or broken server cannot grow
   * memory past it. Evidence over long ranges is read page by page, each page within the limit.
   * @default {67108864 (64 MiB)}
   */
  maxResponseBytes?: number;
  /**
   * Lets the client start in a browser. Control-plane tokens read events, trail and spend of a
   * whole organisation; anyone who opens the page can read the token. Leave off.
   * @default {false}
   */
  dangerouslyAllowBrowser?: boolean;
}

const ACTION = "create control-plane client";
const OPTION_KEYS = [
  "baseUrl",
  "bearerToken",
  "fetch",
  "timeout",
  "maxRetries",
  "retryBaseDelay",
  "maxRetryDelay",
  "maxResponseBytes",
  "dangerouslyAllowBrowser",
];

/** Default of {@linkcode ControlPlaneClientOptions.maxResponseBytes}: 64 MiB. */
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

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

/**
 * A configured connection to the Keeptrusts control plane. Pass it to the helpers of this module
 * (`listEvents(client, ...)`, `verifyTrail(client, ...)`, ...). It holds its own instance of the
 * generated client and never shares state with another client. Its token cannot be read back:
 * inspecting, logging or serialising the client shows only the base URL.
 */
export class ControlPlaneClient {
  /** The control-plane base URL. */
  readonly baseUrl: string;

  /** Use {@linkcode createControlPlaneClient}. */
  constructor(options: ControlPlaneClientOptions = {}) {
    checkOptions(options, OPTION_KEYS, ACTION);
    if (isBrowserLike() && options.dangerouslyAllowBrowser !== true) {
      throw new KeeptrustsConfigurationError(
        "Cannot create control-plane client: it runs in trusted server code only, not in a browser " +
          "(its bearer token would be exposed). Call the control plane from your server, or set " +
          "dangerouslyAllowBrowser if you really must.",
      );
    }
    const baseUrl = normalizeBaseUrl(
      "baseUrl",
      options.baseUrl ?? readEnv("KEEPTRUSTS_API_URL") ?? DEFAULT_API_URL,
      ACTION,
    );
    const token = options.bearerToken ?? readEnv("KEEPTRUSTS_API_TOKEN");
    try {
      assertSecret("bearerToken", token, ACTION, "pass bearerToken or set KEEPTRUSTS_API_TOKEN");
    } catch (err) {
      throw new KeeptrustsConfigurationError((err as Error).message);
    }
    if (options.fetch !== undefined && typeof options.fetch !== "function") {
      throw new TypeError(`Cannot ${ACTION}: fetch must be a function`);
    }
    const fetchImpl = options.fetch ??
      ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    this.baseUrl = baseUrl;
    register(this, {
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
    });
  }

  /** A safe description: the base URL, never the token. */
  toJSON(): { baseUrl: string } {
    return { baseUrl: this.baseUrl };
  }

  /** A safe description: the base URL, never the token. */
  toString(): string {
    return `ControlPlaneClient(${this.baseUrl})`;
  }

  /** Node and Bun inspection: the base URL only. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Deno inspection: the base URL only. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * Creates a control-plane client. Options left out come from `KEEPTRUSTS_API_URL` and
 * `KEEPTRUSTS_API_TOKEN`.
 *
 * @param options Base URL, token and transport settings.
 * @returns The client to pass to the helpers of this module.
 * @throws {KeeptrustsConfigurationError} when no token is given or set, or when running in a
 * browser without `dangerouslyAllowBrowser`.
 * @throws {TypeError} when `baseUrl` is not an http(s) URL.
 * @throws {RangeError} when a numeric option is out of range.
 *
 * @example Connect to a regional control plane
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient({
 *   baseUrl: "https://api.eu.keeptrusts.com",
 *   bearerToken: "kt_live_0123456789abcdef",
 * });
 * assert.equal(String(client), "ControlPlaneClient(https://api.eu.keeptrusts.com)");
 * assert.ok(!JSON.stringify(client).includes("kt_live_"));
 * ```
 */
export function createControlPlaneClient(
  options: ControlPlaneClientOptions = {},
): ControlPlaneClient {
  return new ControlPlaneClient(options);
}

/**
 * The name the platform's TypeScript quickstart uses for the client class:
 * `new KeeptrustsControlPlane({ baseUrl, bearerToken })`. The same class as
 * {@linkcode ControlPlaneClient} (instances are interchangeable, `instanceof` holds both ways).
 *
 * @example As the platform's quickstart writes it
 * ```ts
 * import assert from "node:assert/strict";
 * import { ControlPlaneClient, KeeptrustsControlPlane, listEvents } from "@keeptrusts/client/control";
 *
 * const client = new KeeptrustsControlPlane({
 *   baseUrl: process.env.KEEPTRUSTS_API_URL,
 *   bearerToken: process.env.KEEPTRUSTS_API_TOKEN!,
 * });
 * assert.ok(client instanceof ControlPlaneClient);
 * const { events } = await listEvents(client, { since: "24h", limit: 5 });
 * assert.ok(events.length <= 5);
 * ```
 */
export const KeeptrustsControlPlane: typeof ControlPlaneClient = ControlPlaneClient;

/** The client class under the platform's documented name (see the value of the same name). */
export type KeeptrustsControlPlane = ControlPlaneClient;
