/**
 * Checks of the arguments control-plane helpers send: times, page sizes, path ids, scopes and
 * idempotency keys. Each throws a `TypeError` or `RangeError` naming the field before anything is
 * sent, never echoing a value that could be secret.
 *
 * @module
 */
import { newRequestId } from "../_shared/runtime.ts";

/**
 * A scope: `resource:action` (`events:read`, `agents:write`, `exports:*`, `audit-log:read`) or a
 * bare name the platform uses for service tokens (`control_plane`).
 */
const SCOPE = /^[a-z][a-z0-9_-]{0,63}(:[a-z*][a-z0-9_*-]{0,63})?$/;

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;
const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;
/** A duration as the platform's CLI writes it: `30s`, `5m`, `1h`, `24h`, `7d`, `2w`. */
export const DURATION = /^([1-9]\d{0,5})(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
/** Longest duration accepted: 100 years. */
const MAX_DURATION_MS = 100 * 366 * 86_400_000;
/** Longest timer every runtime can hold (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

/** The length of a CLI-style duration (`24h`) in milliseconds, or `undefined` for anything else. */
export function durationMs(value: string): number | undefined {
  const m = DURATION.exec(value);
  if (m === null) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2]];
  return ms <= MAX_DURATION_MS ? ms : undefined;
}

/**
 * Normalises a time option to an RFC 3339 string: a `Date`, an RFC 3339 date-time (sent as given),
 * a date (`2026-05-31`, midnight UTC), or a duration the CLI accepts (`5m`, `1h`, `24h`, `7d`),
 * meaning that long before now. `undefined` passes through.
 */
export function toTimestamp(
  field: string,
  value: Date | string | undefined,
  action: string,
  now: () => number = Date.now,
): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`Cannot ${action}: ${field} is an invalid Date`);
    }
    return value.toISOString();
  }
  if (typeof value === "string") {
    const ago = durationMs(value);
    if (ago !== undefined) return new Date(now() - ago).toISOString();
    if (RFC3339.test(value) && !Number.isNaN(Date.parse(value))) return value;
    if (DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      return `${value}T00:00:00Z`;
    }
  }
  throw new TypeError(
    `Cannot ${action}: ${field} must be a Date, an RFC 3339 date-time, a date (2026-05-31) ` +
      "or a duration before now (5m, 1h, 24h, 7d)",
  );
}

/**
 * Checks an optional page size: a positive integer. There is no upper bound here: the server
 * decides how many items a page holds (and may send fewer).
 */
export function toLimit(value: unknown, action: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Cannot ${action}: limit must be a positive integer`);
  }
  return value;
}

/**
 * Checks an optional duration in milliseconds (a timeout or a delay): an integer from `min` to
 * 2^31 - 1 (about 24.8 days), the longest timer every runtime can hold. Larger values would
 * overflow (Node fires such a timer at once), so they are refused.
 */
export function toTimeout(
  field: string,
  value: unknown,
  action: string,
  min = 1,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `Cannot ${action}: ${field} must be an integer of milliseconds of at least ${min}`,
    );
  }
  if (value > MAX_TIMER_MS) {
    throw new RangeError(
      `Cannot ${action}: ${field} must be at most ${MAX_TIMER_MS} ms (about 24.8 days), ` +
        "the longest timer every runtime can hold",
    );
  }
  return value;
}

/** Checks an id that goes into a URL path. */
export function toPathId(field: string, value: unknown, action: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`Cannot ${action}: ${field} must be a non-empty string`);
  }
  if (value.length > 256) {
    throw new TypeError(`Cannot ${action}: ${field} is longer than 256 characters`);
  }
  if (/[\u0000-\u001f\u007f-\u009f/?#]/.test(value) || value === "." || value === "..") {
    throw new TypeError(`Cannot ${action}: ${field} contains a character not allowed in an id`);
  }
  return value;
}

/** Checks a list of scopes: at least one, each well-formed, none repeated. Returns a copy. */
export function toScopes(value: unknown, action: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`Cannot ${action}: scopes must be a non-empty array`);
  }
  const seen = new Set<string>();
  for (const [i, scope] of value.entries()) {
    if (typeof scope !== "string" || !SCOPE.test(scope)) {
      throw new TypeError(`Cannot ${action}: scopes[${i}] is not a resource:action scope`);
    }
    if (seen.has(scope)) throw new TypeError(`Cannot ${action}: scopes[${i}] repeats ${scope}`);
    seen.add(scope);
  }
  return [...seen];
}

/**
 * The idempotency key of a create call: the caller's (1-256 visible ASCII characters), else a fresh
 * one per call, so that the call's own retries never create a second resource.
 */
export function toIdempotencyKey(value: unknown, action: string): string {
  if (value === undefined) return newRequestId();
  if (typeof value !== "string" || !/^[\x21-\x7e]{1,256}$/.test(value)) {
    throw new TypeError(
      `Cannot ${action}: idempotencyKey must be 1-256 visible ASCII characters`,
    );
  }
  return value;
}
