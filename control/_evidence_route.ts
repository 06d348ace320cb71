/**
 * Calls of the evidence routes (latest digest, proofs) a deployment may not have: a 405, or a 404
 * that names no missing resource (the route itself is missing), becomes
 * {@linkcode KeeptrustsUnsupportedError} instead of a not-found.
 *
 * @module
 */
import { KeeptrustsApiError, KeeptrustsUnsupportedError } from "../errors.ts";
import { invoke, type SdkCallBase } from "./_invoke.ts";
import type { CallOptions } from "./call_options.ts";

/** Whether an error means the deployment lacks the route (not that a resource is missing). */
function isMissingRoute(err: unknown): err is KeeptrustsApiError {
  if (!(err instanceof KeeptrustsApiError)) return false;
  if (err.status === 405) return true;
  if (err.status !== 404) return false;
  const code = err.code;
  return code === null || code === "route_not_found" || code === "not_found" ||
    !code.endsWith("_not_found");
}

/**
 * {@linkcode invoke} for an evidence route.
 *
 * @throws {KeeptrustsUnsupportedError} when the deployment has no such route.
 */
export async function invokeEvidenceRoute<T>(
  client: unknown,
  operation: string,
  call: (base: SdkCallBase) => Promise<{ data: T; response: Response }>,
  options: CallOptions,
): Promise<T> {
  try {
    return await invoke(client, operation, call, options);
  } catch (err) {
    if (!isMissingRoute(err)) throw err;
    throw new KeeptrustsUnsupportedError(
      `${operation} is not supported by this deployment (HTTP ${err.status}): its evidence routes are missing`,
      { status: err.status, code: "unsupported_route", requestId: err.requestId, cause: err },
    );
  }
}

/** Checks a positive integer option (a seq or a tree size) before anything is sent. */
export function toTreeIndex(field: string, value: unknown, action: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new RangeError(`Cannot ${action}: ${field} must be a positive integer`);
  }
  return value as number;
}

/** Throws a `TypeError` naming an unknown option key (and its camelCase spelling). */
export function checkOptionKeys(options: object, allowed: readonly string[], action: string): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Cannot ${action}: options must be an object`);
  }
  const known = [...allowed, "signal", "timeout", "callRequestId"];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const hint = known.includes(camel) ? ` (did you mean ${camel}?)` : "";
    throw new TypeError(`Cannot ${action}: unknown option ${JSON.stringify(key)}${hint}`);
  }
}
