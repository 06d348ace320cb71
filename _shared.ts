/**
 * Private helpers shared by the gateway and control-plane lanes. Never exported from an entry point.
 * Web APIs only: this file is loaded in browsers through the gateway lane.
 *
 * @module
 */

/** Longest request id or agent id accepted in a header. */
export const MAX_HEADER_ID_LENGTH = 256;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Checks a value that will be sent as an HTTP header (a request id or an agent id).
 *
 * @throws {TypeError} when it is not a non-empty string of at most 256 characters without control
 * characters. The message names the field and the problem, never the value.
 */
export function assertHeaderId(
  field: string,
  value: unknown,
  action: string,
): asserts value is string {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot ${action}: ${field} must be a string, got ${typeof value}`);
  }
  if (value.length === 0) throw new TypeError(`Cannot ${action}: ${field} is empty`);
  if (value.length > MAX_HEADER_ID_LENGTH) {
    throw new TypeError(
      `Cannot ${action}: ${field} is ${value.length} characters long (at most ${MAX_HEADER_ID_LENGTH})`,
    );
  }
  if (/[\r\n]/.test(value)) throw new TypeError(`Cannot ${action}: ${field} contains a line break`);
  if (CONTROL_CHARS.test(value)) {
    throw new TypeError(`Cannot ${action}: ${field} contains a control character`);
  }
  if (value !== value.trim()) {
    throw new TypeError(`Cannot ${action}: ${field} has leading or trailing white space`);
  }
  // Header values are ISO-8859-1 on the wire; anything above U+00FF cannot be sent as is.
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) {
      throw new TypeError(`Cannot ${action}: ${field} contains a character that is not Latin-1`);
    }
  }
}

/**
 * Checks a base URL: an absolute http(s) URL without credentials. Returns it without a trailing slash.
 *
 * @throws {TypeError} naming the field; the value itself is not echoed (it could carry a secret).
 */
export function normalizeBaseUrl(field: string, value: unknown, action: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`Cannot ${action}: ${field} is missing`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`Cannot ${action}: ${field} is not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(
      `Cannot ${action}: ${field} must use http or https, not ${url.protocol.slice(0, 16)}`,
    );
  }
  if (url.username || url.password) {
    throw new TypeError(`Cannot ${action}: ${field} must not contain credentials`);
  }
  if (url.search || url.hash) {
    throw new TypeError(`Cannot ${action}: ${field} must not have a query or fragment`);
  }
  return url.href.replace(/\/+$/, "");
}

/** Checks a secret (API key or bearer token) without ever putting it in a message. */
export function assertSecret(
  field: string,
  value: unknown,
  action: string,
  hint: string,
): asserts value is string {
  if (value === undefined || value === null) {
    throw new TypeError(`Cannot ${action}: ${field} is missing (${hint})`);
  }
  if (typeof value !== "string") {
    throw new TypeError(`Cannot ${action}: ${field} must be a string, got ${typeof value}`);
  }
  if (value.trim() === "") throw new TypeError(`Cannot ${action}: ${field} is empty`);
  // Visible ASCII only: anything else is refused by `Headers`, whose error message would quote the
  // whole header value, secret included.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new TypeError(
      `Cannot ${action}: ${field} contains white space, control or non-ASCII characters`,
    );
  }
}

/**
 * Reads an environment variable in Deno, Bun, Node and browsers (where there is none). Never throws:
 * a Deno process without `--allow-env` reads as unset.
 */
export function readEnv(name: string): string | undefined {
  const g = globalThis as {
    Deno?: { env?: { get(name: string): string | undefined } };
    process?: { env?: Record<string, string | undefined> };
  };
  try {
    if (g.Deno?.env) return g.Deno.env.get(name) || undefined;
    return g.process?.env?.[name] || undefined;
  } catch {
    return undefined;
  }
}

/** A fresh request id (a UUID v4, as the platform's docs suggest). */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/** Whether the code runs in a browser page or worker (not Deno, Bun or Node). */
export function isBrowserLike(): boolean {
  const g = globalThis as Record<string, unknown>;
  const hasDom = typeof g.window === "object" && typeof g.document === "object";
  const isWorker = typeof g.WorkerGlobalScope === "function" &&
    typeof g.importScripts === "function";
  return hasDom || isWorker;
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
