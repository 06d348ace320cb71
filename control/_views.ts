/**
 * Normalised views of the platform's documented spellings. Each function returns a new object
 * (the raw one is never touched: it is what evidence hashes) with the SDK's field names filled in
 * from their documented variants and money read into numbers. Values that cannot be read are left
 * as they are, for the checks in `_shapes.ts` to name.
 *
 * @module
 */
import { type Decimal, decimalToNumber, parseDecimal, ZERO } from "./_money.ts";
import { rawOf } from "./raw_of.ts";

type Json = Record<string, unknown>;

/** `policy_outcome` and `decision` values, in `verdict`'s vocabulary. */
const VERDICT_OF: Readonly<Record<string, string>> = {
  allowed: "allow",
  blocked: "block",
  redacted: "redact",
  escalated: "escalate",
};

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A money value as a number when it reads as one (a number or a decimal string), else as is. */
function money(value: unknown): unknown {
  if (typeof value === "number") return value;
  const d = parseDecimal(value);
  return d === undefined ? value : decimalToNumber(d);
}

/** Converts the money fields of a record in place (the record is already a copy). */
function moneyFields(view: Json, keys: readonly string[]): void {
  for (const key of keys) if (typeof view[key] === "string") view[key] = money(view[key]);
}

/**
 * The first documented carrier of an event's total cost, exactly as sent:
 * `event_cost_attribution.total_cost_usd`, `.total_cost`, then the top-level `cost_usd`, `cost`.
 */
export function rawTotalCost(raw: Json): unknown {
  const a = isObject(raw.event_cost_attribution) ? raw.event_cost_attribution : {};
  for (const v of [a.total_cost_usd, a.total_cost, raw.cost_usd, raw.cost]) {
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** An amount that must read as one when present (`null` when absent). */
export function exactAmount(value: unknown, field: string): Decimal | null {
  if (value === undefined || value === null) return null;
  const d = parseDecimal(value);
  if (d === undefined) {
    throw new TypeError(
      `Cannot read cost attribution: ${field} is neither a finite number nor a decimal string`,
    );
  }
  return d;
}

/**
 * The exact total cost of an event (zero when it states none), read from the object as received.
 *
 * @throws {TypeError} when a cost field holds something that is not an amount.
 */
export function exactTotalCost(event: object): Decimal {
  return exactAmount(rawTotalCost(rawOf(event) as Json), "the total cost") ?? ZERO;
}

/** `event_cost_attribution` of the view: one total, money as numbers, the ledger id filled in. */
function costView(raw: Json): Json | undefined {
  const total = rawTotalCost(raw);
  const given = isObject(raw.event_cost_attribution) ? raw.event_cost_attribution : undefined;
  if (given === undefined && total === undefined) return undefined;
  const view: Json = { ...given, total_cost_usd: money(total) };
  moneyFields(view, ["input_cost_usd", "output_cost_usd"]);
  if (view.source_spend_log_id == null && typeof raw.source_spend_log_id === "string") {
    view.source_spend_log_id = raw.source_spend_log_id;
  }
  return view;
}

/**
 * A decision event in the SDK's spelling: `event_id` (from `id`), `created_at` (from
 * `timestamp`), `verdict` (from `decision` or `policy_outcome`: `allowed` reads as `allow`),
 * `policy_outcome` (from `decision`), one `event_cost_attribution.total_cost_usd` (from
 * `total_cost`, `cost_usd` or `cost`), money as numbers; `citations: []` for a detail without them.
 */
export function eventView(raw: Json, detail: boolean): Json {
  const view: Json = { ...raw };
  if (view.event_id == null && typeof raw.id === "string") view.event_id = raw.id;
  if (view.created_at == null && raw.timestamp != null) view.created_at = raw.timestamp;
  const outcome = raw.policy_outcome ?? raw.decision;
  if (view.verdict == null && typeof outcome === "string") {
    view.verdict = VERDICT_OF[outcome] ?? outcome;
  }
  if (view.policy_outcome == null && typeof raw.decision === "string") {
    view.policy_outcome = raw.decision;
  }
  moneyFields(view, ["cost_usd"]);
  const cost = costView(raw);
  if (cost !== undefined) view.event_cost_attribution = cost;
  if (detail && view.citations === undefined) view.citations = [];
  return view;
}

/** An export job in the SDK's spelling: `job_id` (from `id`). */
export function exportJobView(raw: Json): Json {
  const view: Json = { ...raw };
  if (view.job_id == null && typeof raw.id === "string") view.job_id = raw.id;
  return view;
}

/** Wallet balances with money read into numbers. */
export function walletBalanceView(raw: Json): Json {
  if (!Array.isArray(raw.wallets)) return raw;
  const wallets = raw.wallets.map((w) => {
    if (!isObject(w)) return w;
    const view: Json = { ...w };
    moneyFields(view, ["balance", "reserved", "total_allocated", "total_spent"]);
    return view;
  });
  return { ...raw, wallets };
}
