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

const HEX = /^[0-9a-f]+$/;
const ZERO = /^0+$/;
// What a future version may append after the flags: visible ASCII only, never control characters.
const FUTURE_TAIL = /^[\x21-\x7e]*$/;

// Ids come from `crypto.randomUUID()`, the fastest source of randomness on every runtime (a native
// call that reuses a pool of entropy), instead of a small `getRandomValues` buffer per id.

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
 * import { generateTraceparent, parseTraceparent } from "@keeptrusts/client/gateway";
 *
 * const tp = generateTraceparent();
 * console.log(parseTraceparent(tp)?.sampled); // true
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
 * import { parseTraceparent } from "@keeptrusts/client/gateway";
 *
 * const tp = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 * console.log(tp?.traceId); // "4bf92f3577b34da6a3ce929d0e0e4736"
 * console.log(parseTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")); // undefined
 * ```
 */
export function parseTraceparent(value: string): Traceparent | undefined {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot parse traceparent: expected a string, got ${typeof value}`);
  }
  if (value.length < 55) return undefined;
  const version = value.slice(0, 2);
  if (!HEX.test(version) || version === "ff") return undefined;
  if (version === "00" && value.length !== 55) return undefined;
  if (value.length > 55 && (value[55] !== "-" || !FUTURE_TAIL.test(value.slice(56)))) {
    return undefined;
  }
  if (value[2] !== "-" || value[35] !== "-" || value[52] !== "-") return undefined;
  const traceId = value.slice(3, 35);
  const parentId = value.slice(36, 52);
  const traceFlags = value.slice(53, 55);
  if (!HEX.test(traceId) || ZERO.test(traceId)) return undefined;
  if (!HEX.test(parentId) || ZERO.test(parentId)) return undefined;
  if (!HEX.test(traceFlags)) return undefined;
  return {
    version,
    traceId,
    parentId,
    traceFlags,
    sampled: (parseInt(traceFlags, 16) & 1) === 1,
  };
}

/** A `traceparent` for a new child span of `trace`: same trace id and flags, new parent id, version 00. */
export function childTraceparent(traceId: string, traceFlags: string): string {
  return `00-${traceId}-${newSpanId()}-${traceFlags}`;
}
