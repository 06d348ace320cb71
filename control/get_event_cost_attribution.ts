/**
 * `getEventCostAttribution`: the spend of one decision event, whichever documented field variant
 * carries it.
 *
 * @module
 */
import type { CostAttribution, Event } from "../generated/types.gen.ts";

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
 * import assert from "node:assert/strict";
 * import { getEventCostAttribution } from "@keeptrusts/client/control";
 *
 * const spend = getEventCostAttribution({
 *   source_spend_log_id: "spl_1",
 *   event_cost_attribution: { total_cost: 0.0042 },
 * });
 * assert.equal(spend.total_cost_usd, 0.0042);
 * assert.equal(spend.source_spend_log_id, "spl_1");
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
