/**
 * Exact decimal amounts for spend: an amount is an integer number of units at a decimal scale
 * (`units * 10^-scale`, both exact: `bigint` units), so sums never pick up binary float noise
 * (`0.1 + 0.2` is `0.3`). Amounts arrive as JSON numbers (read through their shortest round-trip
 * text, which is what the JSON said) or as decimal strings (as a Rust or Python service sends a
 * `Decimal`), and are bounded in size so that hostile input costs nothing.
 *
 * @module
 */

/** An exact decimal: `units * 10^-scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** The zero amount. */
export const ZERO: Decimal = { units: 0n, scale: 0 };

/** A decimal number as text: sign, digits, optional fraction and exponent. */
const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,3}))?$/;
/** Most significant digits and largest exponent accepted. */
const MAX_DIGITS = 40;
const MAX_EXPONENT = 60;

/**
 * Reads an amount: a finite JSON number, or a decimal string (`"0.0042"`, `"-1.5"`, `"2E-7"`).
 * Returns `undefined` for anything else, including text with more than 40 digits or an exponent
 * beyond +-60.
 */
export function parseDecimal(value: unknown): Decimal | undefined {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === "string" && value.length <= 64) {
    text = value.trim();
  } else return undefined;
  const m = DECIMAL_TEXT.exec(text);
  if (m === null) return undefined;
  const [, sign, whole, fraction = "", exp = "0"] = m;
  const digits = (whole + fraction).replace(/^0+(?=\d)/, "");
  const exponent = Number(exp);
  if (digits.length > MAX_DIGITS || Math.abs(exponent) > MAX_EXPONENT) return undefined;
  let scale = fraction.length - exponent;
  let units = BigInt(digits);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return normalize({ units: sign === "-" ? -units : units, scale });
}

/** Drops trailing zeros of the fraction (`1.500` is `1.5`). */
function normalize(d: Decimal): Decimal {
  let { units, scale } = d;
  if (units === 0n) return ZERO;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

/** The exact sum of two amounts. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return normalize({ units: a.units + b.units, scale: a.scale });
  const scale = Math.max(a.scale, b.scale);
  const units = a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale);
  return normalize({ units, scale });
}

/** Plain decimal text, no exponent, no trailing zeros: `0.00001935`, `12`, `-0.5`. */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale > 0 ? `.${digits.slice(digits.length - d.scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** The nearest JS number: one rounding, at the end, so it prints as the decimal does. */
export function decimalToNumber(d: Decimal): number {
  return Number(formatDecimal(d));
}
