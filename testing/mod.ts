/**
 * `@keeptrusts/client/testing`: the Keeptrusts stand-in for your own tests. A real double of the
 * gateway and the control plane: policies that block and redact, decision events with token counts
 * and cost, a hash-chained trail with Merkle tree heads signed by rotating Ed25519 keys, inclusion
 * and consistency proofs, tokens with scopes, the platform's error envelope, fault injection and
 * CORS. In memory, deterministic from a seed, in this process ({@linkcode createStandIn}: hand its
 * `fetch` to the SDK's factories) or on a loopback port ({@linkcode startStandIn}). It has its own
 * implementation of the evidence format: it never imports the library it stands in for.
 *
 * @example Test your code against the stand-in, in process
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStandIn } from "@keeptrusts/client/testing";
 * import { createControlPlaneClient, getEvent, listEvents } from "@keeptrusts/client/control";
 *
 * const standIn = createStandIn({ seedEvents: 20 });
 * const client = createControlPlaneClient({
 *   baseUrl: standIn.url,
 *   bearerToken: standIn.tokens.read,
 *   fetch: standIn.fetch,
 * });
 * const { events } = await listEvents(client, { verdict: "block" });
 * assert.ok(events.length > 0);
 * const detail = await getEvent(client, events[0].event_id);
 * assert.equal(detail.reason_code, "prompt_injection_detected");
 * ```
 *
 * @module
 */
export { createStandIn, IN_PROCESS_URL, type StandIn } from "./create_stand_in.ts";
export { type RunningStandIn, startStandIn, type StartStandInOptions } from "./start_stand_in.ts";
export type {
  StandInFaults,
  StandInLies,
  StandInOptions,
  StandInPolicies,
  StandInTokens,
} from "./stand_in_options.ts";
