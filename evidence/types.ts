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

/**
 * A signed digest over a contiguous range of records: a signed tree head (RFC 9162) of the whole
 * log up to `tree_size`, and a checkpoint to store and pass to the next verification.
 */
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
  /** Number of records in the signed tree: `last_seq` (the tree covers records `1..tree_size`). */
  readonly tree_size: number;
  /** RFC 9162 Merkle root of the hashes of records `1..tree_size`, lowercase hex. */
  readonly root_hash: string;
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
  /**
   * Present on a key introduced by rotation: its predecessor's Ed25519 signature (base64url) over
   * the canonical bytes of `{ alg, crv, kid, kty, not_before, x }` of this key.
   */
  readonly endorsement?: KeyEndorsement | null;
}

/** A rotated key's endorsement by the key before it. */
export interface KeyEndorsement {
  /** The endorsing (previous) key. */
  readonly kid: string;
  /** base64url Ed25519 signature. */
  readonly signature: string;
}

/**
 * A trust anchor: a key's fingerprint `"sha256:<hex>"` (SHA-256 of its SPKI DER, what `openssl pkey
 * -pubin -in public-key.pem -outform DER | sha256sum` prints) or the key itself as a JWK.
 */
export type TrustedKey = string | {
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly kid?: string;
};

/** An RFC 9162 inclusion proof: record `seq` is leaf `seq - 1` of the tree of `tree_size`. */
export interface InclusionProof {
  /** The record's sequence number. */
  readonly seq: number;
  /** The size of the tree (a digest's `tree_size`). */
  readonly tree_size: number;
  /** SHA-256(0x00 || the 32 bytes of the record's `hash`), lowercase hex. */
  readonly leaf_hash: string;
  /** The audit path, lowercase hex hashes, leaf level first. */
  readonly audit_path: readonly string[];
}

/** An RFC 9162 consistency proof: the tree of `first` records is a prefix of that of `second`. */
export interface ConsistencyProof {
  /** The older tree size. */
  readonly first: number;
  /** The newer tree size. */
  readonly second: number;
  /** The consistency path, lowercase hex hashes. */
  readonly consistency_path: readonly string[];
}

/** A key a verification relied on, and how it came to be trusted. */
export interface KeyTrust {
  /** Key id. */
  readonly kid: string;
  /** `"sha256:<hex>"` of its SPKI DER. */
  readonly fingerprint: string;
  /** `pin` (the caller pinned it), `endorsement` (reached from a pin), or null (not trusted). */
  readonly trusted_by: "pin" | "endorsement" | null;
}

/** One problem found by verification. */
export interface TrailFailure {
  /** The record at fault, when a record is. */
  readonly seq?: number;
  /** The digest at fault, when a digest is. */
  readonly digest_id?: string;
  /** The bundle file at fault, when a file is. */
  readonly file?: string;
  /** The key at fault, when a key is. */
  readonly kid?: string;
  /** The other digest of a `split_view`. */
  readonly other_digest_id?: string;
  /** Machine-readable kind, e.g. `hash_mismatch`, `bad_signature`, `untrusted_key`, `split_view`. */
  readonly code: string;
  /** What is wrong, in words. */
  readonly reason: string;
}

/** A verification report (DESIGN section 5): what was checked, and every failure found. */
export interface TrailVerification {
  /**
   * True only when every record given is covered by a digest signed by a trusted key, every hash
   * and proof checks, no record is unsigned (unless `allowPending`), and a checkpoint passed in is
   * proved to be extended.
   */
  readonly ok: boolean;
  /** `intact`, `broken` (a record, digest or signature was altered) or `empty`. */
  readonly chain_integrity: "intact" | "broken" | "empty";
  /** Records checked. */
  readonly records_verified: number;
  /** Digests checked. */
  readonly digests_verified: number;
  /** First record checked. */
  readonly first_seq: number | null;
  /** Last record checked. */
  readonly last_seq: number | null;
  /** Hash of the last record checked. */
  readonly head_hash: string | null;
  /** Records after the newest digest: chained, not yet signed. */
  readonly pending_records: number;
  /** The keys the digests name, with their fingerprints and how each is trusted. */
  readonly keys: readonly KeyTrust[];
  /**
   * The newest digest that verified completely (or the checkpoint passed in, when that is newer):
   * store it and pass it as `checkpoint` next time. Null when there is none, or on a split view.
   */
  readonly checkpoint: Digest | null;
  /** Whether the passed checkpoint is proved to be a prefix of what was verified. */
  readonly consistency: "proved" | "not_checked" | "failed";
  /** Every problem found, not only the first (bounded: past 1,000 a `more_failures` entry). */
  readonly failures: readonly TrailFailure[];
}

/** The evidence for one request, as `buildEvidenceBundle` gathers it (DESIGN section 5). */
export interface EvidenceBundle {
  /** The request id the bundle is about. */
  readonly request_id: string;
  /** The decision event exactly as the control plane returned it (what `payload_hash` covers). */
  readonly event: Readonly<Record<string, unknown>>;
  /** The event's trail record. */
  readonly record: TrailRecord;
  /** The record's inclusion proof in the tree of the bundled digest. */
  readonly inclusion_proof: InclusionProof;
  /** The signed digest (tree head) whose tree holds the record. */
  readonly digest: Digest;
  /** The key that signed the digest. */
  readonly public_key: PublicKey;
  /** Local verification of the above. */
  readonly verification: TrailVerification;
}
