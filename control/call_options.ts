/**
 * What every control-plane call accepts, and the request id a result was answered with.
 *
 * @module
 */

/** Options every control-plane call accepts. */
export interface CallOptions {
  /** Aborts the call (and its retries). The abort reason is rethrown. */
  signal?: AbortSignal;
  /**
   * The `x-request-id` of this control-plane call itself (for correlating with the server's logs).
   * A fresh UUID when omitted. Not a filter: `requestId` always names a governed request.
   */
  callRequestId?: string;
  /**
   * Time limit of the whole call, retries included, in milliseconds.
   * @default {the client's `timeout`}
   */
  timeout?: number;
}

const requestIds = new WeakMap<object, string>();

/**
 * The `x-request-id` the server answered a helper's result with (the one sent, unless the server
 * replaced it). `undefined` for objects that did not come from a control-plane call.
 *
 * @param result A value returned by a control-plane helper.
 * @returns The request id, or `undefined`.
 *
 * @example Correlate a read with the server's logs
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getEvent, listEvents, requestIdOf } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { events } = await listEvents(client, { limit: 1 });
 * const event = await getEvent(client, events[0].event_id, { callRequestId: "audit-2026-05-31" });
 * assert.equal(requestIdOf(event), "audit-2026-05-31");
 * ```
 */
export function requestIdOf(result: object): string | undefined {
  return requestIds.get(result);
}

/** Marks a result with its request id (internal: read back with {@linkcode requestIdOf}). */
export function tagRequestId<T extends object>(result: T, requestId: string): T {
  requestIds.set(result, requestId);
  return result;
}
