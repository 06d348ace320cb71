/**
 * `summarizeSpend`: exact spend totals of decision events, overall and by agent, model, day or a
 * key of your own.
 *
 * @module
 */
import { addDecimal, type Decimal, decimalToNumber, formatDecimal, ZERO } from "./_money.ts";
import { checkOptions } from "./_options.ts";
import { TIMESTAMP } from "./_shapes.ts";
import { exactTotalCost } from "./_views.ts";
import { rawOf } from "./raw_of.ts";
import type { Event } from "./types.ts";

/** How {@linkcode summarizeSpend} groups events. */
export interface SummarizeSpendOptions {
  /**
   * `agent` (`agent_id`), `model`, `day` (the UTC date of `created_at`, `YYYY-MM-DD`), or a
   * function returning each event's group key (`null` for none). Without it, only the total.
   */
  by?: "agent" | "model" | "day" | ((event: Event) => string | null);
}

/** Spend of one group of events. */
export interface SpendGroup {
  /** The group's key; null for events without one (no agent id, no model). */
  readonly key: string | null;
  /** How many events. */
  readonly events: number;
  /** Exact total in USD, as the nearest number (prints without float noise). */
  readonly total_cost_usd: number;
  /** Exact total in USD as decimal text. */
  readonly total_cost_usd_decimal: string;
  /** Input tokens. */
  readonly input_tokens: number;
  /** Output tokens. */
  readonly output_tokens: number;
}

/** Spend of a set of events: the total, and each group's. */
export interface SpendSummary extends SpendGroup {
  /** The grouping asked for (`custom` for a function). */
  readonly by: "agent" | "model" | "day" | "custom" | null;
  /** Each group, ordered by key (null last); empty without `by`. */
  readonly groups: readonly SpendGroup[];
}

type Json = Record<string, unknown>;

interface Tally {
  events: number;
  cost: Decimal;
  input: number;
  output: number;
}

const ACTION = "summarize spend";
const tokens = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : 0);

/** The UTC date of an RFC 3339 time, `YYYY-MM-DD` (a time without a zone is read as UTC). */
function utcDay(value: unknown): string | null {
  if (typeof value !== "string" || !TIMESTAMP.test(value)) return null;
  const zone = /([+-])(\d\d):?(\d\d)$/.exec(value.slice(16));
  const [y, mo, d, h, mi] = value.match(/\d+/g)!.slice(0, 5).map(Number);
  const offset = zone === null ? 0 : (zone[1] === "-" ? -1 : 1) * (+zone[2] * 60 + +zone[3]);
  return new Date(Date.UTC(y, mo - 1, d, h, mi - offset)).toISOString().slice(0, 10);
}

function keyFor(event: Event, by: SummarizeSpendOptions["by"]): string | null {
  const raw = rawOf(event) as Json;
  const view = event as unknown as Json;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  switch (by) {
    case "agent":
      return text(view.agent_id);
    case "model":
      return text(view.model);
    case "day":
      return utcDay(view.created_at ?? raw.timestamp);
    default: {
      const key = (by as (e: Event) => unknown)(event);
      if (key !== null && typeof key !== "string") {
        throw new TypeError(`Cannot ${ACTION}: the by function must return a string or null`);
      }
      return key;
    }
  }
}

function checkBy(options: SummarizeSpendOptions | undefined): SummarizeSpendOptions["by"] {
  const { by } = checkOptions(options, ["by"], ACTION);
  if (by === undefined || typeof by === "function" || ["agent", "model", "day"].includes(by)) {
    return by;
  }
  throw new TypeError(`Cannot ${ACTION}: by must be "agent", "model", "day" or a function`);
}

/** Collects events into tallies; call `add` per event, then `done`. */
function summarizer(by: SummarizeSpendOptions["by"]) {
  const total: Tally = { events: 0, cost: ZERO, input: 0, output: 0 };
  const groups = new Map<string | null, Tally>();
  const tally = (t: Tally, cost: Decimal, e: Json) => {
    t.events++;
    t.cost = addDecimal(t.cost, cost);
    t.input += tokens(e.input_tokens);
    t.output += tokens(e.output_tokens);
  };
  const group = (key: string | null, t: Tally): SpendGroup => ({
    key,
    events: t.events,
    total_cost_usd: decimalToNumber(t.cost),
    total_cost_usd_decimal: formatDecimal(t.cost),
    input_tokens: t.input,
    output_tokens: t.output,
  });
  return {
    add(event: Event): void {
      if (typeof event !== "object" || event === null) {
        throw new TypeError(`Cannot ${ACTION}: every event must be an object`);
      }
      const cost = exactTotalCost(event);
      tally(total, cost, event as unknown as Json);
      if (by === undefined) return;
      const key = keyFor(event, by);
      let t = groups.get(key);
      if (t === undefined) groups.set(key, t = { events: 0, cost: ZERO, input: 0, output: 0 });
      tally(t, cost, event as unknown as Json);
    },
    done(): SpendSummary {
      const keys = [...groups.keys()].sort((a, b) =>
        a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0
      );
      return {
        by: by === undefined ? null : typeof by === "function" ? "custom" : by,
        ...group(null, total),
        groups: keys.map((k) => group(k, groups.get(k)!)),
      };
    },
  };
}

/**
 * Adds up the spend of decision events exactly: amounts are read as decimals from what the server
 * sent (a JSON number or a decimal string) and summed without rounding, so `0.1 + 0.2` spend is
 * `0.3`, and no total shows float noise such as `0.000019350000000000003`. Takes an array (or any
 * iterable) and returns the summary, or an async iterable such as `iterateEvents(...)` and returns
 * a promise of it, holding only the running totals.
 *
 * @param events Events from `listEvents`, `iterateEvents` or `getEvent`, or plain objects in one of
 * the platform's documented shapes.
 * @param options `by`: `agent`, `model`, `day` or a function of the event.
 * @returns The total and each group's: event count, cost (a number and exact decimal text), tokens.
 * @throws {TypeError} for an unknown option, an event that is not an object, or a cost field that
 * is not an amount.
 *
 * @example Spend by agent, exactly
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarizeSpend } from "@keeptrusts/client/control";
 *
 * const events = [
 *   { agent_id: "agent-a", event_cost_attribution: { total_cost_usd: 0.1 } },
 *   { agent_id: "agent-a", event_cost_attribution: { total_cost_usd: 0.2 } },
 *   { agent_id: "agent-b", cost_usd: "0.00001935" },
 * ];
 * const spend = summarizeSpend(events, { by: "agent" });
 * assert.equal(spend.groups[0].total_cost_usd, 0.3); // not 0.30000000000000004
 * assert.equal(spend.total_cost_usd_decimal, "0.30001935");
 * ```
 *
 * @example All of one agent's spend, one page in memory at a time
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, iterateEvents, summarizeSpend } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const events = iterateEvents(client, { agentId: "agent-finance-assistant", since: "7d" });
 * const spend = await summarizeSpend(events, { by: "day" });
 * assert.ok(spend.events > 0);
 * assert.equal(spend.groups.reduce((n, g) => n + g.events, 0), spend.events);
 * ```
 */
export function summarizeSpend(
  events: Iterable<Event | Readonly<Record<string, unknown>>>,
  options?: SummarizeSpendOptions,
): SpendSummary;
/**
 * Adds up the spend of the events an async iterable yields (such as `iterateEvents(...)`), exactly,
 * holding only the running totals.
 *
 * @param events An async iterable of events.
 * @param options `by`: `agent`, `model`, `day` or a function of the event.
 * @returns A promise of the summary.
 * @throws {TypeError} as the synchronous form; the promise rejects with it.
 *
 * @example Spend by model of the last day
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, iterateEvents, summarizeSpend } from "@keeptrusts/client/control";
 *
 * const spend = await summarizeSpend(iterateEvents(createControlPlaneClient(), { since: "24h" }), {
 *   by: "model",
 * });
 * assert.equal(spend.by, "model");
 * ```
 */
export function summarizeSpend(
  events: AsyncIterable<Event | Readonly<Record<string, unknown>>>,
  options?: SummarizeSpendOptions,
): Promise<SpendSummary>;
export function summarizeSpend(
  events:
    | Iterable<Event | Readonly<Record<string, unknown>>>
    | AsyncIterable<Event | Readonly<Record<string, unknown>>>,
  options?: SummarizeSpendOptions,
): SpendSummary | Promise<SpendSummary> {
  const s = summarizer(checkBy(options));
  const it = events as Partial<Iterable<Event> & AsyncIterable<Event>> | null;
  if (typeof it?.[Symbol.iterator] === "function") {
    for (const e of it as Iterable<Event>) s.add(e);
    return s.done();
  }
  if (typeof it?.[Symbol.asyncIterator] === "function") {
    return (async () => {
      for await (const e of it as AsyncIterable<Event>) s.add(e);
      return s.done();
    })();
  }
  throw new TypeError(`Cannot ${ACTION}: events must be an iterable or an async iterable`);
}
