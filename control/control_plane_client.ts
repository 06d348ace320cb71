/**
 * `ControlPlaneClient`: a configured connection to the control plane, and its factory.
 *
 * @module
 */
import { DEFAULT_API_URL, resolveClientSettings } from "./_client_settings.ts";
import { register } from "./_registry.ts";

export { DEFAULT_API_URL };

/** Options of {@linkcode createControlPlaneClient}. */
export interface ControlPlaneClientOptions {
  /**
   * Control-plane base URL, without `/v1` (the SDK adds `/v1/...`; a URL ending in `/v1` is a
   * `KeeptrustsConfigurationError` with the URL to use).
   * @default {KEEPTRUSTS_API_URL, else "https://api.keeptrusts.com"}
   */
  baseUrl?: string;
  /**
   * Control-plane bearer token. Kept out of errors, logs and inspection.
   * @default {KEEPTRUSTS_API_TOKEN}
   */
  bearerToken?: string;
  /**
   * Where `KEEPTRUSTS_API_URL` and `KEEPTRUSTS_API_TOKEN` are read when `baseUrl` or `bearerToken`
   * is left out: a record such as a Cloudflare Worker's `env` (its bindings). When given, only this
   * record is read, never the process environment. Without it: `Deno.env` or `process.env`; when
   * Deno refuses to read them (no `--allow-env`), the error says so rather than calling a variable
   * that may well be set missing.
   * @default {the process environment}
   */
  env?: Readonly<Record<string, string | undefined>>;
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

/**
 * A configured connection to the Keeptrusts control plane. Pass it to the helpers of this module
 * (`listEvents(client, ...)`, `verifyTrail(client, ...)`, ...). It holds its own instance of the
 * generated client and never shares state with another client. Its token cannot be read back:
 * inspecting, logging or serialising the client shows only the base URL.
 */
export class ControlPlaneClient {
  /** The control-plane base URL. */
  readonly baseUrl: string;

  /**
   * Creates a client; the same as {@linkcode createControlPlaneClient} (also available as
   * `new KeeptrustsControlPlane(options)`, the platform's documented name).
   *
   * @param options Base URL, token and transport settings.
   */
  constructor(options: ControlPlaneClientOptions = {}) {
    const { baseUrl, ...internals } = resolveClientSettings(options);
    this.baseUrl = baseUrl;
    register(this, internals);
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
 * @throws {KeeptrustsConfigurationError} when no token is given or set (code `missing_token`),
 * the URL ends in `/v1` (code `base_url_version`, with the URL to use), Deno refuses to read the
 * environment (code `env_denied`), or in a browser without `dangerouslyAllowBrowser`.
 * @throws {TypeError} when an option key is unknown or `baseUrl` is not an http(s) URL.
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
 *
 * @example Configuration from a Worker's bindings, and the URL mistake caught up front
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient } from "@keeptrusts/client/control";
 *
 * const env = { KEEPTRUSTS_API_URL: "https://api.keeptrusts.com", KEEPTRUSTS_API_TOKEN: "kt_live_0123456789abcdef" };
 * assert.equal(createControlPlaneClient({ env }).baseUrl, "https://api.keeptrusts.com");
 * assert.throws(() => createControlPlaneClient({ env: { ...env, KEEPTRUSTS_API_URL: "https://api.keeptrusts.com/v1" } }), {
 *   name: "KeeptrustsConfigurationError",
 *   message: /ends in \/v1 .*use https:\/\/api\.keeptrusts\.com$/,
 * });
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
