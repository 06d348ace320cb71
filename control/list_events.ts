/**
 * `listEvents` and `iterateEvents`: decision events, one page or all of them.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { Event, EventList } from "../generated/types.gen.ts";
import { vListEventsResponse } from "../generated/valibot.gen.ts";
import { toLimit, toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { paginate } from "./_paginate.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";

/** Filters and paging of {@linkcode listEvents} and {@linkcode iterateEvents}. */
export interface ListEventsOptions extends CallOptions {
  /** Events created at or after this time. */
  since?: Date | string;
  /** Events created before this time. */
  until?: Date | string;
  /** Only this agent's events. */
  agentId?: string;
  /** Only the events of this governed request (its `x-request-id`). */
  requestId?: string;
  /** Only events with this verdict (`allow`, `block`, `redact`, `escalate`). */
  verdict?: string;
  /**
   * Page size, 1 to 1000.
   * @default {50}
   */
  limit?: number;
  /** Cursor from a previous page's `next_cursor`. */
  cursor?: string;
}

function eventsQuery(options: ListEventsOptions, action: string) {
  const { agentId, requestId, verdict, cursor } = options;
  for (
    const [field, value] of [["agentId", agentId], ["requestId", requestId], ["verdict", verdict], [
      "cursor",
      cursor,
    ]] as const
  ) {
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) {
      throw new TypeError(`Cannot ${action}: ${field} must be a non-empty string`);
    }
  }
  return {
    since: toTimestamp("since", options.since, action),
    until: toTimestamp("until", options.until, action),
    agent_id: agentId,
    request_id: requestId,
    verdict,
    limit: toLimit(options.limit, action),
    cursor,
  };
}

function callOptions(options: ListEventsOptions): CallOptions {
  return { signal: options.signal, timeout: options.timeout, callRequestId: options.callRequestId };
}

/**
 * Lists one page of decision events, oldest first.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Filters (`since`, `until`, `agentId`, `requestId`, `verdict`), `limit` and `cursor`.
 * @returns `{ events, next_cursor }`; `next_cursor` is null on the last page.
 * @throws {TypeError} when a filter is malformed (nothing is sent).
 * @throws {KeeptrustsApiError} when the server refuses (401, 403, ...).
 * @throws {KeeptrustsValidationError} when the response does not match the API schema.
 *
 * @example Spend of one agent today
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getEventCostAttribution, listEvents } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const page = await listEvents(client, { since: "2026-05-31T00:00:00Z", agentId: "agent-finance-assistant" });
 * let spend = 0;
 * for (const event of page.events) {
 *   assert.equal(event.agent_id, "agent-finance-assistant");
 *   spend += getEventCostAttribution(event).total_cost_usd;
 * }
 * assert.ok(spend >= 0);
 * ```
 */
export async function listEvents(
  client: ControlPlaneClient,
  options: ListEventsOptions = {},
): Promise<EventList> {
  const query = eventsQuery(options, "list events");
  return await invoke(
    client,
    "listEvents",
    (base) => sdk.listEvents({ ...base, query }),
    callOptions(options),
    { schema: vListEventsResponse },
  );
}

/**
 * Iterates over every matching event across all pages, oldest first, holding one page in memory at a
 * time. Each page is fetched with the client's retries and the call's timeout; `signal` stops the
 * iteration.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options The filters of {@linkcode listEvents}; `limit` is the page size.
 * @returns An async iterator of events.
 * @throws {TypeError} when a filter is malformed (before the first request).
 *
 * @example Count blocked requests
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, iterateEvents } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * let blocked = 0;
 * for await (const event of iterateEvents(client, { verdict: "block", limit: 500 })) {
 *   assert.equal(event.verdict, "block");
 *   blocked++;
 * }
 * assert.ok(blocked > 0);
 * ```
 */
export function iterateEvents(
  client: ControlPlaneClient,
  options: ListEventsOptions = {},
): AsyncIterableIterator<Event> {
  const query = eventsQuery(options, "iterate events");
  return paginate(query.cursor, async (cursor) => {
    const page: EventList = await invoke(
      client,
      "listEvents",
      (base) => sdk.listEvents({ ...base, query: { ...query, cursor } }),
      callOptions(options),
      { schema: vListEventsResponse },
    );
    return { items: page.events, next: page.next_cursor };
  });
}
