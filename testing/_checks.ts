/**
 * Small checks of values that come from plain JavaScript: each failure is a `TypeError` saying
 * what could not be done and which option is wrong.
 *
 * @module
 */

export function fail(action: string, what: string): never {
  throw new TypeError(`Cannot ${action}: ${what}`);
}

/** Throws a TypeError naming the first key of `value` not in `known`. */
export function checkKeys(
  action: string,
  where: string,
  value: object,
  known: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
    const hint = camel !== key && known.includes(camel) ? ` (did you mean ${camel}?)` : "";
    fail(action, `unknown option ${where}${JSON.stringify(key).slice(0, 64)}${hint}`);
  }
}

export function record(action: string, name: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(action, `${name} must be an object`);
  }
  return value as Record<string, unknown>;
}

export function integer(
  action: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  dflt: number,
): number {
  if (value === undefined) return dflt;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    fail(action, `${name} must be an integer from ${min} to ${max}`);
  }
  return value as number;
}

export function strings(
  action: string,
  name: string,
  value: unknown,
  dflt: readonly string[],
): readonly string[] {
  if (value === undefined) return dflt;
  if (
    !Array.isArray(value) ||
    !value.every((v) => typeof v === "string" && v.length > 0 && v.length <= 256)
  ) {
    fail(action, `${name} must be an array of non-empty strings`);
  }
  return [...value];
}

export function bool(action: string, name: string, value: unknown, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (typeof value !== "boolean") fail(action, `${name} must be true or false`);
  return value;
}

export function token(action: string, name: string, value: unknown, dflt: string): string {
  if (value === undefined) return dflt;
  if (typeof value !== "string" || !/^[\x21-\x7e]{8,256}$/.test(value)) {
    fail(action, `${name} must be 8-256 visible ASCII characters`);
  }
  return value;
}

/** A required integer in [min, max]. */
export function requiredInteger(
  action: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
): number {
  if (value === undefined) fail(action, `${name} is required`);
  return integer(action, name, value, min, max, min);
}
