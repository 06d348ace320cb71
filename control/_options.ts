/**
 * The option names of the control-plane helpers, and the check every helper runs first (the
 * package's one options check, `_shared/options.ts`): options come from plain JavaScript too,
 * where a misspelt key (`agent_id` for `agentId`) would otherwise be ignored and, for a filter,
 * sum the spend of every agent.
 *
 * @module
 */
export { checkOptions } from "../_shared/options.ts";

/** The options every call takes (`CallOptions`). */
export const CALL_KEYS = ["signal", "timeout", "callRequestId"] as const;

/** The call options of a helper's options (its filters left out), to pass on to `invoke`. */
export function callOptionsOf(options: {
  signal?: AbortSignal;
  timeout?: number;
  callRequestId?: string;
}): { signal?: AbortSignal; timeout?: number; callRequestId?: string } {
  return { signal: options.signal, timeout: options.timeout, callRequestId: options.callRequestId };
}
