/**
 * The options check every factory and helper runs first: options come from plain JavaScript too,
 * where a misspelt key (`agent_id` for `agentId`) would otherwise be ignored without a word; and
 * the `TypeError` that every check of caller input throws.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */

/** `typeof`, with `null` and arrays told apart: for messages. */
export function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** A caller's mistake, as the `TypeError` every check throws: what could not be done, and why. */
export function misuse(action: string, problem: string): TypeError {
  return new TypeError(`Cannot ${action}: ${problem}`);
}

const squash = (key: string) => key.toLowerCase().replace(/[-_ ]/g, "");

/**
 * Checks an options argument: absent (read as `{}`) or a plain object whose own keys are all in
 * `known`.
 *
 * @param options The argument as received.
 * @param known The option names the function takes.
 * @param action What the caller was doing, for the message (`create gateway client`).
 * @returns The options, `{}` when absent.
 * @throws {TypeError} when the argument is not an object, or names an unknown option; the message
 * names the key and, for a different spelling of a known option (`agent_id`, `baseURL`,
 * `api-key`), the name to use.
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  known: readonly string[],
  action: string,
): T {
  if (options === undefined) return {} as T;
  const type = typeOf(options);
  if (type !== "object") throw misuse(action, `options must be an object, got ${type}`);
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const match = known.find((k) => squash(k) === squash(key));
    throw misuse(
      action,
      `unknown option ${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}...` : key)} (${
        match ? `did you mean "${match}"?` : `known options: ${known.join(", ")}`
      })`,
    );
  }
  return options;
}
