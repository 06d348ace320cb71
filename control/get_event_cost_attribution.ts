/**
 * `getEventCostAttribution`: the spend of one decision event, whichever documented field variant
 * carries it.
 *
 * @module
 */
import { decimalToNumber, formatDecimal } from "./_money.ts";
import { exactAmount, exactTotalCost } from "./_views.ts";
import { rawOf } from "./raw_of.ts";
import type { Event } from "./types.ts";

/** Spend of one request, normalised across the field variants the platform's docs use. */
export interface EventSpend {
  /**
   * Total cost in USD (`total_cost_usd`, else `total_cost`, else the flat `cost_usd` or `cost`,
   * else 0), as the nearest number. For display; to add costs up exactly use
   * {@linkcode summarizeSpend} (or {@linkcode EventSpend.total_cost_usd_decimal} with a decimal
   * library), never `+=` on this number.
   */
  readonly total_cost_usd: number;
  /**
   * The same total as exact decimal text, as the server stated it (`"0.0042"`, `"0.00001935"`):
   * what to store, compare or add up with decimal arithmetic.
   */
  readonly total_cost_usd_decimal: string;
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

type Json = Record<string, unknown>;

const count = (v: unknown): number | null =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : null;
const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads the spend of a decision event, whichever variant of the cost fields it carries
 * (`event_cost_attribution.total_cost_usd` or `.total_cost`, a flat `cost_usd` or `cost`, money as
 * a JSON number or a decimal string, and `source_spend_log_id` inside the attribution or at the
 * top level). Amounts are read from the event exactly as the server sent it (`rawOf`), so
 * `total_cost_usd_decimal` is exact. Pure; an event without cost data reports zero, as the
 * platform does when no price is known.
 *
 * To add costs up, use {@linkcode summarizeSpend} (exact totals, by agent, model, day or a key of
 * your own): summing `total_cost_usd` with `+` picks up binary float noise
 * (`0.000019350000000000003`).
 *
 * @param event An event from `listEvents`, `iterateEvents` or `getEvent`, or a plain object in
 * one of the platform's documented shapes.
 * @returns The normalised spend.
 * @throws {TypeError} when `event` is not an object, or a cost field is not an amount.
 *
 * @example Older and newer field names read the same, decimal strings exactly
 * ```ts
 * import assert from "node:assert/strict";
 * import { getEventCostAttribution } from "@keeptrusts/client/control";
 *
 * const spend = getEventCostAttribution({
 *   source_spend_log_id: "spl_1",
 *   event_cost_attribution: { total_cost: "0.00001935" },
 * });
 * assert.equal(spend.total_cost_usd, 0.00001935);
 * assert.equal(spend.total_cost_usd_decimal, "0.00001935");
 * assert.equal(spend.source_spend_log_id, "spl_1");
 * ```
 */
export function getEventCostAttribution(
  event: Event | Readonly<Record<string, unknown>>,
): EventSpend {
  if (!isObject(event)) {
    throw new TypeError("Cannot read cost attribution: event must be an object");
  }
  const e = rawOf(event) as Json;
  const a = isObject(e.event_cost_attribution) ? e.event_cost_attribution : {};
  const total = exactTotalCost(event);
  const part = (field: string) => {
    const d = exactAmount(a[field], `event_cost_attribution.${field}`);
    return d === null ? null : decimalToNumber(d);
  };
  return {
    total_cost_usd: decimalToNumber(total),
    total_cost_usd_decimal: formatDecimal(total),
    input_cost_usd: part("input_cost_usd"),
    output_cost_usd: part("output_cost_usd"),
    currency: text(a.currency) ?? "USD",
    source_spend_log_id: text(a.source_spend_log_id) ?? text(e.source_spend_log_id),
    cost_source: text(a.cost_source),
    settled: typeof a.settled === "boolean" ? a.settled : null,
    input_tokens: count(e.input_tokens),
    output_tokens: count(e.output_tokens),
  };
}
