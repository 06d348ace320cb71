/**
 * The in-process stand-in: a Keeptrusts double with no port, reached through its own `fetch`.
 *
 * @module
 */
import { buildStandIn, register } from "./_stand_in.ts";
import type {
  StandInFaults,
  StandInLies,
  StandInOptions,
  StandInTokens,
} from "./stand_in_options.ts";

/**
 * The origin of an in-process stand-in (a `.localhost` name: never sent to a network). Its `fetch`
 * answers requests to this origin and refuses any other.
 *
 * @example The in-process stand-in's URLs
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStandIn, IN_PROCESS_URL } from "@keeptrusts/client/testing";
 *
 * const standIn = createStandIn();
 * assert.equal(standIn.url, IN_PROCESS_URL);
 * assert.equal(standIn.gatewayUrl, `${IN_PROCESS_URL}/v1`);
 * const health = await standIn.fetch(`${IN_PROCESS_URL}/health`);
 * assert.equal((await health.json()).status, "healthy");
 * ```
 */
export const IN_PROCESS_URL = "http://stand-in.localhost";

/** A stand-in for Keeptrusts (gateway and control plane) that tests can talk to. */
export interface StandIn {
  /** Control-plane base URL (no `/v1`): `baseUrl` of `createControlPlaneClient`. */
  readonly url: string;
  /** Gateway base URL (`url` + `/v1`): `baseUrl` of `createGatewayClient`. */
  readonly gatewayUrl: string;
  /** A `fetch` that reaches this stand-in: pass it as the `fetch` option of the SDK's factories. */
  readonly fetch: typeof fetch;
  /** Its bearer tokens (fixtures of a test server, not secrets). */
  readonly tokens: StandInTokens;
  /**
   * Its first signing key's fingerprint (`sha256:` + hex SHA-256 of the SPKI DER): the pin to
   * trust.
   */
  readonly fingerprint: string;
  /**
   * Replaces the faults it injects (e.g. the next two requests answer 503).
   *
   * @param faults The new faults; `{}` stops injecting.
   * @throws {TypeError} When a setting is unknown or out of range.
   */
  setFaults(faults: StandInFaults): void;
  /**
   * Replaces the lying modes in force: the stand-in then serves a history a careful verifier must
   * reject (test your auditor against each attack).
   *
   * @param lies The new lies; `{}` makes it honest again.
   * @throws {TypeError} When a setting is unknown or has the wrong type.
   * @throws {RangeError} When a lie names a record that is not a decision record of the trail.
   */
  setLies(lies: StandInLies): void;
}

/**
 * Creates a stand-in in this process: real policies, decision events, spend, a hash-chained trail
 * with signed tree heads and proofs, all in memory and deterministic from the seed; no port, no
 * network. Hand its `fetch` to the SDK's factories.
 *
 * @param options Seed, clock, seeded history, digest interval, key rotation, tokens, policies,
 *   faults, CORS.
 * @returns The handle.
 * @throws {TypeError} When an option is unknown or has the wrong type.
 *
 * @example Test code that calls the gateway, without a network
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStandIn } from "@keeptrusts/client/testing";
 * import { createGatewayClient } from "@keeptrusts/client/gateway";
 *
 * const standIn = createStandIn();
 * const gateway = createGatewayClient({
 *   baseUrl: standIn.gatewayUrl,
 *   apiKey: standIn.tokens.admin,
 *   agentId: "agent-under-test",
 *   fetch: standIn.fetch,
 * });
 * const completion = await gateway.chat.completions.create({
 *   model: "gpt-4o-mini",
 *   messages: [{ role: "user", content: "Write to jane@example.com" }],
 * });
 * assert.equal(completion.choices[0].message.content, "Echo: Write to [REDACTED_EMAIL]");
 * ```
 *
 * @example A retry test: the next request is refused with 429 and `Retry-After`
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStandIn } from "@keeptrusts/client/testing";
 *
 * const standIn = createStandIn({ faults: { count: 1, status: 429, retryAfter: 2 } });
 * const whoami = () =>
 *   standIn.fetch(`${standIn.url}/v1/whoami`, {
 *     headers: { authorization: `Bearer ${standIn.tokens.read}` },
 *   });
 * const refused = await whoami();
 * assert.equal(refused.status, 429);
 * assert.equal(refused.headers.get("retry-after"), "2");
 * assert.equal((await whoami()).status, 200);
 * ```
 *
 * @example An auditor's test: the server rewrites history and re-signs it under the same key
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStandIn } from "@keeptrusts/client/testing";
 *
 * const standIn = createStandIn({ seedEvents: 16 });
 * const latest = () =>
 *   standIn.fetch(`${standIn.url}/v1/trail/digests/latest`, {
 *     headers: { authorization: `Bearer ${standIn.tokens.read}` },
 *   }).then((r) => r.json());
 * const checkpoint = await latest(); // what your auditor stored last time
 * standIn.setLies({ rewriteRecord: 3 });
 * const forged = await latest();
 * assert.equal(forged.tree_size, checkpoint.tree_size);
 * assert.equal(forged.kid, checkpoint.kid);
 * assert.notEqual(forged.root_hash, checkpoint.root_hash); // your auditor must report a split view
 * ```
 */
export function createStandIn(options: StandInOptions = {}): StandIn {
  const parts = buildStandIn("create stand-in", options);
  const origin = new URL(IN_PROCESS_URL).origin;
  const standInFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request: Request;
    try {
      request = new Request(input, init);
    } catch (err) {
      return Promise.reject(err);
    }
    if (new URL(request.url).origin !== origin) {
      return Promise.reject(
        new TypeError(`This stand-in's fetch only reaches ${IN_PROCESS_URL}, not another origin`),
      );
    }
    return Promise.resolve(parts.app.fetch(request));
  };
  return register({
    url: IN_PROCESS_URL,
    gatewayUrl: `${IN_PROCESS_URL}/v1`,
    fetch: standInFetch as typeof fetch,
    tokens: parts.tokens,
    fingerprint: parts.fingerprint,
    setFaults: parts.setFaults,
    setLies: parts.setLies,
  }, parts);
}
