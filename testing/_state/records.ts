/**
 * The shapes the stand-in serves: decision events, trail records, digests (signed tree heads),
 * public keys, tokens and export jobs, as `spec/openapi.json` describes them (snake_case).
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
export type Json = any;

/** A decision event, exactly as `GET /v1/events/{event_id}` returns it. */
export interface DecisionEvent {
  event_id: string;
  request_id: string;
  agent_id: string | null;
  event_type: string;
  created_at: string;
  verdict: string;
  policy_outcome: string;
  reason_code: string;
  model: string;
  provider: string;
  config_version: string;
  gateway_id: string;
  user_id: string | null;
  traceparent: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  event_cost_attribution: {
    input_cost_usd: number;
    output_cost_usd: number;
    total_cost_usd: number;
    currency: string;
    cost_source: string;
    settled: boolean;
    source_spend_log_id: string | null;
  };
  policies_evaluated: Json[];
  citations: Json[];
  redactions: string[];
}

/** One trail record (DESIGN section 5). */
export interface TrailRecord {
  seq: number;
  record_id: string;
  created_at: string;
  kind: string;
  request_id: string | null;
  event_id: string | null;
  payload_hash: string;
  prev_hash: string;
  hash: string;
}

/** A digest: a signed tree head over records `1..tree_size`. */
export interface Digest {
  digest_id: string;
  storage_key: string;
  hash_algorithm: "sha256";
  signature_algorithm: "ed25519";
  kid: string;
  first_seq: number;
  last_seq: number;
  record_count: number;
  head_hash: string;
  tree_size: number;
  root_hash: string;
  prev_digest_id: string | null;
  start_time: string;
  end_time: string;
  created_at: string;
  signature: string;
}

/** A signing key's public half as a JWK, with its validity window and endorsement. */
export interface PublicKeyJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
  status: "active" | "retired";
  not_before: string;
  not_after: string | null;
  endorsement?: { kid: string; signature: string };
}

/** An API token's metadata (never its secret). */
export interface TokenInfo {
  token_id: string;
  name: string;
  token_type: string;
  purpose: string | null;
  scopes: string[];
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** An export job. */
export interface ExportJob {
  job_id: string;
  type: string;
  format: string;
  status: string;
  created_at: string;
  completed_at: string | null;
  expires_at: string | null;
  size_bytes: number | null;
  sha256: string | null;
}

/** The event as a list row (no citations, no redactions). */
export function listRow(event: DecisionEvent): Json {
  const { citations: _c, redactions: _r, ...row } = event;
  return row;
}
