/**
 * W3C Trace Context `traceparent` helpers.
 *
 * @module
 */

/** A parsed W3C `traceparent` header. */
export interface Traceparent {
  /** Two lowercase hex digits; `00` for the current spec. */
  readonly version: string;
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** 16 lowercase hex digits, not all zero: the id of the caller's span. */
  readonly parentId: string;
  /** Two lowercase hex digits of trace flags. */
  readonly traceFlags: string;
  /** Whether the `sampled` flag (bit 0) is set. */
  readonly sampled: boolean;
}

// Ids come from `crypto.randomUUID()`, the fastest source of randomness on every runtime (a native
// call that reuses a pool of entropy), instead of a small `getRandomValues` buffer per id; slices
// of it cost less than a `replace` of its dashes (five times less on Deno).

/**
 * A fresh random trace id: 32 lowercase hex digits from a UUID v4 (122 random bits, the right-most
 * 7 bytes all random as W3C level 2 expects); its version nibble keeps it from being all zero.
 */
export function newTraceId(): string {
  const u = crypto.randomUUID();
  return u.slice(0, 8) + u.slice(9, 13) + u.slice(14, 18) + u.slice(19, 23) + u.slice(24);
}

/**
 * A fresh random span id: 16 lowercase hex digits, the second half of a UUID v4 (62 random bits);
 * its variant nibble (8 to b) keeps it from being all zero.
 */
export function newSpanId(): string {
  const u = crypto.randomUUID();
  return u.slice(19, 23) + u.slice(24);
}

/**
 * Generates a new `traceparent` value that starts a new trace (version `00`, sampled).
 *
 * @returns A header value such as `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`.
 *
 * @example Start a trace
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateTraceparent, parseTraceparent } from "@keeptrusts/client/gateway";
 *
 * const tp = generateTraceparent();
 * assert.equal(parseTraceparent(tp)?.sampled, true);
 * assert.notEqual(generateTraceparent(), tp);
 * ```
 */
export function generateTraceparent(): string {
  return `00-${newTraceId()}-${newSpanId()}-01`;
}

/**
 * Parses a `traceparent` header by the W3C Trace Context rules (levels 1 and 2): lowercase hex only,
 * version `ff` invalid, all-zero trace and parent ids invalid, exactly 55 characters for version `00`,
 * and for a future version at least 55 characters with a `-` after the flags. An invalid value is
 * ignored as a whole: the function returns `undefined`, it never salvages part of it.
 *
 * @param value The header value.
 * @returns The parsed header, or `undefined` when it is not valid.
 * @throws {TypeError} when `value` is not a string.
 *
 * @example Keep a caller's trace id
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTraceparent } from "@keeptrusts/client/gateway";
 *
 * const tp = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 * assert.equal(tp?.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
 * assert.equal(parseTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"), undefined);
 * ```
 */
export function parseTraceparent(value: string): Traceparent | undefined {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot parse traceparent: expected a string, got ${typeof value}`);
  }
  // A future version may append fields after a dash: visible ASCII only, never control characters.
  const m = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-[\x21-\x7e]*)?$/.exec(value);
  if (!m || m[1] === "ff" || (m[1] === "00" && m[5]) || /^0+$/.test(m[2]) || /^0+$/.test(m[3])) {
    return undefined;
  }
  const [, version, traceId, parentId, traceFlags] = m;
  return { version, traceId, parentId, traceFlags, sampled: (parseInt(traceFlags, 16) & 1) === 1 };
}
