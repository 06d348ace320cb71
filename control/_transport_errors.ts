/**
 * The errors the control-plane transport raises, built so that they name what failed (the
 * operation, the URL without its query, the runtime's reason) and never carry the bearer token,
 * not even one a server echoes back in its error text.
 *
 * @module
 */
import {
  errorForStatus,
  type KeeptrustsApiError,
  KeeptrustsConfigurationError,
  KeeptrustsConnectionError,
  KeeptrustsResponseError,
} from "../errors.ts";
import { isPermissionDenied } from "../_shared/env.ts";
import { parseRetryAfter } from "../_shared/retry_after.ts";

/**
 * Removes a token from text a server or a runtime produced: the token itself, and any run of
 * visible characters that starts with its first 12 characters (a token a server cut short).
 */
export function redact(text: string, token: string): string {
  if (token.length === 0) return text;
  let out = text.replaceAll(token, "[redacted]");
  const head = token.slice(0, Math.min(12, token.length));
  if (head.length >= 8 && out.includes(head)) {
    out = out.replace(
      new RegExp(head.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "[\\x21-\\x7e]*", "g"),
      "[redacted]",
    );
  }
  return out;
}

/** A URL as it may appear in a message: origin and path, no query (cursors, filters) or fragment. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.length > 200 ? `${u.pathname.slice(0, 200)}...` : u.pathname;
    return u.origin + path;
  } catch {
    return "(invalid URL)";
  }
}

/** Whether the runtime itself refused the request (Deno without `--allow-net`). */
export const isRuntimeRefusal: (err: unknown) => boolean = isPermissionDenied;

/** The runtime's reason for a failed connection, in a few words: its code, else its message. */
function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  const cause = e?.cause as { code?: unknown; message?: unknown } | undefined;
  const code = [cause?.code, e?.code].find((c) => typeof c === "string" && c !== "");
  const message = [cause?.message, e?.message].find((m) => typeof m === "string" && m !== "");
  // Runtimes quote the whole URL: its query (filters, cursors) stays out of the message.
  const text = ([code, message].filter(Boolean).join(": ") || String(err))
    .replace(/(https?:\/\/[^\s?#)"']+)[?#][^\s)"']*/g, "$1");
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

/** The error for a request that never got an answer. */
export function connectionError(
  operation: string,
  url: string,
  err: unknown,
  token: string,
  detail: { requestId: string; attempts: number; retryable: boolean },
): KeeptrustsConnectionError | KeeptrustsConfigurationError {
  const reason = redact(reasonOf(err), token);
  if (isRuntimeRefusal(err)) {
    return new KeeptrustsConfigurationError(
      `${operation} could not reach ${shownUrl(url)}: the runtime refused network access ` +
        `(${reason}); run Deno with --allow-net for this host. Not retried.`,
      { requestId: detail.requestId, code: "net_denied", cause: err },
    );
  }
  const tries = detail.retryable
    ? ` after ${detail.attempts} attempt${detail.attempts === 1 ? "" : "s"}`
    : " (not retried: the request is not idempotent)";
  return new KeeptrustsConnectionError(
    `${operation} could not reach ${shownUrl(url)}: ${reason}${tries}`,
    { requestId: detail.requestId, code: "connection_failed", cause: err },
  );
}

/** A response that cannot be read safely (too large, not JSON, cut off, a refused redirect). */
export function responseError(
  message: string,
  code: string,
  requestId: string,
  cause?: unknown,
): KeeptrustsResponseError {
  return new KeeptrustsResponseError(message, { requestId, code, cause });
}

/** The error for an HTTP error status, from the platform's envelope when the body has one. */
export function apiError(
  operation: string,
  response: Response,
  text: string,
  token: string,
  requestId: string,
): KeeptrustsApiError {
  let envelope: { type?: unknown; code?: unknown; message?: unknown } = {};
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === "object" && body.error !== null) envelope = body.error;
  } catch {
    // Not the envelope: the status alone tells what happened.
  }
  const str = (v: unknown) => (typeof v === "string" ? redact(v, token).slice(0, 500) : null);
  const detail = str(envelope.message) ?? (str(response.statusText) || "no explanation given");
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  return errorForStatus(`${operation} failed with HTTP ${response.status}: ${detail}`, {
    status: response.status,
    type: str(envelope.type),
    code: str(envelope.code),
    requestId: str(response.headers.get("x-request-id")) ?? requestId,
    retryAfterSeconds: retryAfter === null ? null : retryAfter / 1000,
  });
}
