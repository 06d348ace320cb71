/**
 * The stand-in's one error factory, Hono's `HTTPException` way: a route throws
 * `new StandInError(status, { code, message })` and the app turns it into the platform's error
 * envelope `{ error: { type, code, message, policy?, request_id } }`.
 *
 * @module
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

const TYPES: Record<number, string> = {
  400: "invalid_request",
  401: "authentication_error",
  402: "payment_required",
  403: "permission_error",
  404: "not_found",
  409: "conflict",
  422: "validation_error",
  429: "rate_limit",
};

/** What a {@linkcode StandInError} says besides its status. */
export interface StandInErrorOptions {
  /** Machine-readable code, e.g. `missing_scope`. */
  code: string;
  /** Human-readable message (never a token). */
  message: string;
  /** The envelope's `type`; derived from the status when omitted. */
  type?: string;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
  /** The policy that refused the request (policy denials only). */
  policy?: string;
}

/** An HTTP error the stand-in answers with its error envelope. */
export class StandInError extends HTTPException {
  readonly code: string;
  readonly type: string;
  readonly headers: Record<string, string>;
  readonly policy: string | undefined;

  constructor(status: ContentfulStatusCode, options: StandInErrorOptions) {
    super(status, { message: options.message });
    this.code = options.code;
    this.type = options.type ?? TYPES[status] ?? "internal_error";
    this.headers = options.headers ?? {};
    this.policy = options.policy;
  }
}

/** A 422 `invalid_parameter` error: a query parameter or body field is wrong. */
export function invalidParameter(message: string, code = "invalid_parameter"): StandInError {
  return new StandInError(422, { code, message });
}

/** The error envelope response for any error thrown while handling a request. */
export function errorResponse(err: unknown, c: Context): Response {
  const e = err instanceof StandInError ? err : new StandInError(500, {
    code: "internal",
    type: "internal_error",
    message: "the stand-in failed to handle the request",
  });
  if (!(err instanceof StandInError)) console.error("stand-in error:", err);
  const requestId: string = c.get("requestId") ?? crypto.randomUUID();
  for (const [name, value] of Object.entries(e.headers)) c.header(name, value);
  c.header("x-request-id", requestId);
  const error: Record<string, string> = { type: e.type, code: e.code, message: e.message };
  if (e.policy !== undefined) error.policy = e.policy;
  error.request_id = requestId;
  return c.json({ error }, e.status as ContentfulStatusCode);
}
