/**
 * A forger's canonical JSON: RFC 8785's key order and number form, but strings written the way
 * `JSON.stringify` writes them, lone surrogates included (`"\ud800"`), where RFC 8785 has no form
 * for them. A lying stand-in hashes and signs such records so that verifiers must cope.
 *
 * @module
 */

/** Canonical text of a JSON value that never refuses a lone surrogate. */
export function lenientCanonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(lenientCanonical).join(",")}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${lenientCanonical(record[k])}`).join(",")}}`;
}
