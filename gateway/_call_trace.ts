/**
 * The trace context of one gateway call, and the span (or bare parent id) of each of its attempts.
 * Private to the gateway lane.
 *
 * @module
 */
import {
  activeContext,
  type Context,
  type SpanContext,
  spanContextOf,
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
  /** The agent id to send, when there is one. */
  readonly agentId: string | undefined;
  /** False when the caller's `traceparent` header was invalid: its `tracestate` goes with it. */
  readonly keepState: boolean;
  /** Set when the runtime refused the request (Deno without `--allow-net`): no attempt follows. */
  refused?: Error;
}

/**
 * The trace of a new call: a valid caller `traceparent` (header, else the option) keeps its trace
 * id and becomes the parent; else OpenTelemetry's active span, when there is one; else a new trace.
 * An invalid value is ignored as a whole, and a source function that throws starts a new trace.
 */
export function newCallTrace(
  header: string | null,
  source: TraceSource,
  call: Pick<CallTrace, "requestId" | "model" | "agentId">,
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
  /** Runs the request (in the span's context, when there is a span). */
  run<T>(fn: () => T): T;
  /** Records a request that failed without an answer. */
  fail(err: unknown): void;
  /** Records the answer; returns it, or a copy whose body reports its usage when read. */
  finish(response: Response): Response;
}

let spans: Promise<typeof import("./_span_attempt.ts")> | undefined;

function bareAttempt(call: CallTrace): Attempt {
  return {
    traceparent: `00-${call.traceId}-${newSpanId()}-${call.flags}`,
    tracestate: undefined,
    run: (fn) => fn(),
    fail() {},
    finish: (response) => response,
  };
}

async function spanAttempt(call: CallTrace, url: string, resend: () => number): Promise<Attempt> {
  const { spanAttempt } = await (spans ??= import("./_span_attempt.ts"));
  return spanAttempt(call, url, resend()) ?? bareAttempt(call);
}

/**
 * Starts an attempt of `call`: with OpenTelemetry registered, a client span whose id is the wire
 * parent id (its code is loaded on the first such attempt, never without OpenTelemetry); else a
 * fresh random parent id on the call's trace, synchronously.
 */
export function startAttempt(
  call: CallTrace,
  url: string,
  resend: () => number,
): Attempt | Promise<Attempt> {
  return call.ctx ? spanAttempt(call, url, resend) : bareAttempt(call);
}
