/**
 * The options check every factory and helper runs first: options come from plain JavaScript too,
 * where a misspelt key (`agent_id` for `agentId`) would otherwise be ignored without a word.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */
import { typeOf } from "./env.ts";

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
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Cannot ${action}: options must be an object, got ${typeOf(options)}`);
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
