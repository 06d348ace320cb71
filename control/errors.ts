/**
 * The control-plane error family. Every error carries the request id where known, and never a
 * token: messages, `cause`s and enumerable fields are built from status codes, paths and the
 * server's error envelope only.
 *
 * @module
 */

/** Base class of every error a control-plane helper throws on purpose. */
export class KeeptrustsError extends Error {
  /** The `x-request-id` of the call, when one was sent or received. */
  readonly requestId: string | null;

  /**
   * Creates the error.
   *
   * @param message What could not be done and why.
   * @param options `requestId` of the call and an optional `cause`.
   */
  constructor(message: string, options: { requestId?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KeeptrustsError";
    this.requestId = options.requestId ?? null;
  }
}

/** Options of {@linkcode KeeptrustsApiError}. */
export interface KeeptrustsApiErrorOptions {
  /** HTTP status. */
  status: number;
  /** The envelope's `type`, e.g. `permission_error`. */
  type?: string | null;
  /** The envelope's `code`, e.g. `missing_scope`. */
  code?: string | null;
  /** The call's request id. */
  requestId?: string | null;
  /** Seconds from `Retry-After`, when sent. */
  retryAfterSeconds?: number | null;
}

/** The control plane answered with an error status (4xx or 5xx). */
export class KeeptrustsApiError extends KeeptrustsError {
  /** HTTP status. */
  readonly status: number;
  /** The platform's error `type`, when the body had the envelope. */
  readonly type: string | null;
  /** The platform's error `code`, when the body had the envelope. */
  readonly code: string | null;
  /** Seconds the server asked to wait (`Retry-After`), when given. */
  readonly retryAfterSeconds: number | null;

  /**
   * Creates the error.
   *
   * @param message Explanation (from the envelope when there was one).
   * @param options Status, platform type and code, request id.
   */
  constructor(message: string, options: KeeptrustsApiErrorOptions) {
    super(message, { requestId: options.requestId });
    this.name = "KeeptrustsApiError";
    this.status = options.status;
    this.type = options.type ?? null;
    this.code = options.code ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

/** 401: the bearer token is missing, unknown, expired or revoked. */
export class KeeptrustsAuthenticationError extends KeeptrustsApiError {
  /**
   * Creates the error.
   *
   * @param message Explanation.
   * @param options Status, type, code, request id.
   */
  constructor(message: string, options: KeeptrustsApiErrorOptions) {
    super(message, options);
    this.name = "KeeptrustsAuthenticationError";
  }
}

/** 403: the token is valid but lacks the scope the route needs. */
export class KeeptrustsPermissionError extends KeeptrustsApiError {
  /**
   * Creates the error.
   *
   * @param message Explanation.
   * @param options Status, type, code, request id.
   */
  constructor(message: string, options: KeeptrustsApiErrorOptions) {
    super(message, options);
    this.name = "KeeptrustsPermissionError";
  }
}

/** 404: no such resource. */
export class KeeptrustsNotFoundError extends KeeptrustsApiError {
  /**
   * Creates the error.
   *
   * @param message Explanation.
   * @param options Status, type, code, request id.
   */
  constructor(message: string, options: KeeptrustsApiErrorOptions) {
    super(message, options);
    this.name = "KeeptrustsNotFoundError";
  }
}

/** 429: rate limited, after the retries allowed were used up. */
export class KeeptrustsRateLimitError extends KeeptrustsApiError {
  /**
   * Creates the error.
   *
   * @param message Explanation.
   * @param options Status, type, code, request id, Retry-After.
   */
  constructor(message: string, options: KeeptrustsApiErrorOptions) {
    super(message, options);
    this.name = "KeeptrustsRateLimitError";
  }
}

/** One problem found in a response body. */
export interface ResponseIssue {
  /** Dot path of the field, e.g. `events.3.created_at`; empty for the body itself. */
  readonly path: string;
  /** What was expected there. */
  readonly expected: string;
}

/** The server's answer did not match the API's schema (a wrong type, a missing field, not JSON). */
export class KeeptrustsValidationError extends KeeptrustsError {
  /** The operation whose response was malformed, e.g. `listEvents`. */
  readonly operation: string;
  /** Path of the first problem. */
  readonly path: string;
  /** Every problem found. */
  readonly issues: readonly ResponseIssue[];

  /**
   * Creates the error.
   *
   * @param operation The operation id.
   * @param issues The problems found (at least one).
   * @param requestId The call's request id.
   */
  constructor(operation: string, issues: readonly ResponseIssue[], requestId: string | null) {
    const first = issues[0] ?? { path: "", expected: "a valid response" };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(
      `Cannot read ${operation} response: ${
        first.path || "(body)"
      } expected ${first.expected}${more}`,
      { requestId },
    );
    this.name = "KeeptrustsValidationError";
    this.operation = operation;
    this.path = first.path;
    this.issues = issues;
  }
}

/** The call did not complete within its timeout (all retries included). */
export class KeeptrustsTimeoutError extends KeeptrustsError {
  /**
   * Creates the error.
   *
   * @param message Explanation.
   * @param requestId The call's request id.
   */
  constructor(message: string, requestId: string | null) {
    super(message, { requestId });
    this.name = "KeeptrustsTimeoutError";
  }
}

/** The server could not be reached, or the connection dropped, after the retries allowed. */
export class KeeptrustsConnectionError extends KeeptrustsError {
  /**
   * Creates the error.
   *
   * @param message Explanation.
   * @param requestId The call's request id.
   * @param cause The underlying failure.
   */
  constructor(message: string, requestId: string | null, cause?: unknown) {
    super(message, { requestId, cause });
    this.name = "KeeptrustsConnectionError";
  }
}

/** The client is misconfigured (no token, running in a browser, ...). Nothing was sent. */
export class KeeptrustsConfigurationError extends KeeptrustsError {
  /**
   * Creates the error.
   *
   * @param message What is wrong and how to fix it.
   */
  constructor(message: string) {
    super(message);
    this.name = "KeeptrustsConfigurationError";
  }
}
