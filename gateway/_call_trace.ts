/**
 * One gateway call's identity and trace context, kept across its attempts: its request id, agent
 * id, trace id and the caller's `traceparent` when valid. Private to the gateway lane.
 *
 * @module
 */
import { assertHeaderId } from "../_shared/header_values.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { newTraceId, parseTraceparent, type Traceparent } from "./traceparent.ts";

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
  call: Pick<CallTrace, "agentId" | "model" | "maxRetries" | "timeoutMs">,
): CallTrace {
  const requestId = headers.get("x-request-id");
  if (requestId !== null) assertHeaderId("x-request-id", requestId, ACTION);
  const agentId = headers.get("x-keeptrusts-agent-id");
  if (agentId !== null) assertHeaderId("x-keeptrusts-agent-id", agentId, ACTION);
  const header = headers.get("traceparent");
  let value: unknown = header;
  try {
    value ??= typeof source === "function" ? source() : source;
  } catch {
    // A new trace.
  }
  const parent = typeof value === "string" ? parseTraceparent(value) : undefined;
  return {
    ...call,
    requestId: requestId ?? newRequestId(),
    agentId: agentId ?? call.agentId,
    parent,
    traceId: parent?.traceId ?? newTraceId(),
    flags: parent?.traceFlags ?? "01",
    keepState: header === null || !!parent,
  };
}
