/**
 * `getEvent`: one decision event in detail form.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { EventDetail } from "../generated/types.gen.ts";
import { toPathId } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Gets one decision event in detail form, with `citations` and `event_cost_attribution`. The
 * object is the server's document as sent (validated, unknown fields kept), which is what a trail
 * record's `payload_hash` covers.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param eventId The event id.
 * @param options Signal, timeout, request id.
 * @returns The event.
 * @throws {KeeptrustsNotFoundError} when there is no such event.
 *
 * @example Citations of a response
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getEvent, listEvents } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { events } = await listEvents(client, { verdict: "allow", limit: 1 });
 * const detail = await getEvent(client, events[0].event_id);
 * assert.equal(detail.event_id, events[0].event_id);
 * assert.ok(Array.isArray(detail.citations));
 * assert.equal(typeof detail.event_cost_attribution?.total_cost_usd, "number");
 * ```
 */
export async function getEvent(
  client: ControlPlaneClient,
  eventId: string,
  options: CallOptions = {},
): Promise<EventDetail> {
  const id = toPathId("eventId", eventId, "get event");
  return await invoke(
    client,
    "getEvent",
    (base) => sdk.getEvent({ ...base, path: { event_id: id } }),
    options,
  );
}
