/**
 * The fetch wrapper of the gateway lane: per attempt a `traceparent` (an OpenTelemetry span when
 * one is registered), refusals never retried, `Retry-After` capped and abortable. For clients the
 * lane does not build (the AI SDK, LangChain) it also recognises a call's retries, which reach it
 * as new requests, by their identical body. Private to the gateway lane.
 *
 * @module
 */
import { assertHeaderId } from "../_shared/header_values.ts";
import { parseRetryAfter } from "../_shared/retry_after.ts";
import { newRequestId } from "../_shared/runtime.ts";
import {
  type CallTrace,
  newCallTrace,
  operationOf,
  startAttempt,
  type TraceSource,
} from "./_call_trace.ts";
import { watchUsage } from "./_usage.ts";

/** What the OpenAI subclass tells the wrapper about one attempt, keyed by its `Headers`. */
export interface AttemptInfo {
  readonly call: CallTrace;
  readonly retriesLeft: number;
  readonly timeoutMs: number;
}
/** Filled by the OpenAI subclass's `prepareRequest` hook. */
export const ATTEMPTS: WeakMap<Headers, AttemptInfo> = new WeakMap();

/** Longest `Retry-After` honoured; a longer one fails the call at once with the gateway's answer. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Settings of the wrapper for a client the lane does not build. */
export interface ForeignSettings {
  readonly agentId: string | undefined;
  readonly traceparent: TraceSource;
}

interface Pending {
  readonly call: CallTrace;
  readonly until: number;
  readonly denial?: { status: number; headers: Headers; body: Uint8Array<ArrayBuffer> };
}
// A foreign call's last failure, by method, URL and body: its retry, a new request with the same
// body soon after, keeps the call's request id and trace, and a denial is answered from here.
const PENDING = new Map<string, Pending>();
const RETRY_WINDOW_MS = 120_000;
const DENIAL_WINDOW_MS = 10_000;

function remember(key: string | undefined, entry: Pending): void {
  if (key === undefined || key.length > 1 << 20) return;
  const now = Date.now();
  for (const [k, e] of PENDING) if (e.until < now || PENDING.size >= 64) PENDING.delete(k);
  PENDING.set(key, entry);
}

function recall(key: string | undefined): Pending | undefined {
  const entry = key === undefined || PENDING.size === 0 ? undefined : PENDING.get(key);
  if (!entry) return undefined;
  if (entry.until < Date.now() || !entry.denial) PENDING.delete(key!);
  return entry.until < Date.now() ? undefined : entry;
}

const isRefusal = (status: number) => status === 409 || status === 402;
const isRetryable = (r: Response) =>
  r.headers.get("x-should-retry") === "true" ||
  (r.headers.get("x-should-retry") !== "false" &&
    (r.status === 408 || r.status === 429 || r.status >= 500));

function copy(r: Response, body: BodyInit | null, set: Record<string, string | null>): Response {
  const headers = new Headers(r.headers);
  for (const [k, v] of Object.entries(set)) v === null ? headers.delete(k) : headers.set(k, v);
  return new Response(body, { status: r.status, statusText: r.statusText, headers });
}

async function readSmall(r: Response): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = r.clone().body?.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    if ((size += value.length) > 65_536) return void reader.cancel();
  }
  const out = new Uint8Array(size);
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => (clearTimeout(timer), reject(signal!.reason));
    const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `Retry-After` of a failed answer, in ms (`retry-after-ms` first, as openai-node reads it). */
function askedWait(r: Response): number | null {
  const ms = Number(r.headers.get("retry-after-ms") ?? NaN);
  return ms >= 0 ? ms : parseRetryAfter(r.headers.get("retry-after"));
}

/**
 * Our own client's answer to a failed attempt that openai-node will retry: wait what the gateway
 * asked here, where the call's abort signal ends the wait, then let openai-node retry at once; a
 * wait past the cap or past the attempt's time limit fails the call now instead.
 */
async function beforeRetry(
  r: Response,
  info: AttemptInfo,
  started: number,
  signal: AbortSignal | null | undefined,
): Promise<Response> {
  const wait = askedWait(r);
  if (wait === null || info.retriesLeft <= 0 || !isRetryable(r)) return r;
  if (wait > RETRY_AFTER_CAP_MS || wait > info.timeoutMs - (Date.now() - started) - 100) {
    return copy(r, r.body, { "x-should-retry": "false" });
  }
  await r.body?.cancel();
  await sleep(wait, signal);
  return copy(r, null, { "retry-after-ms": "0", "retry-after": null });
}

/** The call a foreign request belongs to: a retry of a recent failure, or a new call. */
function foreignCall(url: string, headers: Headers, body: unknown, settings: ForeignSettings) {
  const key = typeof body === "string" ? `${url}\n${body}` : undefined;
  const pending = recall(key);
  if (settings.agentId !== undefined && !headers.has("x-keeptrusts-agent-id")) {
    headers.set("x-keeptrusts-agent-id", settings.agentId);
  }
  const caller = headers.get("x-request-id");
  if (caller !== null) assertHeaderId("x-request-id", caller, "send gateway request");
  const call = pending?.call ?? newCallTrace(headers.get("traceparent"), settings.traceparent, {
    requestId: caller ?? newRequestId(),
    model: key && /"model"\s*:\s*"([^"\\]{1,200})"/.exec(key)?.[1],
    operation: operationOf(url),
    agentId: headers.get("x-keeptrusts-agent-id"),
  });
  return { key, pending, call };
}

const urlOf = (input: RequestInfo | URL) =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url;

/**
 * Wraps `inner` for the gateway. Without `foreign`, only requests prepared by the lane's OpenAI
 * subclass are governed (it registers each attempt in {@linkcode ATTEMPTS}).
 */
export function gatewayFetch(inner: typeof fetch, foreign?: ForeignSettings): typeof fetch {
  return async (input, init) => {
    let headers = init?.headers;
    const info = headers instanceof Headers ? ATTEMPTS.get(headers) : undefined;
    if (!info && !foreign) return inner(input, init);
    let found: ReturnType<typeof foreignCall> | undefined;
    if (!info) {
      const own = new Headers(headers ?? (input as Request).headers);
      init = { ...init, headers: headers = own };
      found = foreignCall(urlOf(input), own, init.body, foreign!);
      const denial = found.pending?.denial;
      if (denial) {
        return new Response(denial.body, { status: denial.status, headers: denial.headers });
      }
    }
    const call = info?.call ?? found!.call;
    const h = headers as Headers;
    h.set("x-request-id", call.requestId);
    const resend = Number(h.get("x-stainless-retry-count")) || (found?.pending ? 1 : 0);
    const attempt = startAttempt(call, urlOf(input), resend);
    h.set("traceparent", attempt.traceparent);
    if (attempt.tracestate) h.set("tracestate", attempt.tracestate);
    else if (!call.keepState) h.delete("tracestate");
    const started = Date.now();
    let r: Response;
    try {
      r = await attempt.run(() => inner(input, init));
    } catch (err) {
      attempt.done(err);
      const aborted = (err as Error)?.name === "AbortError" || init?.signal?.aborted;
      if (found && !aborted) remember(found.key, { call, until: started + RETRY_WINDOW_MS });
      throw err;
    }
    if (r.ok) return attempt.traced ? watchUsage(r, attempt.done) : (attempt.done(r.status), r);
    attempt.done(r.status);
    if (isRefusal(r.status)) {
      if (!found) return copy(r, r.body, { "x-should-retry": "false" });
      const set = { "x-should-retry": "false", "retry-after-ms": "0" };
      const body = await readSmall(r);
      const denial = body && { status: r.status, headers: copy(r, null, set).headers, body };
      remember(found.key, { call, until: Date.now() + DENIAL_WINDOW_MS, denial });
      return copy(r, r.body, set);
    }
    if (info) return beforeRetry(r, info, started, init?.signal);
    if (isRetryable(r)) remember(found!.key, { call, until: Date.now() + RETRY_WINDOW_MS });
    const wait = askedWait(r);
    return wait !== null && wait > RETRY_AFTER_CAP_MS
      ? copy(r, r.body, { "x-should-retry": "false" })
      : r;
  };
}
