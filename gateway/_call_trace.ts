/**
 * The trace context of one gateway call, and the span (or bare parent id) of each of its attempts.
 * Private to the gateway lane.
 *
 * @module
 */
import {
  activeContext,
  type Context,
  runIn,
  type SpanContext,
  spanContextOf,
  startSpan,
  withRemoteParent,
} from "./_otel.ts";
import { newSpanId, newTraceId, parseTraceparent } from "./traceparent.ts";

/** Where a call's trace context comes from when no header sets it: a string, or a function. */
export type TraceSource = string | (() => string | undefined | null) | undefined;

/** One call's trace: kept across its attempts. */
export interface CallTrace {
  readonly requestId: string;
  readonly traceId: string;
  readonly flags: string;
  /** OpenTelemetry context to parent the attempts' spans on. */
  readonly ctx: Context | undefined;
  /** Set by the first attempt of a call without a parent span: its retries' spans hang under it. */
  first?: SpanContext;
  readonly model: string | undefined;
  readonly operation: string;
  readonly agentId: string | null;
  /** False when the caller's `traceparent` header was invalid: its `tracestate` goes with it. */
  readonly keepState: boolean;
}

/**
 * The trace of a new call: a valid caller `traceparent` (header, else the option) keeps its trace
 * id and becomes the parent; else OpenTelemetry's active span, when there is one; else a new trace.
 * An invalid value is ignored as a whole, and a source function that throws starts a new trace.
 */
export function newCallTrace(
  header: string | null,
  source: TraceSource,
  call: Pick<CallTrace, "requestId" | "model" | "operation" | "agentId">,
): CallTrace {
  let value: unknown = header;
  if (value === null) {
    try {
      value = typeof source === "function" ? source() : source;
    } catch {
      value = undefined;
    }
  }
  const parsed = typeof value === "string" ? parseTraceparent(value) : undefined;
  let ctx = activeContext();
  const active = parsed ? undefined : spanContextOf(ctx);
  if (parsed && ctx) {
    ctx = withRemoteParent(ctx, {
      traceId: parsed.traceId,
      spanId: parsed.parentId,
      traceFlags: parseInt(parsed.traceFlags, 16),
      isRemote: true,
    });
  }
  const hex = (flags: number) => (flags & 0xff).toString(16).padStart(2, "0");
  return {
    ...call,
    traceId: parsed?.traceId ?? active?.traceId ?? newTraceId(),
    flags: parsed?.traceFlags ?? (active ? hex(active.traceFlags) : "01"),
    ctx,
    keepState: header === null || parsed !== undefined,
  };
}

/** The `traceparent` (and `tracestate`) of one attempt, and how to run and close it. */
export interface Attempt {
  readonly traceparent: string;
  readonly tracestate: string | undefined;
  /** Whether an OpenTelemetry span records this attempt. */
  readonly traced: boolean;
  run<T>(fn: () => T): T;
  /** Records the outcome: an HTTP status, or the error a request failed with. */
  done(outcome: number | unknown, usage?: Record<string, unknown>): void;
}

const operationOf = (url: string) => {
  const path = /\/(chat\/completions|completions|embeddings|responses)(?:[/?]|$)/.exec(url)?.[1];
  return path === "embeddings" ? "embeddings" : path === "completions" ? "text_completion" : "chat";
};
export { operationOf };

/**
 * Starts an attempt of `call`: an OpenTelemetry client span with the GenAI attributes, whose id is
 * the wire parent id, when OpenTelemetry is registered; else a fresh random parent id.
 */
export function startAttempt(call: CallTrace, url: string, resend: number): Attempt {
  let ctx = call.ctx;
  if (ctx && call.first) ctx = withRemoteParent(ctx, call.first);
  const { hostname, port, protocol } = new URL(url);
  const started = ctx &&
    startSpan(`${call.operation} ${call.model ?? ""}`.trim(), {
      "gen_ai.operation.name": call.operation,
      "gen_ai.system": "openai",
      "gen_ai.request.model": call.model,
      "server.address": hostname,
      "server.port": Number(port || (protocol === "https:" ? 443 : 80)),
      "keeptrusts.request_id": call.requestId,
      "keeptrusts.agent_id": call.agentId ?? undefined,
      "http.request.resend_count": resend || undefined,
    }, ctx);
  if (!started) {
    const traceparent = `00-${call.traceId}-${newSpanId()}-${call.flags}`;
    return { traceparent, tracestate: undefined, traced: false, run: (fn) => fn(), done() {} };
  }
  const { span, sc } = started;
  if (!spanContextOf(call.ctx) && !call.first) call.first = sc;
  const flags = (sc.traceFlags & 0xff).toString(16).padStart(2, "0");
  return {
    traceparent: `00-${sc.traceId}-${sc.spanId}-${flags}`,
    tracestate: sc.traceState?.serialize() || undefined,
    traced: true,
    run: (fn) => runIn(started.ctx, fn),
    done(outcome, usage) {
      if (typeof outcome === "number" && outcome < 400) {
        for (const [k, v] of Object.entries(usage ?? {})) {
          if (v !== undefined) span.setAttribute(k, v);
        }
      } else {
        const type = typeof outcome === "number" ? String(outcome) : (outcome as Error)?.name;
        span.setAttribute("error.type", type ?? "error");
        if (typeof outcome === "number") span.setAttribute("http.response.status_code", outcome);
        span.setStatus({ code: 2, message: type });
      }
      span.end();
    },
  };
}
