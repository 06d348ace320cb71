/**
 * The records the control-plane helpers return: normalised views of the platform's answers.
 * Fields keep the API's snake_case. The platform's documentation spells some records several ways
 * (`id` or `event_id`, `timestamp` or `created_at`, `decision`, `policy_outcome` or `verdict`,
 * money as a number or a decimal string); each view has one spelling, and `rawOf(view)` gives the
 * object exactly as received (what evidence hashes). Fields these types do not list are kept as
 * received. Enumerations the platform may extend (`verdict`, `policy_outcome`, `status`, ...) are
 * open strings. The trail's own shapes (records, digests, keys) are the evidence format's, shared
 * with `./evidence`.
 *
 * @module
 */
import type { Digest, PublicKey, TrailRecord } from "../evidence/types.ts";
import type { ResponseIssue } from "../errors.ts";

export type { Digest, PublicKey, TrailRecord };
export type {
  ServiceAccount,
  VerificationFailure,
  VerificationResult,
} from "../generated/types.gen.ts";

/** Per-request spend as the event carries it; money as numbers (exact sums: `summarizeSpend`). */
export interface CostAttribution {
  /** Total cost in USD (from `total_cost_usd`, `total_cost`, or the event's `cost_usd` or `cost`). */
  readonly total_cost_usd: number;
  /** Input-token cost in USD, when given. */
  readonly input_cost_usd?: number | null;
  /** Output-token cost in USD, when given. */
  readonly output_cost_usd?: number | null;
  /** Billing currency, when given (USD otherwise). */
  readonly currency?: string | null;
  /** `provider_reported`, `declared_pricing` or `zero`, when given. */
  readonly cost_source?: string | null;
  /** Whether the cost is settled (true) or estimated (false), when given. */
  readonly settled?: boolean | null;
  /** The spend-ledger entry (here or, for older events, at the top level of the event). */
  readonly source_spend_log_id?: string | null;
}

/** One policy's result for a request. */
export interface PolicyEvaluation {
  /** Policy name. */
  readonly name: string;
  /** `pass`, `redacted`, ... (open). */
  readonly result: string;
  /** `input`, `tool` or `output`, when given. */
  readonly phase?: string | null;
  /** Time the policy took, when given. */
  readonly latency_ms?: number | null;
  /** The entities found: a list (the spec) or a count (the event-driven guide). */
  readonly entities_found?: readonly string[] | number | null;
}

/** What a citation's source is (the fields a knowledge-base source has; others are kept too). */
export interface CitationSource {
  /** The knowledge asset. */
  readonly asset_id?: string | null;
  /** Its title. */
  readonly asset_title?: string | null;
  /** Its version. */
  readonly asset_version?: number | null;
  /** e.g. `active`. */
  readonly promotion_status?: string | null;
}

/** A knowledge source that backs a span of the response. */
export interface Citation {
  /** Citation id. */
  readonly citation_id: string;
  /** `knowledge_base` or `codebase_context_fabric` (open). */
  readonly source_type?: string | null;
  /** What the source is; for a knowledge base `asset_id`, `asset_title`, `asset_version`, ... */
  readonly source_reference: CitationSource;
  /** Relevance, 0 to 1. */
  readonly relevance_score?: number | null;
  /** Tokens of the response this source contributed. */
  readonly token_contribution?: number | null;
  /** Zero-based character offsets into the response. */
  readonly text_span?: { readonly start: number; readonly end: number } | null;
}

/** A decision event as listed. */
export interface Event {
  /** Event id (from `event_id` or `id`). */
  readonly event_id: string;
  /** The governed request's `x-request-id` (the CLI's listing leaves it out). */
  readonly request_id?: string | null;
  /** The `x-keeptrusts-agent-id` the request carried. */
  readonly agent_id?: string | null;
  /** e.g. `decision`. */
  readonly event_type?: string | null;
  /** RFC 3339 time (from `created_at` or `timestamp`). */
  readonly created_at: string;
  /** `allow`, `block`, `redact`, `escalate` (from `verdict`, else `decision` or `policy_outcome`: `blocked` reads as `block`); open. */
  readonly verdict: string;
  /** `allowed`, `blocked`, `redacted`, `escalated`, `flagged` (from `policy_outcome` or `decision`); open. */
  readonly policy_outcome?: string | null;
  /** Why, e.g. `pii_detected`. */
  readonly reason_code?: string | null;
  /** Model, e.g. `gpt-4o`. */
  readonly model?: string | null;
  /** Provider, e.g. `openai`. */
  readonly provider?: string | null;
  /** Policy configuration version. */
  readonly config_version?: string | null;
  /** Gateway identity. */
  readonly gateway_id?: string | null;
  /** User identity. */
  readonly user_id?: string | null;
  /** The W3C `traceparent` of the request. */
  readonly traceparent?: string | null;
  /** Input tokens. */
  readonly input_tokens?: number | null;
  /** Output tokens. */
  readonly output_tokens?: number | null;
  /** Flat cost in USD (the event-driven guide's spelling), as a number. */
  readonly cost_usd?: number | null;
  /** Spend-ledger entry (older events carry it here). */
  readonly source_spend_log_id?: string | null;
  /** Spend; present whenever the event states a cost in any documented spelling. */
  readonly event_cost_attribution?: CostAttribution | null;
  /** Each policy's result. */
  readonly policies_evaluated?: readonly PolicyEvaluation[] | null;
}

/** A decision event in detail form. */
export interface EventDetail extends Event {
  /** The knowledge sources behind the response (`[]` when the server sent none). */
  readonly citations: readonly Citation[];
  /** What was redacted, when given. */
  readonly redactions?: readonly string[] | null;
}

/** An item of a list page that could not be read: skipped, and reported. */
export interface InvalidItem {
  /** The listing, e.g. `listEvents`. */
  readonly operation: string;
  /** Position in its page. */
  readonly index: number;
  /** The item exactly as received. */
  readonly item: unknown;
  /** What is wrong with it (paths inside the item). */
  readonly issues: readonly ResponseIssue[];
  /** The `x-request-id` of the page's call. */
  readonly callRequestId: string;
}

/** One page of decision events. */
export interface EventList {
  /** The events that could be read, in the server's order. */
  readonly events: readonly Event[];
  /** Cursor of the next page; null on the last page (also when the server sends none). */
  readonly next_cursor: string | null;
  /** Items of this page that could not be read (usually none). */
  readonly skipped: readonly InvalidItem[];
}

/** One page of trail records, ascending `seq`. */
export interface TrailRecordList {
  /** The records that could be read. */
  readonly records: readonly TrailRecord[];
  /** Cursor of the next page; null on the last page. */
  readonly next_cursor: string | null;
  /** Items of this page that could not be read (usually none). */
  readonly skipped: readonly InvalidItem[];
}

/** One page of signed digests, ascending `first_seq`. */
export interface DigestList {
  /** The digests. */
  readonly digests: readonly Digest[];
  /** Cursor of the next page; null or absent on the last page. */
  readonly next_cursor?: string | null;
}

/** Every signing key the trail has used (a JWK set). */
export interface PublicKeySet {
  /** The keys. */
  readonly keys: readonly PublicKey[];
}

/** An export job. */
export interface ExportJob {
  /** Job id (from `job_id` or `id`). */
  readonly job_id: string;
  /** `queued`, `running`, `completed`, `failed`, ... (open). */
  readonly status: string;
  /** `events`, `traces`, `escalations` or `audit-log`, when the server says. */
  readonly type?: string | null;
  /** `json` or `csv`, when the server says. */
  readonly format?: string | null;
  /** When the job was created. */
  readonly created_at?: string | null;
  /** When it completed. */
  readonly completed_at?: string | null;
  /** When its artifact expires. */
  readonly expires_at?: string | null;
  /** The artifact's size. */
  readonly size_bytes?: number | null;
  /** SHA-256 hex of the artifact, checked by `downloadExport` when given. */
  readonly sha256?: string | null;
}

/** The calling token's identity. */
export interface WhoAmI {
  /** The principal. */
  readonly user?: string | null;
  /** Organisation id. */
  readonly org_id?: string | null;
  /** Organisation name. */
  readonly org_name?: string | null;
  /** Project id. */
  readonly project_id?: string | null;
  /** Role. */
  readonly role?: string | null;
  /** The token's id. */
  readonly token_id?: string | null;
  /** ABAC purpose: `general`, `gateway_runtime`, `integration`. */
  readonly purpose?: string | null;
  /** The token's scopes. */
  readonly scopes: readonly string[];
}

/** One wallet's balance view; money as numbers. */
export interface Wallet {
  /** Wallet id. */
  readonly wallet_id: string;
  /** `user`, `team` or `organization`. */
  readonly scope: string;
  /** Display name. */
  readonly name?: string | null;
  /** Currency (USD by default). */
  readonly currency?: string | null;
  /** Balance. */
  readonly balance: number;
  /** Reserved for requests in flight. */
  readonly reserved?: number | null;
  /** Allocated in total. */
  readonly total_allocated?: number | null;
  /** Spent in total. */
  readonly total_spent?: number | null;
  /** `healthy`, `low`, `depleted` (open). */
  readonly status?: string | null;
}

/** Balances of the wallets visible to the caller. */
export interface WalletBalance {
  /** Currency of the amounts, when given. */
  readonly currency?: string | null;
  /** The wallets. */
  readonly wallets: readonly Wallet[];
}

/** API token metadata (never the secret). */
export interface Token {
  /** Token id (`tok_...`). */
  readonly token_id: string;
  /** Display name. */
  readonly name?: string | null;
  /** `access` or `gateway`. */
  readonly token_type?: string | null;
  /** ABAC purpose. */
  readonly purpose?: string | null;
  /** Scopes. */
  readonly scopes?: readonly string[] | null;
  /** When it was created. */
  readonly created_at?: string | null;
  /** When it expires. */
  readonly expires_at?: string | null;
  /** When it was revoked. */
  readonly revoked_at?: string | null;
  /** When it was last used. */
  readonly last_used_at?: string | null;
}

/** One page of tokens. */
export interface TokenList {
  /** The tokens that could be read. */
  readonly tokens: readonly Token[];
  /** Cursor of the next page; null on the last page. */
  readonly next_cursor: string | null;
  /** Items of this page that could not be read (usually none). */
  readonly skipped: readonly InvalidItem[];
}
