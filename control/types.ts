/**
 * The API's data shapes. Fields keep the API's snake_case. Enumerations the platform may extend
 * (`verdict`, `policy_outcome`, `chain_integrity`, ...) are open strings: a value this SDK does not
 * know yet is passed through, not rejected. The trail's own shapes (records, digests, keys) are the
 * evidence format's, shared with `./evidence`.
 *
 * @module
 */
import type { Digest, PublicKey, TrailRecord } from "../evidence/types.ts";

export type { Digest, PublicKey, TrailRecord };
export type {
  Citation,
  CostAttribution,
  Event,
  EventDetail,
  EventList,
  ExportJob,
  PolicyEvaluation,
  ServiceAccount,
  Token,
  TokenList,
  VerificationFailure,
  VerificationResult,
  Wallet,
  WalletBalance,
  WhoAmI,
} from "../generated/types.gen.ts";

/** One page of trail records, ascending `seq`. */
export interface TrailRecordList {
  /** The records. */
  readonly records: readonly TrailRecord[];
  /** Cursor of the next page; null or absent on the last page. */
  readonly next_cursor?: string | null;
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
