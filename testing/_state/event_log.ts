/**
 * The stand-in's decision events, in the order they happened, with the filters of
 * `GET /v1/events`.
 *
 * @module
 */
import { parseMicros } from "./clock.ts";
import type { DecisionEvent } from "./records.ts";

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
  if (f.verdict !== undefined && e.verdict !== f.verdict) return false;
  if (f.since === undefined && f.until === undefined) return true;
  const t = parseMicros(e.created_at);
  return !(f.since !== undefined && t < f.since) && !(f.until !== undefined && t >= f.until);
}

/** Every decision event of one stand-in. */
export class EventLog {
  /** Every event, oldest first (the live objects). */
  readonly all: DecisionEvent[] = [];
  readonly #byId = new Map<string, DecisionEvent>();

  /** Number of events. */
  get size(): number {
    return this.all.length;
  }

  /** Records an event. */
  add(event: DecisionEvent): void {
    this.all.push(event);
    this.#byId.set(event.event_id, event);
  }

  /** The event with this id, if any. */
  get(eventId: string): DecisionEvent | undefined {
    return this.#byId.get(eventId);
  }

  /** Up to `limit` events matching the filter, from index `start` on. */
  page(filter: EventFilter, start: number, limit: number): EventPage {
    const events: DecisionEvent[] = [];
    let i = start;
    for (; i < this.all.length && events.length < limit; i++) {
      if (matches(this.all[i], filter)) events.push(this.all[i]);
    }
    return { events, next: i < this.all.length ? i : null };
  }
}
