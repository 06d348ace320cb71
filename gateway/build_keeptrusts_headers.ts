/**
 * The canonical Keeptrusts request headers.
 *
 * @module
 */
import { checkEnvOption, readEnv } from "../_shared/env.ts";
import { assertHeaderId } from "../_shared/header_values.ts";
import { checkOptions } from "../_shared/options.ts";
import { newRequestId } from "../_shared/runtime.ts";
import { generateTraceparent, parseTraceparent } from "./traceparent.ts";

/** Header carrying the request id; it becomes the decision event's `request_id`. */
export const REQUEST_ID_HEADER = "x-request-id";
/** Header carrying the agent id; it becomes the decision event's `agent_id`. */
export const AGENT_ID_HEADER = "x-keeptrusts-agent-id";
/** W3C Trace Context header. */
export const TRACEPARENT_HEADER = "traceparent";

/** Options of {@linkcode buildKeeptrustsHeaders}. */
export interface KeeptrustsHeadersOptions {
  /** Request id to send. A fresh UUID when omitted. */
  requestId?: string;
  /**
   * Agent id for attribution.
   * @default {KEEPTRUSTS_AGENT_ID} header omitted when neither is set
   */
  agentId?: string;
  /**
   * A W3C `traceparent` to propagate. An invalid value is ignored as a whole (W3C rule) and a new
   * trace is started instead.
   */
  traceparent?: string;
  /**
   * Where `KEEPTRUSTS_AGENT_ID` is read when `agentId` is omitted (a Workers `env`, say); when
   * given, the process environment is not read.
   * @default {the process environment}
   */
  env?: Readonly<Record<string, unknown>>;
}

/** The canonical headers, as a plain record ready for `fetch` or any HTTP client. */
export interface KeeptrustsHeaders {
  /** Request id. */
  readonly "x-request-id": string;
  /** Agent id, when one was given or set in the environment. */
  readonly "x-keeptrusts-agent-id"?: string;
  /** W3C trace context. */
  readonly traceparent: string;
}

const ACTION = "build Keeptrusts headers";

/**
 * Builds the canonical Keeptrusts headers for one request: `x-request-id`,
 * `x-keeptrusts-agent-id` (when an agent is known) and `traceparent`.
 *
 * As a gateway client's `defaultHeaders` (the platform's documented pattern) the request id is
 * that client's id for every call, and the trace is continued with a new parent id per attempt.
 *
 * @param options Request id, agent id and traceparent to use.
 * @returns The header record.
 * @throws {TypeError} on an unknown option, or when the request id or agent id is empty, longer
 * than 256 characters, or contains a line break or another control character.
 * @throws {KeeptrustsConfigurationError} when Deno refuses to read `KEEPTRUSTS_AGENT_ID`.
 *
 * @example Headers for a hand-made request
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildKeeptrustsHeaders, parseTraceparent } from "@keeptrusts/client/gateway";
 *
 * const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
 * const headers = buildKeeptrustsHeaders({ requestId: "req_1", agentId: "agent-a", traceparent: tp });
 * assert.deepEqual(headers, {
 *   "x-request-id": "req_1",
 *   "x-keeptrusts-agent-id": "agent-a",
 *   traceparent: tp,
 * });
 * const fresh = buildKeeptrustsHeaders({ agentId: "agent-a", traceparent: "garbage" });
 * assert.ok(parseTraceparent(fresh.traceparent), "an invalid traceparent starts a new trace");
 * ```
 */
export function buildKeeptrustsHeaders(options?: KeeptrustsHeadersOptions): KeeptrustsHeaders {
  const o = checkOptions(options, ["requestId", "agentId", "traceparent", "env"], ACTION);
  const requestId = o.requestId ?? newRequestId();
  assertHeaderId("requestId", requestId, ACTION);
  const agentId = o.agentId ?? readEnv("KEEPTRUSTS_AGENT_ID", checkEnvOption(o.env, ACTION));
  if (agentId !== undefined) assertHeaderId("agentId", agentId, ACTION);
  let traceparent = o.traceparent;
  if (traceparent !== undefined && typeof traceparent !== "string") {
    throw new TypeError(
      `Cannot ${ACTION}: traceparent must be a string, got ${typeof traceparent}`,
    );
  }
  const parsed = traceparent === undefined ? undefined : parseTraceparent(traceparent);
  // A valid header is propagated in version-00 form (what a level-1/2 participant emits).
  traceparent = parsed
    ? `00-${parsed.traceId}-${parsed.parentId}-${parsed.traceFlags}`
    : generateTraceparent();
  return agentId === undefined
    ? { "x-request-id": requestId, traceparent }
    : { "x-request-id": requestId, "x-keeptrusts-agent-id": agentId, traceparent };
}
