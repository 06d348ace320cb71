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

/** Normalises a `Date` or RFC 3339 string to an RFC 3339 string; `undefined` passes through. */
export function toTimestamp(
  field: string,
  value: Date | string | undefined,
  action: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`Cannot ${action}: ${field} is an invalid Date`);
    }
    return value.toISOString();
  }
  if (typeof value !== "string" || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new TypeError(
      `Cannot ${action}: ${field} must be a Date or an RFC 3339 date-time string`,
    );
  }
  return value;
}

/** Checks an optional page size. */
export function toLimit(value: number | undefined, action: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new RangeError(`Cannot ${action}: limit must be an integer from 1 to 1000`);
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
