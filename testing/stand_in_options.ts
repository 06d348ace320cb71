/**
 * Options of the stand-in ({@linkcode StandInOptions}): seed, clock, seeded history, digest
 * interval, key rotation, tokens, policies, faults, lies and CORS. They are checked when a
 * stand-in is made (an unknown key or a wrong type is a `TypeError` naming it).
 *
 * @module
 */

/** Which policies the stand-in gateway runs. */
export interface StandInPolicies {
  /** Block prompt-injection phrases ("ignore previous instructions", ...). @default true */
  promptInjection?: boolean;
  /**
   * Redact e-mail addresses and card numbers (Luhn-checked) before the model sees them.
   * @default true
   */
  redactPii?: boolean;
  /**
   * Block any request containing one of these phrases (case-insensitive), as policy
   * `blocked-terms`.
   * @default []
   */
  blockedTerms?: readonly string[];
}

/** Faults the stand-in injects before handling a request, for testing retry code. */
export interface StandInFaults {
  /**
   * Fraction (0..1) of requests answered with a fault, picked deterministically from the seed.
   * @default 0
   */
  rate?: number;
  /** Answer the next `count` requests with a fault, then behave again. @default 0 */
  count?: number;
  /** The fault's status; 429 or 503 at random when omitted. */
  status?: 429 | 500 | 502 | 503 | 504;
  /** Seconds sent in `Retry-After`. @default 0 on a 429, no header otherwise */
  retryAfter?: number;
  /** Only requests whose path starts with one of these. @default ["/v1/"] */
  paths?: readonly string[];
}

/** The stand-in's bearer tokens: fixtures of a test server, not secrets. */
export interface StandInTokens {
  /** Every scope; also a gateway API key. @default "kt_demo_admin_token" */
  readonly admin: string;
  /** Read-only scopes (events, trail, exports, wallets, tokens). @default "kt_demo_read_token" */
  readonly read: string;
}

/**
 * Lying modes: the stand-in serves a history that a careful verifier must reject, so you can test
 * your own auditor (or this SDK's verifiers) against each attack. `seq` names a decision record.
 * At most one of `rewriteRecord`, `resignWithNewKey`, `loneSurrogate` and `splitView` at a time.
 * Those four forge a whole history (every later hash, tree node and signature), in O(n) when set
 * and again whenever the trail grows: meant for test-sized histories.
 */
export interface StandInLies {
  /**
   * Rewrite record `seq`'s decision ("allow" at $123.45) and re-sign every digest under the
   * same kids: a history rewritten by someone holding the keys, caught by a checkpoint taken
   * before.
   */
  rewriteRecord?: number;
  /**
   * Rewrite record `seq` as above, but re-sign every digest with a new key (`key_0000`) served as
   * "retired": caught by pinned keys.
   */
  resignWithNewKey?: number;
  /**
   * Write a lone surrogate (U+D800) into record `seq`'s event (`agent_id`) or into the record
   * itself (`request_id`), hashed and signed as if it were text.
   */
  loneSurrogate?: { seq: number; in?: "event" | "record" };
  /**
   * Requests made with `token` see record `seq` rewritten (same tree sizes, same kids); other
   * tokens see the honest history.
   */
  splitView?: { token: string; seq: number };
  /**
   * Keys introduced by rotation are served without their endorsement, or with one that does not
   * verify.
   * @default "valid"
   */
  endorsements?: "valid" | "missing" | "invalid";
  /** Serve no digest whose `tree_size` exceeds this: later records stay unsigned. */
  withholdDigestsAfter?: number;
  /**
   * `GET /v1/events/{id}` serves record `seq`'s event rewritten, while the trail still holds the
   * original's `payload_hash`.
   */
  eventMismatch?: number;
  /** Record `seq` is served with `field` set to `value`, nothing re-hashed (an edit in place). */
  tamperRecord?: { seq: number; field: string; value: unknown };
  /** `GET /v1/trail/verify` claims an intact trail whatever it finds. @default false */
  claimIntact?: boolean;
}

/** Options of {@linkcode createStandIn} and {@linkcode startStandIn}. */
export interface StandInOptions {
  /**
   * Seed of keys, ids, seeded history and fault picks: the same seed gives the same stand-in.
   * @default 42
   */
  seed?: number;
  /**
   * Clock in milliseconds since the epoch; tests pass a stepping clock for fixed timestamps.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Decisions already recorded at startup (history to list, spend and verify), 1 s apart and
   * ending when the stand-in starts. Derived from the seed when read: about 64 bytes each, so a
   * million take tens of megabytes and a few seconds.
   * @default 0
   */
  seedEvents?: number;
  /** A digest (signed tree head) is signed every this many trail records. @default 8 */
  digestEvery?: number;
  /** The signing key rotates (with an endorsement) after this many digests. @default 3 */
  rotateEvery?: number;
  /** The bearer tokens to accept; their defaults are printed fixtures. */
  tokens?: Partial<StandInTokens>;
  /** The gateway's policy chain. @default all on, no blocked terms */
  policies?: StandInPolicies;
  /** Faults injected from the start (change them later with `setFaults`). @default none */
  faults?: StandInFaults;
  /** Lying modes in force from the start (change them later with `setLies`). @default none */
  lies?: StandInLies;
  /**
   * Serve the test-only switch routes (`POST /__standin/faults`, `POST /__standin/lies`, admin
   * token required), for tests that drive a stand-in running in another process.
   * @default false
   */
  switches?: boolean;
  /**
   * Pages allowed to call cross-origin: `true` any, `false` none, or a list of origins.
   * @default true
   */
  cors?: boolean | readonly string[];
}
