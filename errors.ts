/**
 * The error family of `@keeptrusts/client`, shared by every entry point. One constructor shape,
 * `(message, options)`; `name` set by override; the request id where known; never a token (messages
 * are built from statuses, paths, codes and the server's error envelope with secrets removed).
 * Web APIs only: the gateway lane loads this file in browsers.
 *
 * Caller misuse (a malformed option, a wrong type) is a built-in `TypeError` or `RangeError`
 * instead: those are bugs to fix, not failures to handle.
 *
 * @example Handle any SDK failure, then the kinds you care about
 * ```ts
 * import assert from "node:assert/strict";
 * import { isKeeptrustsError, KeeptrustsApiError, KeeptrustsNotFoundError } from "@keeptrusts/client";
 *
 * const err: unknown = new KeeptrustsNotFoundError("getEvent failed with HTTP 404: no such event", {
 *   status: 404,
 *   requestId: "req_1",
 * });
 * assert.ok(isKeeptrustsError(err));
 * assert.ok(err instanceof KeeptrustsApiError);
 * assert.equal(err.name, "KeeptrustsNotFoundError");
 * assert.equal(err.requestId, "req_1");
 * ```
 *
 * @module
 */

const BRAND = Symbol.for("@keeptrusts/client/error");

/** Options every error of the family takes. */
export interface KeeptrustsErrorOptions {
  /** The `x-request-id` of the call, when one was sent or received. */
  requestId?: string | null;
  /** Machine-readable kind, e.g. `missing_api_key`, `too_large`, `cursor_loop`. */
  code?: string | null;
  /** The underlying failure. */
  cause?: unknown;
}

/** Base class of every error the SDK throws on purpose. */
export class KeeptrustsError extends Error {
  /** The error's class name. */
  override name: string = "KeeptrustsError";
  /** The `x-request-id` of the call, when one was sent or received. */
  readonly requestId: string | null;
  /** Machine-readable kind, when there is one. */
  readonly code: string | null;

  /**
   * Creates the error.
   *
   * @param message What could not be done and why.
   * @param options Request id, code and cause.
   */
  constructor(message: string, options: KeeptrustsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.requestId = options.requestId ?? null;
    this.code = options.code ?? null;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether a value is an error of this family, from any copy of the package (it does not rely on
 * `instanceof` of one copy).
 *
 * @param value Anything caught.
 * @returns True for every `Keeptrusts*Error`.
 *
 * @example Tell SDK failures from bugs
 * ```ts
 * import assert from "node:assert/strict";
 * import { isKeeptrustsError, KeeptrustsTimeoutError } from "@keeptrusts/client";
 *
 * assert.equal(isKeeptrustsError(new KeeptrustsTimeoutError("listEvents timed out after 10 ms")), true);
 * assert.equal(isKeeptrustsError(new TypeError("bad option")), false);
 * ```
 */
export function isKeeptrustsError(value: unknown): value is KeeptrustsError {
  return typeof value === "object" && value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Options of {@linkcode KeeptrustsApiError} and its subclasses. */
export interface KeeptrustsApiErrorOptions extends KeeptrustsErrorOptions {
  /** HTTP status. */
  status: number;
  /** The envelope's `type`, e.g. `permission_error`. */
  type?: string | null;
  /** Seconds from `Retry-After`, when sent. */
  retryAfterSeconds?: number | null;
}

/** The server answered with an error status (4xx or 5xx). */
export class KeeptrustsApiError extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsApiError";
  /** HTTP status. */
  readonly status: number;
  /** The platform's error `type`, when the body had the envelope. */
  readonly type: string | null;
  /** Seconds the server asked to wait (`Retry-After`), when given. */
  readonly retryAfterSeconds: number | null;

  /**
   * Creates the error.
   *
   * @param message Explanation (from the envelope when there was one).
   * @param options Status, platform type and code, request id.
   */
  constructor(message: string, options: KeeptrustsApiErrorOptions) {
    super(message, options);
    this.status = options.status;
    this.type = options.type ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

/** 401: the bearer token is missing, unknown, expired or revoked. */
export class KeeptrustsAuthenticationError extends KeeptrustsApiError {
  /** The error's class name. */
  override name: string = "KeeptrustsAuthenticationError";
}

/** 403: the token is valid but lacks the scope the route needs. */
export class KeeptrustsPermissionError extends KeeptrustsApiError {
  /** The error's class name. */
  override name: string = "KeeptrustsPermissionError";
}

/** 404: no such resource. */
export class KeeptrustsNotFoundError extends KeeptrustsApiError {
  /** The error's class name. */
  override name: string = "KeeptrustsNotFoundError";
}

/** 429: rate limited, after the retries allowed were used up. */
export class KeeptrustsRateLimitError extends KeeptrustsApiError {
  /** The error's class name. */
  override name: string = "KeeptrustsRateLimitError";
}

/**
 * 404 or 405 on a route this deployment does not have (an evidence route of a platform version
 * without it): not a missing resource, a missing feature.
 */
export class KeeptrustsUnsupportedError extends KeeptrustsApiError {
  /** The error's class name. */
  override name: string = "KeeptrustsUnsupportedError";
}

/**
 * The error class for an HTTP error status: 401, 403, 404 and 429 get their own class, every other
 * status {@linkcode KeeptrustsApiError}.
 *
 * @param message Explanation.
 * @param options Status, type, code, request id, `Retry-After`.
 * @returns The error, not thrown.
 *
 * @example Map a status
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorForStatus, KeeptrustsPermissionError } from "@keeptrusts/client";
 *
 * assert.ok(errorForStatus("whoami failed with HTTP 403", { status: 403 }) instanceof KeeptrustsPermissionError);
 * ```
 */
export function errorForStatus(
  message: string,
  options: KeeptrustsApiErrorOptions,
): KeeptrustsApiError {
  switch (options.status) {
    case 401:
      return new KeeptrustsAuthenticationError(message, options);
    case 403:
      return new KeeptrustsPermissionError(message, options);
    case 404:
      return new KeeptrustsNotFoundError(message, options);
    case 429:
      return new KeeptrustsRateLimitError(message, options);
    default:
      return new KeeptrustsApiError(message, options);
  }
}

/** One problem found in a response body. */
export interface ResponseIssue {
  /** Dot path of the field, e.g. `events.3.created_at`; empty for the body itself. */
  readonly path: string;
  /** What was expected there. */
  readonly expected: string;
}

/** Options of {@linkcode KeeptrustsValidationError}. */
export interface KeeptrustsValidationErrorOptions extends KeeptrustsErrorOptions {
  /** The operation whose response was malformed, e.g. `listEvents`. */
  operation: string;
  /** Every problem found (at least one). */
  issues: readonly ResponseIssue[];
}

/** The server's answer lacks what the SDK relies on (a wrong type, a missing id, not JSON). */
export class KeeptrustsValidationError extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsValidationError";
  /** The operation whose response was malformed, e.g. `listEvents`. */
  readonly operation: string;
  /** Path of the first problem. */
  readonly path: string;
  /** Every problem found. */
  readonly issues: readonly ResponseIssue[];

  /**
   * Creates the error.
   *
   * @param message Explanation naming the first path.
   * @param options Operation, issues, request id.
   */
  constructor(message: string, options: KeeptrustsValidationErrorOptions) {
    super(message, options);
    this.operation = options.operation;
    this.issues = options.issues;
    this.path = options.issues[0]?.path ?? "";
  }
}

/** A response could not be read safely: too large, not JSON, cut off, or a cursor that repeats. */
export class KeeptrustsResponseError extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsResponseError";
}

/** The call did not complete within its timeout (all retries included). */
export class KeeptrustsTimeoutError extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsTimeoutError";
}

/** The server could not be reached, or the connection dropped, after the retries allowed. */
export class KeeptrustsConnectionError extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsConnectionError";
}

/** The client is misconfigured (no key or token, a wrong URL, a browser). Nothing was sent. */
export class KeeptrustsConfigurationError extends KeeptrustsError {
  /** The error's class name. */
  override name: string = "KeeptrustsConfigurationError";
}
