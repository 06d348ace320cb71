/**
 * The option names of the control-plane helpers, and the check every helper runs first: options
 * come from plain JavaScript too, where a misspelt key (`agent_id` for `agentId`) would otherwise
 * be ignored and, for a filter, sum the spend of every agent.
 *
 * @module
 */

/** The options every call takes (`CallOptions`). */
export const CALL_KEYS = ["signal", "timeout", "callRequestId"] as const;

const squash = (key: string) => key.toLowerCase().replace(/[-_ ]/g, "");

/**
 * Checks an options argument: absent (read as `{}`) or a plain object whose own keys are all known.
 *
 * @throws {TypeError} naming an unknown key, and the option meant when it is another spelling of
 * one (`agent_id` for `agentId`).
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  known: readonly string[],
  action: string,
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Cannot ${action}: options must be an object`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const match = known.find((k) => squash(k) === squash(key));
    const shown = JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}...` : key);
    throw new TypeError(
      `Cannot ${action}: unknown option ${shown}` +
        (match ? ` (did you mean "${match}"?)` : ` (known options: ${known.join(", ")})`),
    );
  }
  return options;
}

/** The call options of a helper's options (its filters left out), to pass on to `invoke`. */
export function callOptionsOf(options: {
  signal?: AbortSignal;
  timeout?: number;
  callRequestId?: string;
}): { signal?: AbortSignal; timeout?: number; callRequestId?: string } {
  return { signal: options.signal, timeout: options.timeout, callRequestId: options.callRequestId };
}
