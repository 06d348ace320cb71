/**
 * The canonical Keeptrusts request headers.
 *
 * @module
 */
import { readEnv } from "../_shared/env.ts";
import { assertHeaderId } from "../_shared/header_values.ts";
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
  /**
   * Request id to send. A fresh UUID when omitted.
   */
  requestId?: string;
  /**
   * Agent id for attribution.
   * @default {process.env.KEEPTRUSTS_AGENT_ID} header omitted when neither is set
   */
  agentId?: string;
  /**
   * A W3C `traceparent` to propagate. An invalid value is ignored as a whole (W3C rule) and a new
   * trace is started instead.
   */
  traceparent?: string;
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

/**
 * Builds the canonical Keeptrusts headers for one request: `x-request-id`,
 * `x-keeptrusts-agent-id` (when an agent is known) and `traceparent`.
 *
 * @param options Request id, agent id and traceparent to use.
 * @returns The header record.
 * @throws {TypeError} when the request id or agent id is empty, longer than 256 characters, or
 * contains a line break or another control character.
 *
 * @example Headers for a hand-made request
 * ```ts
 * import { buildKeeptrustsHeaders, generateTraceparent } from "@keeptrusts/client/gateway";
 *
 * const headers = buildKeeptrustsHeaders({
 *   agentId: "agent-finance-assistant",
 *   traceparent: generateTraceparent(),
 * });
 * console.log(Object.keys(headers)); // ["x-request-id", "x-keeptrusts-agent-id", "traceparent"]
 * ```
 */
export function buildKeeptrustsHeaders(options: KeeptrustsHeadersOptions = {}): KeeptrustsHeaders {
  const action = "build Keeptrusts headers";
  const requestId = options.requestId ?? newRequestId();
  assertHeaderId("requestId", requestId, action);
  const agentId = options.agentId ?? readEnv("KEEPTRUSTS_AGENT_ID");
  if (agentId !== undefined) assertHeaderId("agentId", agentId, action);
  let traceparent = options.traceparent;
  if (traceparent !== undefined && typeof traceparent !== "string") {
    throw new TypeError(
      `Cannot ${action}: traceparent must be a string, got ${typeof traceparent}`,
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
