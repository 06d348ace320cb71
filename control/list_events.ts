/**
 * `listEvents` and `iterateEvents`: decision events, one page or all of them.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import { toLimit, toTimestamp } from "./_args.ts";
import { invoke } from "./_invoke.ts";
import { CALL_KEYS, callOptionsOf, checkOptions } from "./_options.ts";
import { paginate } from "./_paginate.ts";
import { readPage } from "./_read.ts";
import { EVENT_RULE } from "./_rules.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import type { Event, EventList, InvalidItem } from "./types.ts";

/** Filters and paging of {@linkcode listEvents} and {@linkcode iterateEvents}. */
export interface ListEventsOptions extends CallOptions {
  /**
   * Events created at or after this time: a `Date`, an RFC 3339 date-time, a date
   * (`2026-05-31`), or a duration before now as the CLI writes it (`5m`, `1h`, `24h`, `7d`).
   */
  since?: Date | string;
  /** Events created before this time (the same forms as `since`). */
  until?: Date | string;
  /** Only this agent's events. */
  agentId?: string;
  /** Only the events of this governed request (its `x-request-id`). */
  requestId?: string;
  /** Only events with this verdict (`allow`, `block`, `redact`, `escalate`). */
  verdict?: string;
  /**
   * Page size: a positive integer; the server decides the largest it serves and may send fewer.
   * @default {the server's (50 on the platform's CLI)}
   */
  limit?: number;
  /** Cursor from a previous page's `next_cursor`. */
  cursor?: string;
  /**
   * Called with each event that could not be read (a field of the wrong type, no id); the rest of
   * its page is read as usual. Without it, `listEvents` reports such events in the page's
   * `skipped`, and `iterateEvents` throws a `KeeptrustsValidationError` (code `invalid_items`)
   * after yielding every readable event, so that a sum never silently misses one.
   */
  onInvalidItem?: (item: InvalidItem) => void;
}

const KEYS = [
  ...CALL_KEYS,
  "since",
  "until",
  "agentId",
  "requestId",
  "verdict",
  "limit",
  "cursor",
  "onInvalidItem",
];

function eventsQuery(options: ListEventsOptions, action: string) {
  checkOptions(options, KEYS, action);
  const { agentId, requestId, verdict, cursor, onInvalidItem } = options;
  for (
    const [field, value] of [
      ["agentId", agentId],
      ["requestId", requestId],
      ["verdict", verdict],
      ["cursor", cursor],
    ] as const
  ) {
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) {
      throw new TypeError(`Cannot ${action}: ${field} must be a non-empty string`);
    }
  }
  if (onInvalidItem !== undefined && typeof onInvalidItem !== "function") {
    throw new TypeError(`Cannot ${action}: onInvalidItem must be a function`);
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

type Query = ReturnType<typeof eventsQuery>;

function fetchEventPage(
  client: ControlPlaneClient,
  query: Query,
  options: ListEventsOptions,
): Promise<EventList> {
  return invoke(
    client,
    "listEvents",
    (base) => sdk.listEvents({ ...base, query }),
    callOptionsOf(options),
    {
      read: (data, requestId): EventList => {
        const page = readPage<Event>(data, "events", EVENT_RULE, "listEvents", requestId);
        return { events: page.items, next_cursor: page.next, skipped: page.skipped };
      },
    },
  );
}

/**
 * Lists one page of decision events, oldest first, read into the SDK's view whichever documented
 * spelling the server used (`id` or `event_id`, `timestamp` or `created_at`, `decision`,
 * `policy_outcome` or `verdict`, money as numbers or decimal strings).
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Filters (`since`, `until`, `agentId`, `requestId`, `verdict`), `limit`, `cursor`,
 * `onInvalidItem`, and the call options.
 * @returns `{ events, next_cursor, skipped }`: `next_cursor` is null on the last page (also when
 * the server sends none); `skipped` lists the events that could not be read (usually none).
 * @throws {TypeError} when a filter or an option key is wrong (nothing is sent).
 * @throws {RangeError} when `limit` or `timeout` is out of range.
 * @throws {KeeptrustsApiError} when the server refuses (401, 403, ...).
 * @throws {KeeptrustsValidationError} when the answer is not a page (`events` not a list).
 * @throws {KeeptrustsResponseError} when the answer is too large, not JSON or cut off.
 *
 * @example The last hour of one agent's events, and their exact spend
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, listEvents, summarizeSpend } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const page = await listEvents(client, { since: "1h", agentId: "agent-finance-assistant" });
 * assert.deepEqual(page.skipped, []);
 * for (const event of page.events) assert.equal(event.agent_id, "agent-finance-assistant");
 * const { total_cost_usd_decimal } = summarizeSpend(page.events);
 * assert.match(total_cost_usd_decimal, /^\d+(\.\d+)?$/);
 * ```
 */
export async function listEvents(
  client: ControlPlaneClient,
  options: ListEventsOptions = {},
): Promise<EventList> {
  const query = eventsQuery(options, "list events");
  const page = await fetchEventPage(client, query, options);
  if (options.onInvalidItem) { for (const item of page.skipped) options.onInvalidItem(item); }
  return page;
}

/**
 * Iterates over every matching event across all pages, oldest first, holding one page in memory at a
 * time. Each page is fetched with the client's retries and the call's timeout; `signal` stops the
 * iteration. A cursor that comes back is refused. An event that cannot be read goes to
 * `onInvalidItem`; without it the iteration yields every readable event and then throws a
 * `KeeptrustsValidationError` (code `invalid_items`) naming the others, so that a total is never
 * silently short.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options The filters of {@linkcode listEvents}; `limit` is the page size.
 * @returns An async iterator of events.
 * @throws {TypeError} when a filter or an option key is wrong (before the first request).
 * @throws {KeeptrustsResponseError} (code `cursor_loop`) when the server repeats a cursor.
 * @throws {KeeptrustsValidationError} (code `invalid_items`) after the last event, when events
 * were skipped and no `onInvalidItem` took them.
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
  return paginate(
    query.cursor,
    async (cursor) => {
      const page = await fetchEventPage(client, { ...query, cursor }, options);
      return { items: page.events, next: page.next_cursor, skipped: page.skipped };
    },
    { operation: "listEvents", key: "events", onInvalidItem: options.onInvalidItem },
  );
}
