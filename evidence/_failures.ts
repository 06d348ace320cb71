/**
 * The one way the verifiers record a failure: a code, a reason, and where (record, digest, key,
 * file). The list is bounded: past `limit` failures only a count is kept, and one closing
 * `more_failures` entry says how many were left out, so a log of 10^7 broken records cannot
 * exhaust memory through its report.
 *
 * @module
 */
import type { TrailFailure } from "./types.ts";

/** Where a failure is: the place fields of a failure. */
export type FailurePlace = Omit<TrailFailure, "code" | "reason">;

/** One problem found by a verifier. */
export type Failure = TrailFailure;

/**
 * Codes that do not mean a record or digest was altered: the evidence may be genuine but is not
 * proved (no trusted key, not signed yet, a format this SDK cannot check) or a fork was shown
 * (reported by `consistency`).
 */
const NOT_TAMPERING = new Set([
  "untrusted_key",
  "unsigned_records",
  "unverifiable",
  "split_view",
  "bad_endorsement",
  "key_conflict",
  "more_failures",
  "not_covered",
  "malformed_proof",
]);

/** A bounded list of failures. */
export class FailureLog {
  readonly #list: Failure[] = [];
  readonly #limit: number;
  #omitted = 0;
  #tampering = false;

  /** @param limit How many failures to keep in full. */
  constructor(limit = 1000) {
    this.#limit = limit;
  }

  /** Records a failure. `where` may hold `undefined` fields; they are left out. */
  add(code: string, reason: string, where: FailurePlace = {}): void {
    if (!NOT_TAMPERING.has(code)) this.#tampering = true;
    if (this.#list.length >= this.#limit) {
      this.#omitted++;
      return;
    }
    const failure: Record<string, unknown> = { code, reason };
    for (const [k, v] of Object.entries(where)) if (v !== undefined) failure[k] = v;
    this.#list.push(failure as unknown as Failure);
  }

  /** Whether a failure with this code was recorded (among those kept). */
  has(code: string): boolean {
    return this.#list.some((f) => f.code === code);
  }

  /** Number of failures recorded, kept or not. */
  get count(): number {
    return this.#list.length + this.#omitted;
  }

  /** Whether any failure says a record, digest, signature or file was altered. */
  get tampering(): boolean {
    return this.#tampering;
  }

  /** The failures, with a closing `more_failures` entry when some were left out. */
  list(): Failure[] {
    const out = this.#list.slice();
    if (this.#omitted > 0) {
      out.push({
        code: "more_failures",
        reason: `${this.#omitted} more failure(s) were found and not listed`,
      });
    }
    return out;
  }
}

/**
 * An untrusted value as it may appear in a reason: strings cut to 80 characters (a 2-million
 * character kid must not make a 2 MB message), anything else named by its type.
 */
export function clip(value: unknown): string {
  if (typeof value === "string") return value.length > 80 ? value.slice(0, 80) + "..." : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
