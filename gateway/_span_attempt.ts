/**
 * An attempt recorded as an OpenTelemetry client span with the GenAI semantic conventions. Loaded
 * on the first attempt made while a tracer provider is registered, never otherwise: OpenTelemetry
 * is read from the API's global registry (`@opentelemetry/api` 1.x keeps it under
 * `Symbol.for("opentelemetry.js.api.1")`), never imported. Private to the gateway lane.
 *
 * @module
 */
import type { CallTrace, Registry } from "./_gateway_fetch.ts";
import { watchUsage } from "./_usage.ts";

/** The parts of an OpenTelemetry span context the lane reads. */
interface SpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
  traceState?: { serialize(): string };
}
/** The parts of an OpenTelemetry span the lane uses. */
interface Span {
  spanContext(): SpanContext;
  setAttribute(key: string, value: unknown): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}
/** An OpenTelemetry context (immutable map). */
interface Context {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): Context;
}
/** The registry's parts the span code uses. */
interface Api {
  trace: {
    getTracer(name: string): {
      startSpan(name: string, options: { kind: number; attributes: object }, ctx: Context): Span;
    };
  };
  context?: { active(): Context; with<T>(ctx: Context, fn: () => T): T };
}

/** The `traceparent` (and `tracestate`) of one attempt, and how to run and close it. */
export interface Attempt {
  readonly traceparent: string;
  readonly tracestate: string | undefined;
  /** Runs the request with the span active. */
  run<T>(fn: () => T): T;
  /** Records a request that failed without an answer. */
  fail(err: unknown): void;
  /** Records the answer; returns it, or a copy whose body reports its usage when read. */
  finish(response: Response): Response;
}

// `@opentelemetry/api`'s context keys.
const SPAN = Symbol.for("OpenTelemetry Context Key SPAN");
const SUPPRESS = Symbol.for("OpenTelemetry SDK Context Key SUPPRESS_TRACING");

/** The root context, for applications that registered a tracer but no context manager. */
class Root implements Context {
  constructor(readonly m: Map<symbol, unknown> = new Map()) {}
  getValue(key: symbol): unknown {
    return this.m.get(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return new Root(new Map(this.m).set(key, value));
  }
}

/** The span context of the span active in `ctx`, when valid. */
function spanContextOf(ctx: Context): SpanContext | undefined {
  const sc = (ctx.getValue(SPAN) as Span | undefined)?.spanContext();
  return sc && /[1-9a-f]/.test(sc.traceId) && /[1-9a-f]/.test(sc.spanId) ? sc : undefined;
}

/** `ctx` with a remote parent span (a caller's `traceparent`, or a call's first attempt) in it. */
const withParent = (ctx: Context, sc: SpanContext): Context =>
  ctx.setValue(SPAN, { spanContext: () => sc, isRecording: () => false });

const hex = (flags: number) => (flags & 0xff).toString(16).padStart(2, "0");

/**
 * The call's parent context, found on its first attempt: the caller's valid `traceparent` as a
 * remote parent, else the active context, whose span (if any) then gives the call its trace id.
 */
function parentOf(call: CallTrace, r: Api): Context {
  const ctx = r.context?.active() ?? new Root();
  const p = call.parent;
  if (p) {
    const traceFlags = parseInt(p.traceFlags, 16);
    return withParent(ctx, { traceId: p.traceId, spanId: p.parentId, traceFlags, isRemote: true });
  }
  const active = spanContextOf(ctx);
  if (active) call.traceId = active.traceId, call.flags = hex(active.traceFlags);
  return ctx;
}

/** The operation a gateway URL performs, by the GenAI semantic conventions' names. */
function operationOf(url: string): string {
  const path = /\/(chat\/completions|completions|embeddings|responses)(?:[/?]|$)/.exec(url)?.[1];
  return path === "embeddings" ? "embeddings" : path === "completions" ? "text_completion" : "chat";
}

/**
 * Starts a client span for an attempt of `call`, under the call's parent (or, for a retry of a call
 * without one, under its first attempt's span). `undefined` when the tracer records nothing a
 * header can name (the API's no-op tracer).
 */
export function spanAttempt(
  registry: Registry,
  call: CallTrace,
  url: string,
  resend: number,
): Attempt | undefined {
  const r = registry as Api;
  const otel = call.otel ??= { ctx: parentOf(call, r) };
  const parent = otel.ctx as Context;
  const ctx = otel.first ? withParent(parent, otel.first as SpanContext) : parent;
  const { hostname, port, protocol } = new URL(url);
  const operation = operationOf(url);
  const span = r.trace.getTracer("@keeptrusts/client").startSpan(
    `${operation} ${call.model ?? ""}`.trim(),
    {
      kind: 2, // CLIENT
      attributes: {
        "gen_ai.operation.name": operation,
        "gen_ai.system": "openai",
        "gen_ai.request.model": call.model,
        "server.address": hostname,
        "server.port": Number(port || (protocol === "https:" ? 443 : 80)),
        "keeptrusts.request_id": call.requestId,
        "keeptrusts.agent_id": call.agentId,
        "http.request.resend_count": resend || undefined,
      },
    },
    ctx,
  );
  const sc = span && spanContextOf(new Root().setValue(SPAN, span));
  if (!sc) return undefined;
  if (!spanContextOf(parent)) otel.first ??= sc;
  // The request runs with this span active and tracing suppressed below it: fetch
  // auto-instrumentations (undici, fetch) then neither record a second span nor add a second
  // `traceparent`. This span is the request's span.
  const inner = ctx.setValue(SPAN, span).setValue(SUPPRESS, true);
  const done = (outcome: unknown, usage?: Record<string, unknown>): void => {
    if (typeof outcome === "number" && outcome < 400) {
      for (const [k, v] of Object.entries(usage ?? {})) {
        if (v !== undefined) span.setAttribute(k, v);
      }
    } else {
      const type = typeof outcome === "number" ? String(outcome) : (outcome as Error)?.name;
      span.setAttribute("error.type", type ?? "error");
      if (typeof outcome === "number") span.setAttribute("http.response.status_code", outcome);
      span.setStatus({ code: 2, message: type }); // ERROR
    }
    span.end();
  };
  return {
    traceparent: `00-${sc.traceId}-${sc.spanId}-${hex(sc.traceFlags)}`,
    tracestate: sc.traceState?.serialize() || undefined,
    run: (fn) => (r.context ? r.context.with(inner, fn) : fn()),
    fail: done,
    finish: (response) =>
      response.ok ? watchUsage(response, done) : (done(response.status), response),
  };
}
