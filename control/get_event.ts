/**
 * `getEvent`: one decision event in detail form.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { toPathId } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, checkOptions } from "./_options.ts";
import { readOne } from "./_read.ts";
import { EVENT_DETAIL_RULE } from "./_rules.ts";
import type { EventDetail } from "./types.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/**
 * Gets one decision event in detail form, with `citations` and `event_cost_attribution`, read
 * into the SDK's view (`event_id`, `created_at`, `verdict` whichever documented spelling the
 * server used; unknown fields kept). A trail record's `payload_hash` covers the document as sent:
 * hash `rawOf(event)`, which is the event itself whenever the server used the SDK's spelling.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param eventId The event id.
 * @param options Signal, timeout, request id.
 * @returns The event.
 * @throws {KeeptrustsNotFoundError} when there is no such event.
 * @throws {KeeptrustsValidationError} when the answer lacks what the SDK relies on (an id, a
 * time, a verdict; a field of the wrong type), naming the field.
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
  const action = "get event";
  checkOptions(options, CALL_KEYS, action);
  const id = toPathId("eventId", eventId, action);
  return await invoke(
    client,
    "getEvent",
    (base) => sdk.getEvent({ ...base, path: { event_id: id } }),
    options,
    { read: (data) => readOne<EventDetail>(data, EVENT_DETAIL_RULE) },
  );
}
