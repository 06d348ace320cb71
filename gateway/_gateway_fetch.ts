/**
 * The fetch wrapper of the gateway client: per attempt a `traceparent` (an OpenTelemetry span when
 * one is registered), refusals never retried, `Retry-After` capped and abortable. Private to the
 * gateway lane.
 *
 * @module
 */
import { isPermissionDenied } from "../_shared/env.ts";
import { parseRetryAfter } from "../_shared/retry_after.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import { type CallTrace, startAttempt } from "./_call_trace.ts";

/** What the OpenAI subclass tells the wrapper about one attempt, keyed by its `Headers`. */
export interface AttemptInfo {
  readonly call: CallTrace;
  /** The call's retries in all (openai-node's `maxRetries` for this call). */
  readonly maxRetries: number;
  readonly timeoutMs: number;
}
/** Filled by the OpenAI subclass's `prepareRequest` hook. */
export const ATTEMPTS: WeakMap<Headers, AttemptInfo> = new WeakMap();

/** Longest `Retry-After` honoured; a longer one fails the call at once with the gateway's answer. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Policy denials and wallet refusals: the same answer however often they are asked. */
export const isRefusal = (status: number): boolean => status === 409 || status === 402;

/** Whether openai-node would retry this answer (its own rule, without its 409 case). */
export const isRetryable = (r: Response): boolean =>
  r.headers.get("x-should-retry") === "true" ||
  (r.headers.get("x-should-retry") !== "false" &&
    (r.status === 408 || r.status === 429 || r.status >= 500));

/** `r` with some headers set (or deleted, for `null`) and another body. */
export function copy(
  r: Response,
  body: BodyInit | null,
  set: Record<string, string | null>,
): Response {
  const headers = new Headers(r.headers);
  for (const [k, v] of Object.entries(set)) v === null ? headers.delete(k) : headers.set(k, v);
  return new Response(body, { status: r.status, statusText: r.statusText, headers });
}

/** `Retry-After` of a failed answer, in ms (`retry-after-ms` first, as openai-node reads it). */
export function askedWait(r: Response): number | null {
  const ms = Number(r.headers.get("retry-after-ms") ?? NaN);
  return ms >= 0 ? ms : parseRetryAfter(r.headers.get("retry-after"));
}

const urlOf = (input: RequestInfo | URL) =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url;

/** Sends one attempt of `call` with its canonical headers, recording it on its span if any. */
export async function send(
  inner: typeof fetch,
  input: RequestInfo | URL,
  init: RequestInit,
  headers: Headers,
  call: CallTrace,
  resend: () => number,
): Promise<Response> {
  headers.set("x-request-id", call.requestId);
  if (call.agentId !== undefined) headers.set("x-keeptrusts-agent-id", call.agentId);
  let attempt = startAttempt(call, urlOf(input), resend);
  if (attempt instanceof Promise) attempt = await attempt;
  headers.set("traceparent", attempt.traceparent);
  if (attempt.tracestate) headers.set("tracestate", attempt.tracestate);
  else if (!call.keepState) headers.delete("tracestate");
  let r: Response;
  try {
    r = await attempt.run(() => inner(input, init));
  } catch (err) {
    attempt.fail(err);
    if (!isPermissionDenied(err)) throw err;
    // Asking again cannot help: the call fails with what to change (openai-node's next attempt
    // stops at `prepareRequest`, which throws this; the AI SDK does not retry it).
    const { host } = new URL(urlOf(input));
    throw call.refused = new KeeptrustsConfigurationError(
      `Cannot send gateway request: Deno denied network access to ${host} (run with ` +
        `--allow-net=${host})`,
      { code: "net_denied", cause: err, requestId: call.requestId },
    );
  }
  return attempt.finish(r);
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => (clearTimeout(timer), reject(signal!.reason));
    const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A failed attempt that openai-node will retry: wait what the gateway asked here, where the call's
 * abort signal ends the wait, then let openai-node retry at once; a wait past the cap or past the
 * attempt's time limit fails the call now instead.
 */
async function beforeRetry(
  r: Response,
  info: AttemptInfo,
  retriesLeft: number,
  started: number,
  signal: AbortSignal | null | undefined,
): Promise<Response> {
  const wait = askedWait(r);
  if (wait === null || retriesLeft <= 0 || !isRetryable(r)) return r;
  if (wait > RETRY_AFTER_CAP_MS || wait > info.timeoutMs - (Date.now() - started) - 100) {
    return copy(r, r.body, { "x-should-retry": "false" });
  }
  await r.body?.cancel();
  await sleep(wait, signal);
  return copy(r, null, { "retry-after-ms": "0", "retry-after": null });
}

/**
 * Wraps `inner` for the lane's OpenAI subclass: requests it prepared (registered in
 * {@linkcode ATTEMPTS}) are governed, anything else passes through.
 */
export function gatewayFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const headers = init?.headers;
    const info = headers instanceof Headers ? ATTEMPTS.get(headers) : undefined;
    if (!info) return inner(input, init);
    const started = Date.now();
    const h = headers as Headers;
    const resend = () => Number(h.get("x-stainless-retry-count")) || 0;
    const r = await send(inner, input, init!, h, info.call, resend);
    if (r.ok) return r;
    if (isRefusal(r.status)) return copy(r, r.body, { "x-should-retry": "false" });
    return beforeRetry(r, info, info.maxRetries - resend(), started, init!.signal);
  };
}
