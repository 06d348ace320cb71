/**
 * The control-plane transport: a `fetch` for one call that adds the bearer token and request id,
 * retries what is safe to retry with exponential backoff and full jitter (honouring
 * `Retry-After`), enforces the call's timeout, and turns error statuses into typed errors.
 *
 * @module
 */
import {
  errorForStatus,
  type KeeptrustsApiError,
  KeeptrustsConnectionError,
  KeeptrustsTimeoutError,
} from "../errors.ts";
import { parseRetryAfter } from "../_shared/retry_after.ts";

/** Transport settings of one client. */
export interface TransportSettings {
  readonly token: string;
  readonly fetch: typeof fetch;
  readonly maxRetries: number;
  /** First backoff step, in ms. */
  readonly retryBaseDelay: number;
  /** Longest wait between attempts, in ms (also caps `Retry-After`). */
  readonly maxRetryDelay: number;
}

/** What one call adds. */
export interface CallContext {
  readonly requestId: string;
  /** Caller's signal combined with the call's timeout. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Set on POSTs that are safe to retry. */
  readonly idempotencyKey?: string;
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Full-jitter exponential backoff: a random wait in [0, min(cap, base * 2^attempt)]. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === "TimeoutError";
}

async function apiError(
  response: Response,
  ctx: CallContext,
  operation: string,
): Promise<KeeptrustsApiError> {
  let envelope: { type?: unknown; code?: unknown; message?: unknown } = {};
  try {
    const body = JSON.parse(await response.text());
    if (body && typeof body.error === "object" && body.error !== null) envelope = body.error;
  } catch {
    // Not the envelope: the status alone tells what happened.
  }
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const detail = str(envelope.message)?.slice(0, 500) ??
    (response.statusText || "no explanation given");
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  return errorForStatus(`${operation} failed with HTTP ${response.status}: ${detail}`, {
    status: response.status,
    type: str(envelope.type),
    code: str(envelope.code),
    requestId: response.headers.get("x-request-id") ?? ctx.requestId,
    retryAfterSeconds: retryAfter === null ? null : retryAfter / 1000,
  });
}

/**
 * Sends one call. Resolves with an OK response; rejects with a typed error otherwise. The caller's
 * abort reason is rethrown as is; the call's own timeout becomes {@linkcode KeeptrustsTimeoutError}.
 */
export async function send(
  settings: TransportSettings,
  request: Request,
  ctx: CallContext,
  operation: string,
): Promise<Response> {
  const method = request.method.toUpperCase();
  const retryable = IDEMPOTENT_METHODS.has(method) || ctx.idempotencyKey !== undefined;
  const body = request.body === null ? undefined : await request.arrayBuffer();
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${settings.token}`);
  headers.set("x-request-id", ctx.requestId);
  if (ctx.idempotencyKey !== undefined) headers.set("idempotency-key", ctx.idempotencyKey);
  const { signal } = ctx;
  const timedOut = () =>
    new KeeptrustsTimeoutError(`${operation} timed out after ${ctx.timeoutMs} ms`, {
      requestId: ctx.requestId,
    });

  for (let attempt = 0;; attempt++) {
    if (signal.aborted) throw isTimeout(signal.reason) ? timedOut() : signal.reason;
    let response: Response;
    try {
      response = await settings.fetch(
        new Request(request.url, { method, headers, body, signal, redirect: "follow" }),
      );
    } catch (err) {
      if (signal.aborted) throw isTimeout(signal.reason) ? timedOut() : signal.reason;
      if (retryable && attempt < settings.maxRetries) {
        await wait(backoffDelay(attempt, settings.retryBaseDelay, settings.maxRetryDelay));
        continue;
      }
      throw new KeeptrustsConnectionError(
        `${operation} could not reach the control plane` +
          (retryable
            ? ` after ${attempt + 1} attempts`
            : " (not retried: the request is not idempotent)"),
        { requestId: ctx.requestId, cause: err },
      );
    }
    if (response.ok) return response;
    if (retryable && RETRY_STATUSES.has(response.status) && attempt < settings.maxRetries) {
      const asked = parseRetryAfter(response.headers.get("retry-after"));
      const delay = asked !== null
        ? Math.min(asked, settings.maxRetryDelay)
        : backoffDelay(attempt, settings.retryBaseDelay, settings.maxRetryDelay);
      await response.body?.cancel().catch(() => {});
      await wait(delay);
      continue;
    }
    throw await apiError(response, ctx, operation);
  }

  async function wait(ms: number): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw isTimeout(reason) ? timedOut() : reason;
    }
  }
}
