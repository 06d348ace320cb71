/**
 * The stand-in's clock: strictly increasing RFC 3339 timestamps with microsecond precision, from a
 * clock the caller may replace (tests freeze or step it).
 *
 * @module
 */

let cachedMinute = NaN;
let cachedPrefix = "";

/**
 * Formats microseconds since the epoch as RFC 3339 UTC with microsecond precision. The
 * `YYYY-MM-DDTHH:MM:` prefix of the last minute formatted is reused (seeded history formats a
 * timestamp a second apart, millions of times).
 */
export function formatMicros(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const minute = Math.floor(seconds / 60);
  if (minute !== cachedMinute) {
    cachedPrefix = new Date(minute * 60_000).toISOString().slice(0, 17);
    cachedMinute = minute;
  }
  const sec = String(seconds - minute * 60).padStart(2, "0");
  return `${cachedPrefix}${sec}.${String(us - seconds * 1_000_000).padStart(6, "0")}Z`;
}

/** Parses an RFC 3339 timestamp to microseconds since the epoch (fractions beyond µs dropped). */
export function parseMicros(text: string): number {
  const m = /\.(\d+)(Z|[+-]\d\d:?\d\d)$/i.exec(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return NaN;
  if (!m) return ms * 1000;
  const frac = (m[1] + "000000").slice(0, 6);
  return Math.floor(ms / 1000) * 1_000_000 + Number(frac);
}

/** Strictly increasing timestamps from a millisecond clock. */
export class Clock {
  readonly #now: () => number;
  #last = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The clock's reading in milliseconds since the epoch. */
  nowMs(): number {
    return this.#now();
  }

  /** A timestamp later than every one given before, as microseconds since the epoch. */
  nextMicros(): number {
    let us = Math.floor(this.#now() * 1000);
    if (us <= this.#last) us = this.#last + 1;
    this.#last = us;
    return us;
  }

  /** A timestamp later than every one given before, as RFC 3339 text. */
  timestamp(): string {
    return formatMicros(this.nextMicros());
  }

  /** Makes later timestamps come after `us` (for history seeded in the past). */
  advancePast(us: number): void {
    if (us > this.#last) this.#last = us;
  }
}
