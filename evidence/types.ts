/**
 * The evidence format's data shapes (DESIGN section 5), independent of the generated control-plane
 * client: what `./evidence` reads and checks. Fields keep the API's snake_case. The control lane's
 * generated types are structurally compatible with these.
 *
 * @module
 */

/** One trail record: a link of the hash chain. */
export interface TrailRecord {
  /** Position in the trail, from 1, no gaps. */
  readonly seq: number;
  /** Record id. */
  readonly record_id: string;
  /** RFC 3339 time, UTC, microsecond precision. */
  readonly created_at: string;
  /** `decision` for gateway decisions; other kinds for administrative actions. */
  readonly kind: string;
  /** The governed request (decision records); null for administrative records. */
  readonly request_id: string | null;
  /** The decision event (decision records); null for administrative records. */
  readonly event_id: string | null;
  /** SHA-256 hex of the canonical bytes of the record's payload (for a decision, the event). */
  readonly payload_hash: string;
  /** The previous record's `hash`; 64 zeros before the first. */
  readonly prev_hash: string;
  /** SHA-256 hex of the canonical bytes of the record without `hash`. */
  readonly hash: string;
}

/** A signed digest over a contiguous range of records. */
export interface Digest {
  /** Digest id. */
  readonly digest_id: string;
  /** Where the platform stores it. */
  readonly storage_key: string;
  /** `sha256`. */
  readonly hash_algorithm: string;
  /** `ed25519`. */
  readonly signature_algorithm: string;
  /** Id of the signing key. */
  readonly kid: string;
  /** First record covered. */
  readonly first_seq: number;
  /** Last record covered. */
  readonly last_seq: number;
  /** `last_seq - first_seq + 1`. */
  readonly record_count: number;
  /** `hash` of the record at `last_seq`. */
  readonly head_hash: string;
  /** The previous digest, null for the first. */
  readonly prev_digest_id: string | null;
  /** `created_at` of the first record covered. */
  readonly start_time: string;
  /** `created_at` of the last record covered. */
  readonly end_time: string;
  /** When the digest was signed. */
  readonly created_at: string;
  /** base64url (unpadded, canonical) Ed25519 signature over the canonical bytes without it. */
  readonly signature: string;
}

/** A signing key as a JWK with its validity window. */
export interface PublicKey {
  /** `OKP`. */
  readonly kty: string;
  /** `Ed25519`. */
  readonly crv: string;
  /** base64url of the raw 32-byte public key. */
  readonly x: string;
  /** Key id. */
  readonly kid: string;
  /** `EdDSA`. */
  readonly alg: string;
  /** `sig`, when given. */
  readonly use?: string | null;
  /** `active` or `retired`. */
  readonly status: string;
  /** Start of validity (RFC 3339). */
  readonly not_before: string;
  /** End of validity; null while active. */
  readonly not_after: string | null;
}

/** One problem found by verification. */
export interface TrailFailure {
  /** The record at fault, when a record is. */
  readonly seq?: number;
  /** The digest at fault, when a digest is. */
  readonly digest_id?: string;
  /** The bundle file at fault, when a file is. */
  readonly file?: string;
  /** Machine-readable kind, e.g. `hash_mismatch`, `bad_signature`, `seq_gap`. */
  readonly code: string;
  /** What is wrong, in words. */
  readonly reason: string;
}

/** A verification report: what was checked, and every failure found. */
export interface TrailVerification {
  /** True when nothing is wrong. */
  readonly ok: boolean;
  /** `intact`, `broken` or `empty`. */
  readonly chain_integrity: string;
  /** Records checked. */
  readonly records_verified: number;
  /** Digests checked. */
  readonly digests_verified: number;
  /** Records after the last digest: chained, not yet signed. */
  readonly pending_records: number;
  /** First record checked. */
  readonly first_seq: number | null;
  /** Last record checked. */
  readonly last_seq: number | null;
  /** Hash of the last record checked. */
  readonly head_hash: string | null;
  /** Every problem found, not only the first. */
  readonly failures: readonly TrailFailure[];
}

/** The evidence for one request, as `buildEvidenceBundle` gathers it. */
export interface EvidenceBundle {
  /** The request id the bundle is about. */
  readonly request_id: string;
  /** The decision event exactly as the control plane returned it (what `payload_hash` covers). */
  readonly event:
    & { readonly event_id: string; readonly request_id: string }
    & Readonly<
      Record<string, unknown>
    >;
  /** The event's trail record and every record after it up to the head of the covering digest. */
  readonly trail: readonly TrailRecord[];
  /** The signed digest that covers the event's record. */
  readonly digest: Digest;
  /** The key that signed the digest. */
  readonly public_key: PublicKey;
  /** Local verification of the above. */
  readonly verification: TrailVerification;
}
