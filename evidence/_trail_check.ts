/**
 * What the named checks of one verification share: the failure log, the key ring and the keys
 * used so far, plus small readers of untrusted values that never throw.
 *
 * @module
 */
import type { FailureLog } from "./_failures.ts";
import type { KeyRing, ResolvedKey } from "./_trust.ts";

/** A JSON object of unknown shape (untrusted). */
export type Json = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A positive safe integer (a seq or a tree size), or `undefined`. */
export function positive(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 1 ? value as number : undefined;
}

/** The state every check may touch. */
export interface Shared {
  readonly log: FailureLog;
  readonly ring: KeyRing;
  /** Keys the digests named, in order of first use. */
  readonly used: Set<ResolvedKey>;
  /** Kids already reported as untrusted (once each). */
  readonly untrustedReported: Set<string>;
}

/** A digest as the checks see it, with what they found. */
export interface DigestResult {
  readonly digest: Json;
  /** Its id, clipped for messages. */
  readonly id: string;
  /** `tree_size` (a positive safe integer; the digest is not checked further without one). */
  readonly treeSize: number;
  /** `root_hash` (64 lowercase hex characters). */
  readonly root: string;
  /** `first_seq` and `last_seq`, when they form a valid range. */
  readonly firstSeq: number | undefined;
  readonly lastSeq: number | undefined;
  /** Signed by a trusted key valid at its time, signature verified. */
  signed: boolean;
  /** Its root is tied to records: recomputed from them, or an inclusion proof leads to it. */
  bound: boolean;
  /** No failure names it. */
  clean: boolean;
}
