/**
 * A wrapper that keeps one-time tokens out of logs, errors, JSON and inspection.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** SHA-256 fingerprint of a token: `sha256:` and the first 16 hex digits. Safe to log. */
export function tokenFingerprint(token: string): string {
  return `sha256:${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
}

/** A masked form of a token that is safe to show: `****` and at most its last four characters. */
export function maskToken(token: string): string {
  return token.length >= 16 ? `****${token.slice(-4)}` : "****";
}

/**
 * A secret (a freshly created token) that prints as `[redacted]` everywhere: `String()`,
 * `JSON.stringify`, `console.log`, `util.inspect`, `Deno.inspect`. Read it once with
 * {@linkcode Secret.reveal} and hand it to your secret store.
 *
 * @example Store a one-time token without logging it
 * ```ts
 * import assert from "node:assert/strict";
 * import { Secret } from "@keeptrusts/client/control";
 *
 * const token = new Secret("kt_live_0123456789abcdef");
 * assert.equal(`${token}`, "[redacted]");
 * assert.equal(JSON.stringify({ token }), '{"token":"[redacted]"}');
 * assert.match(token.fingerprint, /^sha256:/);
 * assert.equal(token.reveal(), "kt_live_0123456789abcdef"); // for your secret store
 * ```
 */
export class Secret {
  readonly #value: string;
  /** SHA-256 fingerprint, safe to log and compare. */
  readonly fingerprint: string;
  /** Masked form, safe to show. */
  readonly masked: string;

  /**
   * Wraps a secret.
   *
   * @param value The secret.
   */
  constructor(value: string) {
    if (typeof value !== "string" || value === "") {
      throw new TypeError("Cannot wrap secret: value must be a non-empty string");
    }
    this.#value = value;
    this.fingerprint = tokenFingerprint(value);
    this.masked = maskToken(value);
  }

  /** The secret itself. Call it only where the value goes into a secret store. */
  reveal(): string {
    return this.#value;
  }

  /** Always `[redacted]`. */
  toString(): string {
    return "[redacted]";
  }

  /** Always `[redacted]`. */
  toJSON(): string {
    return "[redacted]";
  }

  /** Node and Bun inspection. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Secret([redacted] ${this.fingerprint})`;
  }

  /** Deno inspection. */
  [Symbol.for("Deno.customInspect")](): string {
    return `Secret([redacted] ${this.fingerprint})`;
  }
}
