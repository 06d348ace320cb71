/**
 * What the SDK relies on in each answer, as valibot schemas of the normalised views: the ids it
 * needs and the types of the fields that are present. Everything else may be absent, and fields
 * the SDK does not know pass through untouched. These are looser than the spec's schemas
 * (`generated/valibot.gen.ts`), which describe what the stand-in sends; both are compiled into fast
 * yes/no checks (`_fast_check.ts`), and valibot itself runs only to name the path at fault.
 *
 * @module
 */
import * as v from "valibot";

const text = v.nullish(v.string());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const amount = v.nullish(v.number());
const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
/** A date-time as the platform writes it (RFC 3339; a space for `T` and a missing zone tolerated). */
export const TIMESTAMP =
  /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d\d:?\d\d)?$/;
const timestamp = v.pipe(v.string(), v.regex(TIMESTAMP));

/** `event_cost_attribution` once read: the total is a number (the exact text stays in the raw). */
export const vCostView = v.object({
  total_cost_usd: v.number(),
  input_cost_usd: amount,
  output_cost_usd: amount,
  currency: text,
  cost_source: text,
  settled: v.nullish(v.boolean()),
  source_spend_log_id: text,
});

/** One policy's result; `entities_found` is a list (the spec) or a count (the event-driven guide). */
export const vPolicyView = v.object({
  name: v.string(),
  result: v.string(),
  phase: text,
  latency_ms: amount,
  entities_found: v.nullish(v.union([v.array(v.string()), count])),
});

const eventEntries = {
  event_id: v.pipe(v.string(), v.minLength(1)),
  request_id: text,
  agent_id: text,
  event_type: text,
  created_at: timestamp,
  verdict: v.string(),
  policy_outcome: text,
  reason_code: text,
  model: text,
  provider: text,
  config_version: text,
  gateway_id: text,
  user_id: text,
  traceparent: text,
  input_tokens: v.nullish(count),
  output_tokens: v.nullish(count),
  cost_usd: amount,
  source_spend_log_id: text,
  event_cost_attribution: v.nullish(vCostView),
  policies_evaluated: v.nullish(v.array(vPolicyView)),
};

/** A decision event as listed, once read. */
export const vEventView = v.object(eventEntries);

/** A citation: its id and the types of what it says. */
export const vCitationView = v.object({
  citation_id: v.string(),
  source_type: text,
  source_reference: v.object({
    asset_id: text,
    asset_title: text,
    asset_version: v.nullish(v.number()),
    promotion_status: text,
  }),
  relevance_score: amount,
  token_contribution: v.nullish(count),
  text_span: v.nullish(v.object({ start: count, end: count })),
});

/** A decision event in detail form, once read (`citations` is `[]` when the server sent none). */
export const vEventDetailView = v.object({
  ...eventEntries,
  citations: v.array(vCitationView),
  redactions: v.nullish(v.array(v.string())),
});

/**
 * A trail record: the chain's fields. Records of administrative actions (logins, configuration
 * changes, token operations) have no request and no event.
 */
export const vTrailRecordView = v.object({
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  record_id: v.string(),
  created_at: v.string(),
  kind: v.string(),
  request_id: text,
  event_id: text,
  payload_hash: hex64,
  prev_hash: hex64,
  hash: hex64,
});

/** An export job: its id and status (the documented answer shows little more). */
export const vExportJobView = v.object({
  job_id: v.pipe(v.string(), v.minLength(1)),
  status: v.string(),
  type: text,
  format: text,
  created_at: text,
  completed_at: text,
  expires_at: text,
  size_bytes: v.nullish(count),
  sha256: text,
});

/** The token's identity: the scopes are what callers check. */
export const vWhoAmIView = v.object({
  user: text,
  org_id: text,
  org_name: text,
  project_id: text,
  role: text,
  token_id: text,
  purpose: text,
  scopes: v.array(v.string()),
});

/** One wallet's balance view (money read from a number or a decimal string). */
export const vWalletView = v.object({
  wallet_id: v.string(),
  scope: v.string(),
  name: text,
  currency: text,
  balance: v.number(),
  reserved: amount,
  total_allocated: amount,
  total_spent: amount,
  status: text,
});

/** Wallet balances. */
export const vWalletBalanceView = v.object({ currency: text, wallets: v.array(vWalletView) });

/** API token metadata. */
export const vTokenView = v.object({
  token_id: v.pipe(v.string(), v.minLength(1)),
  name: text,
  token_type: text,
  purpose: text,
  scopes: v.nullish(v.array(v.string())),
  created_at: text,
  expires_at: text,
  revoked_at: text,
  last_used_at: text,
});

/** A created token and its one-time secret. */
export const vTokenCreatedView = v.object({
  token: vTokenView,
  secret: v.pipe(v.string(), v.minLength(1)),
});

/** A created service account and its one-time token. */
export const vServiceAccountCreatedView = v.object({
  service_account: v.object({
    service_account_id: v.pipe(v.string(), v.minLength(1)),
    name: v.string(),
    scopes: v.nullish(v.array(v.string())),
    purpose: text,
    created_at: text,
  }),
  token: v.pipe(v.string(), v.minLength(1)),
});
