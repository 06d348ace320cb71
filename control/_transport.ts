/**
 * The control-plane transport: the `fetch` of one call. It adds the bearer token and request id,
 * follows redirects by the SDK's rules, reads the whole body within a size limit, checks that a
 * JSON operation got a JSON body, retries what is safe to retry with exponential backoff and full
 * jitter (honouring a capped `Retry-After`), and turns every failure into a typed error. The body
 * is read here, within the call's signal: it goes to `onAnswer` (parsed when JSON), or back to the
 * generated client in a response of its own; nothing after the transport can stall on it.
 *
 * @module
 */
import { KeeptrustsTimeoutError } from "../errors.ts";
import { parseRetryAfter } from "../_shared/retry_after.ts";
import { fetchFollowing, RedirectRefused } from "./_follow_redirects.ts";
import { BodyFailed, BodyTooLarge, readBody, readErrorText } from "./_read_body.ts";
import {
  apiError,
  connectionError,
  isRuntimeRefusal,
  responseError,
  shownUrl,
} from "./_transport_errors.ts";

/** Transport settings of one client. */
export interface TransportSettings {
  readonly token: string;
  readonly fetch: typeof fetch;
  readonly maxRetries: number;
  /** First backoff step, in ms. */
  readonly retryBaseDelay: number;
  /** Longest wait between attempts, in ms (also caps `Retry-After`). */
  readonly maxRetryDelay: number;
  /** Largest response body read, in bytes. */
  readonly maxResponseBytes: number;
}

/** What one call adds. */
export interface CallContext {
  readonly requestId: string;
  /** Fires on the caller's abort or the call's timeout. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Whether `signal` fired because of the timeout (not the caller). */
  readonly timedOut: () => boolean;
  /** Set on POSTs that are safe to retry. */
  readonly idempotencyKey?: string;
  /**
   * `json` (the default): the answer must be a JSON body; `json_or_empty`: a JSON body or a
   * `204 No Content` (`onAnswer` gets `undefined`); `bytes`: any body.
   */
  readonly expect?: "json" | "json_or_empty" | "bytes";
  /**
   * Receives the answer, read here: the parsed JSON (`json`) or the bytes (`bytes`). When set,
   * the response handed back has its body used up (the generated client must not read it); when
   * not, the response carries the body again for the generated client to parse.
   */
  readonly onAnswer?: (value: unknown) => void;
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const ERROR_BODY_LIMIT = 64 * 1024;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

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

/** Checks the content type and size of a JSON answer before and after reading it. */
function jsonProblem(response: Response, size: number | null): [string, string] | null {
  if (response.status === 204 || response.status === 205) return ["with no content", "empty_body"];
  const type = response.headers.get("content-type");
  if (type === null) return ["without a Content-Type (expected application/json)", "not_json"];
  if (!JSON_TYPE.test(type)) {
    return [`with Content-Type ${type.slice(0, 80)} (expected application/json)`, "not_json"];
  }
  if (size === 0) return ["with an empty body", "empty_body"];
  return null;
}

/** What one attempt ends in: an answer, or a wait before the next attempt. */
type Outcome = { readonly response: Response } | { readonly retryAfterMs: number };

interface Attempt {
  readonly settings: TransportSettings;
  readonly ctx: CallContext;
  readonly request: Request;
  readonly method: string;
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
  readonly operation: string;
  readonly retryable: boolean;
  readonly stopped: () => unknown;
}

/**
 * Sends one call. Resolves with an OK response: its body used up when `ctx.onAnswer` took the
 * answer, else a copy in memory; rejects with a typed error otherwise. The caller's abort reason is rethrown as is; the call's own timeout becomes
 * {@linkcode KeeptrustsTimeoutError}.
 */
export async function send(
  settings: TransportSettings,
  request: Request,
  ctx: CallContext,
  operation: string,
): Promise<Response> {
  const method = request.method.toUpperCase();
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${settings.token}`);
  headers.set("x-request-id", ctx.requestId);
  if (ctx.idempotencyKey !== undefined) headers.set("idempotency-key", ctx.idempotencyKey);
  const stopped = () =>
    ctx.timedOut()
      ? new KeeptrustsTimeoutError(`${operation} timed out after ${ctx.timeoutMs} ms`, {
        requestId: ctx.requestId,
      })
      : ctx.signal.reason;
  const call: Attempt = {
    settings,
    ctx,
    request,
    method,
    headers,
    body: request.body === null ? undefined : new Uint8Array(await request.arrayBuffer()),
    operation,
    retryable: IDEMPOTENT_METHODS.has(method) || ctx.idempotencyKey !== undefined,
    stopped,
  };
  for (let attempt = 0;; attempt++) {
    if (ctx.signal.aborted) throw stopped();
    const outcome = await attemptOnce(call, attempt);
    if ("response" in outcome) return outcome.response;
    try {
      await sleep(outcome.retryAfterMs, ctx.signal);
    } catch {
      throw stopped();
    }
  }
}

/** One attempt: the exchange, then the body. Throws what ends the call; returns a wait to retry. */
async function attemptOnce(call: Attempt, attempt: number): Promise<Outcome> {
  const { settings, ctx, request, operation, stopped } = call;
  const canRetry = call.retryable && attempt < settings.maxRetries;
  const backoff = {
    retryAfterMs: backoffDelay(attempt, settings.retryBaseDelay, settings.maxRetryDelay),
  };
  const what = `${operation} (${call.method} ${shownUrl(request.url)})`;
  let response: Response;
  try {
    response = await fetchFollowing(settings.fetch, {
      url: request.url,
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: ctx.signal,
    });
  } catch (err) {
    if (ctx.signal.aborted) throw stopped();
    if (err instanceof RedirectRefused) {
      throw responseError(`${what} answered ${err.message}; refused`, err.code, ctx.requestId);
    }
    if (canRetry && !isRuntimeRefusal(err)) return backoff;
    throw connectionError(operation, request.url, err, settings.token, {
      requestId: ctx.requestId,
      attempts: attempt + 1,
      retryable: call.retryable,
    });
  }
  if (!response.ok) {
    if (canRetry && RETRY_STATUSES.has(response.status)) {
      const asked = parseRetryAfter(response.headers.get("retry-after"));
      await response.body?.cancel().catch(() => {});
      return asked === null ? backoff : { retryAfterMs: Math.min(asked, settings.maxRetryDelay) };
    }
    const text = await readErrorText(response, ERROR_BODY_LIMIT);
    if (ctx.signal.aborted) throw stopped();
    throw apiError(operation, response, text, settings.token, ctx.requestId);
  }
  if (ctx.expect === "json_or_empty" && ctx.onAnswer !== undefined && response.status === 204) {
    await response.body?.cancel().catch(() => {});
    ctx.onAnswer(undefined);
    return { response };
  }
  const body = await readOk(call, response, attempt, canRetry);
  if (body === null) return backoff;
  if (ctx.onAnswer !== undefined) {
    ctx.onAnswer(typeof body === "string" ? parseJson(call, body) : body);
    return { response };
  }
  const nullBody = response.status === 204 || response.status === 205;
  return {
    response: new Response(nullBody ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    }),
  };
}

/** Reads an OK answer's body (JSON checked before and after); `null` asks for a retry. */
async function readOk(
  call: Attempt,
  response: Response,
  attempt: number,
  canRetry: boolean,
): Promise<string | Uint8Array<ArrayBuffer> | null> {
  const { settings, ctx, stopped } = call;
  const what = `${call.operation} (${call.method} ${shownUrl(call.request.url)})`;
  const expectJson = ctx.expect !== "bytes";
  const early = expectJson ? jsonProblem(response, null) : null;
  if (early !== null) {
    await response.body?.cancel().catch(() => {});
    throw responseError(
      `${what} answered HTTP ${response.status} ${early[0]}`,
      early[1],
      ctx.requestId,
    );
  }
  let body: string | Uint8Array<ArrayBuffer>;
  try {
    body = await readBody(
      response,
      settings.maxResponseBytes,
      ctx.signal,
      expectJson ? "text" : "bytes",
    );
  } catch (err) {
    if (ctx.signal.aborted) throw stopped();
    if (err instanceof BodyTooLarge) {
      throw responseError(
        `${what} answered a body larger than the limit of ${err.limit} bytes ` +
          "(maxResponseBytes); stopped reading there",
        "too_large",
        ctx.requestId,
      );
    }
    if (err instanceof BodyFailed && canRetry) return null;
    throw responseError(
      `${what}: the body was cut off or failed part-way` +
        (call.retryable ? ` (after ${attempt + 1} attempts)` : ""),
      "body_failed",
      ctx.requestId,
      err instanceof BodyFailed ? err.cause : err,
    );
  }
  const late = expectJson ? jsonProblem(response, body.length) : null;
  if (late !== null) {
    throw responseError(
      `${what} answered HTTP ${response.status} ${late[0]}`,
      late[1],
      ctx.requestId,
    );
  }
  return body;
}

/** Parses a JSON body. */
function parseJson(call: Attempt, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw responseError(
      `Cannot read ${call.operation} response: the body is not valid JSON`,
      "not_json",
      call.ctx.requestId,
      err,
    );
  }
}
