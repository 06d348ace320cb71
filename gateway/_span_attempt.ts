/**
 * An attempt recorded as an OpenTelemetry client span with the GenAI semantic conventions. Loaded
 * on the first attempt made while a tracer provider is registered, never otherwise. Private to the
 * gateway lane.
 *
 * @module
 */
import type { Attempt, CallTrace } from "./_call_trace.ts";
import { type Context, registry, Root, SPAN, spanContextOf, withRemoteParent } from "./_otel.ts";
import { watchUsage } from "./_usage.ts";

const SUPPRESS = Symbol.for("OpenTelemetry SDK Context Key SUPPRESS_TRACING");

/** The operation a gateway URL performs, by the GenAI semantic conventions' names. */
function operationOf(url: string): string {
  const path = /\/(chat\/completions|completions|embeddings|responses)(?:[/?]|$)/.exec(url)?.[1];
  return path === "embeddings" ? "embeddings" : path === "completions" ? "text_completion" : "chat";
}
const CLIENT = 2;
const ERROR = 2;

/**
 * Starts a client span for an attempt of `call`, under the call's parent (or, for a retry of a call
 * without one, under its first attempt's span). `undefined` when the tracer records nothing a
 * header can name (the API's no-op tracer).
 */
export function spanAttempt(call: CallTrace, url: string, resend: number): Attempt | undefined {
  const r = registry();
  let ctx = call.ctx as Context;
  if (call.first) ctx = withRemoteParent(ctx, call.first);
  const { hostname, port, protocol } = new URL(url);
  const operation = operationOf(url);
  const span = r?.trace?.getTracer("@keeptrusts/client").startSpan(
    `${operation} ${call.model ?? ""}`.trim(),
    {
      kind: CLIENT,
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
  if (!span || !sc) return undefined;
  if (!spanContextOf(call.ctx) && !call.first) call.first = sc;
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
      span.setStatus({ code: ERROR, message: type });
    }
    span.end();
  };
  return {
    traceparent: `00-${sc.traceId}-${sc.spanId}-${
      (sc.traceFlags & 0xff).toString(16).padStart(2, "0")
    }`,
    tracestate: sc.traceState?.serialize() || undefined,
    run: (fn) => (r?.context ? r.context.with(inner, fn) : fn()),
    fail: done,
    finish: (response) =>
      response.ok ? watchUsage(response, done) : (done(response.status), response),
  };
}
