/**
 * A governed call on the wire: its identity and trace context, kept across its attempts (request
 * id, agent id, trace id, the caller's `traceparent` when valid), and the fetch wrapper that sends
 * each attempt with the canonical headers and a new parent id (an OpenTelemetry span's when one is
 * registered), never retries a refusal, and caps and aborts a `Retry-After` wait. Private to the
 * gateway lane.
 *
 * @module
 */
import { isPermissionDenied } from "../_shared/env.ts";
import { assertHeaderId } from "../_shared/header_values.ts";
import { parseRetryAfter } from "../_shared/retry_after.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { KeeptrustsConfigurationError } from "../errors.ts";
import { newSpanId, newTraceId, parseTraceparent, type Traceparent } from "./traceparent.ts";

/** Where a call's trace context comes from when no header sets it: a string, or a function. */
export type TraceSource = string | (() => string | undefined | null) | undefined;

/** One call: what every attempt of it sends. */
export interface CallTrace {
  readonly requestId: string;
  /** The agent id to send, when there is one. */
  readonly agentId: string | undefined;
  /** The model asked for (the OpenTelemetry span's name). */
  readonly model: string | undefined;
  /** The caller's valid `traceparent` (header, else option): the parent of every attempt. */
  readonly parent: Traceparent | undefined;
  /** The trace of the attempts (an active OpenTelemetry span's, once one is seen). */
  traceId: string;
  flags: string;
  /** False when the caller's `traceparent` header was invalid: its `tracestate` goes with it. */
  readonly keepState: boolean;
  /** Retries of the call in all, and the time limit of one attempt (`createGatewayClient` only). */
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
  /** OpenTelemetry state of the call (its parent context, its first span): `_span_attempt.ts`. */
  otel?: { ctx: unknown; first?: unknown };
  /** Set when the runtime refused the request (Deno without `--allow-net`): no attempt follows. */
  refused?: Error;
}

/**
 * Where the OpenAI subclass keeps a call (on openai-node's options object of the call, which every
 * attempt of it shares) and hands it to the fetch wrapper (on the attempt's `Headers`).
 */
export const CALL: unique symbol = Symbol("keeptrusts call");

/**
 * `@opentelemetry/api` 1.x's global registry, as far as the lane reads it: a tracer provider sets
 * `trace`, a context manager `context` (their shapes are `_span_attempt.ts`'s business).
 */
export interface Registry {
  trace?: { getTracer(name: string): unknown };
  context?: unknown;
}

/** Where `@opentelemetry/api` 1.x registers itself (a tracer provider sets `trace` in it). */
const OTEL = Symbol.for("opentelemetry.js.api.1");

/** Longest `Retry-After` honoured; a longer one fails the call at once with the gateway's answer. */
export const RETRY_AFTER_CAP_MS = 60_000;

const ACTION = "send gateway request";

/**
 * A new call, from the headers of its first attempt: a caller's `x-request-id` wins (checked), else
 * a fresh one; a caller's `x-keeptrusts-agent-id` wins over the client's; a valid caller
 * `traceparent` (header, else `source`) keeps its trace id and becomes the parent, an invalid one
 * is ignored as a whole, and a `source` function that throws starts a new trace.
 */
export function newCallTrace(
  headers: Headers,
  source: TraceSource,
  { agentId, model, maxRetries, timeoutMs }: Pick<
    CallTrace,
    "agentId" | "model" | "maxRetries" | "timeoutMs"
  >,
): CallTrace {
  const requestId = headers.get("x-request-id");
  if (requestId !== null) assertHeaderId("x-request-id", requestId, ACTION);
  const callerAgent = headers.get("x-keeptrusts-agent-id");
  if (callerAgent !== null) assertHeaderId("x-keeptrusts-agent-id", callerAgent, ACTION);
  const header = headers.get("traceparent");
  let value: unknown = header;
  try {
    value ??= typeof source === "function" ? source() : source;
  } catch {
    // A new trace.
  }
  const parent = typeof value === "string" ? parseTraceparent(value) : undefined;
  return {
    requestId: requestId ?? newRequestId(),
    agentId: callerAgent ?? agentId,
    model,
    parent,
    traceId: parent?.traceId ?? newTraceId(),
    flags: parent?.traceFlags ?? "01",
    keepState: header === null || !!parent,
    maxRetries,
    timeoutMs,
  };
}

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

const urlOf = (input: RequestInfo | URL) =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url;

let spans: Promise<typeof import("./_span_attempt.ts")> | undefined;

/** Sends one attempt of `call` with its canonical headers, recording it on a span if any. */
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
  // The span code loads with the first attempt made while a tracer provider is registered.
  const otel = (globalThis as Record<symbol, Registry | undefined>)[OTEL];
  const span = otel?.trace
    ? (await (spans ??= import("./_span_attempt.ts"))).spanAttempt(
      otel,
      call,
      urlOf(input),
      resend(),
    )
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
    const { host } = new URL(urlOf(input));
    throw call.refused = new KeeptrustsConfigurationError(
      `Cannot ${ACTION}: Deno denied network access to ${host} (run with --allow-net=${host})`,
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
 * Wraps `inner` for the lane's OpenAI subclass, which hands each attempt's call over on its
 * `Headers` ({@linkcode CALL}); anything else passes through. A failed attempt that openai-node
 * will retry waits what the gateway asked here, where the call's abort signal ends the wait, then
 * openai-node retries at once; a wait past the cap or past the attempt's time limit fails the call
 * now instead.
 */
export function gatewayFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const headers = init?.headers as Headers & { [CALL]?: CallTrace };
    const call = headers?.[CALL];
    if (!call) return inner(input, init);
    const started = Date.now();
    const resend = () => Number(headers.get("x-stainless-retry-count")) || 0;
    const r = await send(inner, input, init!, headers, call, resend);
    if (r.ok) return r;
    if (isRefusal(r.status)) return copy(r, r.body, { "x-should-retry": "false" });
    const wait = askedWait(r);
    if (wait === null || resend() >= call.maxRetries! || !isRetryable(r)) return r;
    if (wait > RETRY_AFTER_CAP_MS || wait > call.timeoutMs! - (Date.now() - started) - 100) {
      return copy(r, r.body, { "x-should-retry": "false" });
    }
    await r.body?.cancel();
    await sleep(wait, init!.signal);
    return copy(r, null, { "retry-after-ms": "0", "retry-after": null });
  };
}
