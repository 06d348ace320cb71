/**
 * The fetch wrapper of the gateway client: per attempt the canonical headers and a `traceparent`
 * (an OpenTelemetry span when one is registered), refusals never retried, `Retry-After` capped and
 * abortable. Private to the gateway lane.
 *
 * @module
 */
import { isPermissionDenied } from "../_shared/env.ts";
import { parseRetryAfter } from "../_shared/retry_after.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import type { CallTrace } from "./_call_trace.ts";
import type { Registry } from "./_span_attempt.ts";
import { newSpanId } from "./traceparent.ts";

/** Filled by the OpenAI subclass's `prepareRequest` hook: the call an attempt's `Headers` belong to. */
export const ATTEMPTS: WeakMap<Headers, CallTrace> = new WeakMap();

/** Where `@opentelemetry/api` 1.x registers itself (a tracer provider sets `trace` in it). */
export const OTEL: symbol = Symbol.for("opentelemetry.js.api.1");

/** Longest `Retry-After` honoured; a longer one fails the call at once with the gateway's answer. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Policy denials and wallet refusals: the same answer however often they are asked. */
export const isRefusal = (status: number): boolean => status === 409 || status === 402;

/** Whether openai-node would retry this answer (its own rule, without its 409 case). */
export function isRetryable(r: Response): boolean {
  const says = r.headers.get("x-should-retry");
  return says === "true" ||
    (says !== "false" && (r.status === 408 || r.status === 429 || r.status >= 500));
}

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

let spans: Promise<typeof import("./_span_attempt.ts")> | undefined;

/** Sends one attempt of `call` with its canonical headers, recording it on a span if any. */
export async function send(
  inner: typeof fetch,
  input: RequestInfo | URL,
  init: RequestInit,
  headers: Headers,
  call: CallTrace,
  resend: number,
): Promise<Response> {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  headers.set("x-request-id", call.requestId);
  if (call.agentId !== undefined) headers.set("x-keeptrusts-agent-id", call.agentId);
  // The span code loads with the first attempt made while a tracer provider is registered.
  const otel = (globalThis as Record<symbol, Registry | undefined>)[OTEL];
  const span = otel?.trace
    ? (await (spans ??= import("./_span_attempt.ts"))).spanAttempt(otel, call, url, resend)
    : undefined;
  headers.set(
    "traceparent",
    span?.traceparent ?? `00-${call.traceId}-${newSpanId()}-${call.flags}`,
  );
  if (span?.tracestate) headers.set("tracestate", span.tracestate);
  else if (!call.keepState) headers.delete("tracestate");
  let r: Response;
  try {
    r = await (span ? span.run(() => inner(input, init)) : inner(input, init));
  } catch (err) {
    span?.fail(err);
    if (!isPermissionDenied(err)) throw err;
    // Asking again cannot help: the call fails with what to change (openai-node's next attempt
    // stops at `prepareRequest`, which throws this; the AI SDK does not retry it).
    const { host } = new URL(url);
    throw call.refused = new KeeptrustsConfigurationError(
      `Cannot send gateway request: Deno denied network access to ${host} (run with ` +
        `--allow-net=${host})`,
      { code: "net_denied", cause: err, requestId: call.requestId },
    );
  }
  return span ? span.finish(r) : r;
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
 * Wraps `inner` for the lane's OpenAI subclass: requests it prepared (registered in
 * {@linkcode ATTEMPTS}) are governed, anything else passes through. A failed attempt that
 * openai-node will retry waits what the gateway asked here, where the call's abort signal ends the
 * wait, then openai-node retries at once; a wait past the cap or past the attempt's time limit
 * fails the call now instead.
 */
export function gatewayFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const headers = init?.headers;
    const call = headers instanceof Headers && ATTEMPTS.get(headers);
    if (!call) return inner(input, init);
    const started = Date.now();
    const resend = Number((headers as Headers).get("x-stainless-retry-count")) || 0;
    const r = await send(inner, input, init!, headers as Headers, call, resend);
    if (r.ok) return r;
    if (isRefusal(r.status)) return copy(r, r.body, { "x-should-retry": "false" });
    const wait = askedWait(r);
    if (wait === null || resend >= call.maxRetries! || !isRetryable(r)) return r;
    if (wait > RETRY_AFTER_CAP_MS || wait > call.timeoutMs! - (Date.now() - started) - 100) {
      return copy(r, r.body, { "x-should-retry": "false" });
    }
    await r.body?.cancel();
    await sleep(wait, init!.signal);
    return copy(r, null, { "retry-after-ms": "0", "retry-after": null });
  };
}
