/**
 * Strict RFC 3339 timestamps to microseconds since the epoch, the same on every runtime
 * (`Date.parse` accepts different extra forms on V8 and JavaScriptCore).
 *
 * @module
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Microseconds since 1970-01-01T00:00:00Z of an RFC 3339 timestamp (fractions below a microsecond
 * truncated), or `undefined` when the value is not one or names an impossible date.
 */
export function timestampMicros(text: unknown): number | undefined {
  if (typeof text !== "string" || text.length > 40) return undefined;
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59
  ) return undefined;
  const offset = m[8] ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!m[8] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const fraction = Number(((m[7] ?? "") + "000000").slice(0, 6));
  return (ms / 1000 - offset * 60) * 1_000_000 + fraction;
}
