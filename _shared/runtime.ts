/**
 * What runtime the code is in, and fresh ids.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */

/** A fresh request id (a UUID v4, as the platform's docs suggest). */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/** Whether the code runs in a browser page or worker (not Deno, Bun or Node). */
export function isBrowserLike(): boolean {
  const g = globalThis as Record<string, unknown>;
  const hasDom = typeof g.window === "object" && typeof g.document === "object";
  const isWorker = typeof g.WorkerGlobalScope === "function" &&
    typeof g.importScripts === "function";
  return hasDom || isWorker;
}
