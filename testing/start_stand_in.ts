/**
 * The stand-in on a loopback port, served by the runtime's own server (Deno, Bun or Node).
 *
 * @module
 */
import { serveFetch } from "./_app/serve_fetch.ts";
import { buildStandIn, register } from "./_stand_in.ts";
import type { StandIn } from "./create_stand_in.ts";
import type { StandInOptions } from "./stand_in_options.ts";

/** Options of {@linkcode startStandIn}: the stand-in's, and where to listen. */
export interface StartStandInOptions extends StandInOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  hostname?: string;
}

/** A stand-in listening on a port. */
export interface RunningStandIn extends StandIn {
  /** The port it listens on. */
  readonly port: number;
  /**
   * Stops listening and closes open connections.
   *
   * @returns Once the server is closed.
   */
  close(): Promise<void>;
}

/**
 * Starts a stand-in on a loopback port, for code that must reach it over real HTTP (another
 * process, a browser page, an HTTP client that takes no `fetch`). Close it when done.
 *
 * @param options The stand-in's options, plus `port` (0: a free one) and `hostname`.
 * @returns The running stand-in, once it listens.
 * @throws {TypeError} When an option is unknown or has the wrong type.
 *
 * @example A control-plane test over real HTTP
 * ```ts
 * import assert from "node:assert/strict";
 * import { startStandIn } from "@keeptrusts/client/testing";
 * import { createControlPlaneClient, listEvents } from "@keeptrusts/client/control";
 *
 * const standIn = await startStandIn({ seedEvents: 12 });
 * try {
 *   const client = createControlPlaneClient({ baseUrl: standIn.url, bearerToken:
 * standIn.tokens.read });
 *   const { events } = await listEvents(client, { limit: 5 });
 *   assert.equal(events.length, 5);
 *   assert.match(standIn.url, /^http:\/\/127\.0\.0\.1:\d+$/);
 * } finally {
 *   await standIn.close();
 * }
 * ```
 */
export async function startStandIn(options: StartStandInOptions = {}): Promise<RunningStandIn> {
  const given =
    (typeof options === "object" && options !== null ? options : {}) as StartStandInOptions;
  const { port: wanted, hostname = "127.0.0.1" } = given;
  if (wanted !== undefined && !(Number.isInteger(wanted) && wanted >= 0 && wanted <= 65535)) {
    throw new TypeError("Cannot start stand-in: port must be an integer from 0 to 65535");
  }
  if (typeof hostname !== "string" || hostname === "") {
    throw new TypeError("Cannot start stand-in: hostname must be a non-empty string");
  }
  const parts = buildStandIn("start stand-in", options, ["port", "hostname"]);
  const served = await serveFetch(parts.app.fetch, { port: wanted, hostname });
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const url = `http://${host}:${served.port}`;
  return register({
    url,
    gatewayUrl: `${url}/v1`,
    port: served.port,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)) as typeof fetch,
    tokens: parts.tokens,
    fingerprint: parts.fingerprint,
    setFaults: parts.setFaults,
    setLies: parts.setLies,
    close: served.close,
  }, parts);
}
