/**
 * Decision events: verdicts, spend attribution and citations per request.
 *
 * @module
 */
import * as sdk from "../generated/sdk.gen.ts";
import type { CostAttribution, Event, EventDetail, EventList } from "../generated/types.gen.ts";
import { vListEventsResponse } from "../generated/valibot.gen.ts";
import { type CallOptions, invoke, paginate, toLimit, toPathId, toTimestamp } from "./_internal.ts";
import type { ControlPlaneClient } from "./client.ts";

/** Filters and paging of {@linkcode listEvents} and {@linkcode iterateEvents}. */
export interface ListEventsOptions {
  /** Events created at or after this time. */
  since?: Date | string;
  /** Events created before this time. */
  until?: Date | string;
  /** Only this agent's events. */
  agentId?: string;
  /** Only this request's events. */
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
  /** Aborts the call (an iteration stops at the next page). */
  signal?: AbortSignal;
  /** Time limit of each page request, retries included, in ms. @default {the client's timeout} */
  timeout?: number;
  /**
   * Request id sent as `x-request-id` with each page request (not a filter; the filter is
   * `requestId`). A fresh one per page when omitted.
   */
  callRequestId?: string;
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
  return { signal: options.signal, timeout: options.timeout, requestId: options.callRequestId };
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
 * import { createControlPlaneClient, getEventCostAttribution, listEvents } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const page = await listEvents(client, { since: "2026-05-31T00:00:00Z", agentId: "agent-finance-assistant" });
 * for (const event of page.events) {
 *   console.log(event.event_id, getEventCostAttribution(event).total_cost_usd);
 * }
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
 * import { createControlPlaneClient, iterateEvents } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * let blocked = 0;
 * for await (const event of iterateEvents(client, { verdict: "block", limit: 500 })) blocked++;
 * console.log(blocked);
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
 * import { createControlPlaneClient, getEvent, listEvents } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { events } = await listEvents(client, { verdict: "allow", limit: 1 });
 * const detail = await getEvent(client, events[0].event_id);
 * console.log(detail.citations.map((c) => c.source_reference.asset_title));
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

/** Spend of one request, normalised across the field variants the platform's docs use. */
export interface EventSpend {
  /** Total cost in USD (`total_cost_usd`, else `total_cost`, else the flat `cost_usd`, else 0). */
  readonly total_cost_usd: number;
  /** Input-token cost in USD, when known. */
  readonly input_cost_usd: number | null;
  /** Output-token cost in USD, when known. */
  readonly output_cost_usd: number | null;
  /** Billing currency (`USD` unless the event says otherwise). */
  readonly currency: string;
  /** Spend-ledger entry (inside `event_cost_attribution`, else the legacy top-level field). */
  readonly source_spend_log_id: string | null;
  /** `provider_reported`, `declared_pricing`, `zero`, or null when the event does not say. */
  readonly cost_source: string | null;
  /** Whether the cost is settled (true) or an estimate (false); null when not said. */
  readonly settled: boolean | null;
  /** Input tokens, when known. */
  readonly input_tokens: number | null;
  /** Output tokens, when known. */
  readonly output_tokens: number | null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/**
 * Reads the spend of a decision event, whichever variant of the cost fields it carries
 * (`event_cost_attribution.total_cost_usd` or `.total_cost`, a flat `cost_usd`, and
 * `source_spend_log_id` inside the attribution or at the top level). Pure; never throws on an event
 * without cost data (it reports zero, as the platform does when no price is known).
 *
 * @param event An event from `listEvents`, `iterateEvents` or `getEvent`.
 * @returns The normalised spend.
 *
 * @example Older and newer field names read the same
 * ```ts
 * import { getEventCostAttribution } from "@keeptrusts/client/control";
 *
 * const spend = getEventCostAttribution({
 *   source_spend_log_id: "spl_1",
 *   event_cost_attribution: { total_cost: 0.0042 },
 * });
 * console.log(spend.total_cost_usd, spend.source_spend_log_id); // 0.0042 "spl_1"
 * ```
 */
export function getEventCostAttribution(
  event:
    | Pick<
      Event,
      | "event_cost_attribution"
      | "cost_usd"
      | "source_spend_log_id"
      | "input_tokens"
      | "output_tokens"
    >
    | Record<string, unknown>,
): EventSpend {
  if (typeof event !== "object" || event === null) {
    throw new TypeError("Cannot read cost attribution: event must be an object");
  }
  const e = event as Record<string, unknown>;
  const a =
    (typeof e.event_cost_attribution === "object" && e.event_cost_attribution !== null
      ? e.event_cost_attribution
      : {}) as Partial<CostAttribution> & Record<string, unknown>;
  return {
    total_cost_usd: num(a.total_cost_usd) ?? num(a.total_cost) ?? num(e.cost_usd) ??
      num(e.total_cost_usd) ?? 0,
    input_cost_usd: num(a.input_cost_usd),
    output_cost_usd: num(a.output_cost_usd),
    currency: text(a.currency) ?? "USD",
    source_spend_log_id: text(a.source_spend_log_id) ?? text(e.source_spend_log_id),
    cost_source: text(a.cost_source),
    settled: typeof a.settled === "boolean" ? a.settled : null,
    input_tokens: num(e.input_tokens),
    output_tokens: num(e.output_tokens),
  };
}
