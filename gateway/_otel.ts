/**
 * OpenTelemetry, optional: read from the API's global registry (`@opentelemetry/api` 1.x keeps it
 * under `Symbol.for("opentelemetry.js.api.1")`), so nothing is imported or loaded when the
 * application has not registered a tracer provider. Private to the gateway lane.
 *
 * @module
 */

/** The parts of an OpenTelemetry span context the lane reads. */
export interface SpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
  traceState?: { serialize(): string };
}
/** The parts of an OpenTelemetry span the lane uses. */
export interface Span {
  spanContext(): SpanContext;
  setAttribute(key: string, value: unknown): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}
/** An OpenTelemetry context (immutable map). */
export interface Context {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): Context;
}
/** The API's global registry, as `@opentelemetry/api` 1.x fills it. */
export interface Registry {
  trace?: {
    getTracer(name: string): {
      startSpan(name: string, options: { kind: number; attributes: object }, ctx: Context): Span;
    };
  };
  context?: { active(): Context; with<T>(ctx: Context, fn: () => T): T };
}

const API = Symbol.for("opentelemetry.js.api.1");

/** Where a context holds its span (`@opentelemetry/api`'s key). */
export const SPAN: symbol = Symbol.for("OpenTelemetry Context Key SPAN");

/** The root context, for applications that registered a tracer but no context manager. */
export class Root implements Context {
  constructor(readonly m: Map<symbol, unknown> = new Map()) {}
  getValue(key: symbol): unknown {
    return this.m.get(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return new Root(new Map(this.m).set(key, value));
  }
}

/** The registry when a tracer provider is registered in it, else `undefined`. */
export function registry(): Registry | undefined {
  const r = (globalThis as Record<symbol, Registry | undefined>)[API];
  return r?.trace ? r : undefined;
}

/** The active context when OpenTelemetry is registered, else `undefined`. */
export function activeContext(): Context | undefined {
  const r = registry();
  return r && (r.context?.active() ?? new Root());
}

/** The span context of the span active in `ctx`, when valid. */
export function spanContextOf(ctx: Context | undefined): SpanContext | undefined {
  const sc = (ctx?.getValue(SPAN) as Span | undefined)?.spanContext();
  return sc && /[1-9a-f]/.test(sc.traceId) && /[1-9a-f]/.test(sc.spanId) ? sc : undefined;
}

/** `ctx` with a remote parent span (a caller's `traceparent`) in it. */
export function withRemoteParent(ctx: Context, sc: SpanContext): Context {
  return ctx.setValue(SPAN, { spanContext: () => sc, isRecording: () => false });
}
