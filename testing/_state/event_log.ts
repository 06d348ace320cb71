/**
 * The stand-in's decision events, in the order they happened: the seeded ones derived from their
 * index, the live ones stored; with the filters of `GET /v1/events` (a request id or a start time
 * goes straight to its place; other filters scan).
 *
 * @module
 */
import { parseMicros } from "./clock.ts";
import type { DecisionEvent } from "./records.ts";
import type { SeededHistory } from "./seeded_history.ts";

/** Filters of `GET /v1/events` (times in microseconds since the epoch). */
export interface EventFilter {
  agentId?: string;
  requestId?: string;
  verdict?: string;
  since?: number;
  until?: number;
}

/** A page of events and the index to continue from (null on the last page). */
export interface EventPage {
  events: DecisionEvent[];
  next: number | null;
}

function matches(e: DecisionEvent, f: EventFilter): boolean {
  if (f.agentId !== undefined && e.agent_id !== f.agentId) return false;
  if (f.requestId !== undefined && e.request_id !== f.requestId) return false;
  return f.verdict === undefined || e.verdict === f.verdict;
}

/** Every decision event of one stand-in. */
export class EventLog {
  readonly #live: DecisionEvent[] = [];
  readonly #byId = new Map<string, DecisionEvent>();
  readonly #byRequest = new Map<string, number[]>();
  #seeded: SeededHistory | null = null;
  #seededCost: number | undefined;

  /** Number of events. */
  get size(): number {
    return (this.#seeded?.count ?? 0) + this.#live.length;
  }

  /** Starts the log with seeded decisions (before any live one). */
  seed(history: SeededHistory): void {
    if (this.size > 0) throw new RangeError("an event log is seeded before its first event");
    this.#seeded = history;
  }

  /** Records a live event. */
  add(event: DecisionEvent): void {
    const index = this.size;
    this.#live.push(event);
    this.#byId.set(event.event_id, event);
    const same = this.#byRequest.get(event.request_id);
    if (same) same.push(index);
    else this.#byRequest.set(event.request_id, [index]);
  }

  /** Event `i` (0-based, in order). */
  at(i: number): DecisionEvent {
    const seeded = this.#seeded?.count ?? 0;
    return i < seeded ? this.#seeded!.event(i) : this.#live[i - seeded];
  }

  /** The event with this id, if any. */
  get(eventId: string): DecisionEvent | undefined {
    const live = this.#byId.get(eventId);
    if (live) return live;
    const i = this.#seeded?.indexOfEventId(eventId) ?? -1;
    return i < 0 ? undefined : this.#seeded!.event(i);
  }

  /** Microseconds of event `i`'s `created_at`. */
  micros(i: number): number {
    const seeded = this.#seeded?.count ?? 0;
    return i < seeded ? this.#seeded!.micros(i) : parseMicros(this.#live[i - seeded].created_at);
  }

  /** The first index whose event was created at or after `us`. */
  firstAtOrAfter(us: number): number {
    let [lo, hi] = [0, this.size];
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.micros(mid) < us) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Up to `limit` events matching the filter, from index `start` on. */
  page(filter: EventFilter, start: number, limit: number): EventPage {
    if (filter.requestId !== undefined) return this.#byRequestId(filter, start, limit);
    const events: DecisionEvent[] = [];
    let i = filter.since === undefined ? start : Math.max(start, this.firstAtOrAfter(filter.since));
    const end = filter.until === undefined ? this.size : this.firstAtOrAfter(filter.until);
    for (; i < end && events.length < limit; i++) {
      const e = this.at(i);
      if (matches(e, filter)) events.push(e);
    }
    return { events, next: i < end ? i : null };
  }

  /** The few events of one request id: seeded (by its number) and live (by the index). */
  #byRequestId(filter: EventFilter, start: number, limit: number): EventPage {
    const seededIndex = this.#seeded?.indexOfRequestId(filter.requestId!) ?? -1;
    const indexes = [
      ...(seededIndex >= 0 ? [seededIndex] : []),
      ...(this.#byRequest.get(filter.requestId!) ?? []),
    ];
    const events: DecisionEvent[] = [];
    let k = indexes.findIndex((i) => i >= start);
    if (k < 0) k = indexes.length;
    for (; k < indexes.length && events.length < limit; k++) {
      const e = this.at(indexes[k]);
      const t = this.micros(indexes[k]);
      const inWindow = (filter.since === undefined || t >= filter.since) &&
        (filter.until === undefined || t < filter.until);
      if (inWindow && matches(e, filter)) events.push(e);
    }
    return { events, next: k < indexes.length ? indexes[k] : null };
  }

  /** Total `cost_usd` of every event (the seeded part summed once, per request shape). */
  totalCost(): number {
    this.#seededCost ??= this.#seeded?.totalCost() ?? 0;
    return this.#live.reduce(
      (sum, e) => sum + e.event_cost_attribution.total_cost_usd,
      this.#seededCost,
    );
  }

  /** Every event, oldest first (materialised: for tests and small logs only). */
  get all(): DecisionEvent[] {
    return Array.from({ length: this.size }, (_, i) => this.at(i));
  }
}
