/**
 * The API's data shapes, as generated from `spec/openapi.json`. Fields keep the API's snake_case.
 * Enumerations the platform may extend (`verdict`, `policy_outcome`, `chain_integrity`, ...) are
 * open strings: a value this SDK does not know yet is passed through, not rejected.
 *
 * @module
 */
export type {
  Citation,
  CostAttribution,
  Digest,
  DigestList,
  Event,
  EventDetail,
  EventList,
  ExportJob,
  PolicyEvaluation,
  PublicKey,
  PublicKeySet,
  ServiceAccount,
  Token,
  TokenList,
  TrailRecord,
  TrailRecordList,
  VerificationFailure,
  VerificationResult,
  Wallet,
  WalletBalance,
  WhoAmI,
} from "../generated/types.gen.ts";
