/**
 * Waiting for a fresh record to be signed: the newest digest is polled (100 ms, doubling to 2 s)
 * until its tree holds the record, for at most the time allowed, and the caller's signal aborts
 * the wait at once.
 *
 * @module
 */
import type { Digest } from "../evidence/types.ts";
import { KeeptrustsError, KeeptrustsNotFoundError, KeeptrustsTimeoutError } from "../errors.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { getLatestDigest } from "./get_latest_digest.ts";

const DEFAULT_WAIT_MS = 60_000;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function latestOrNone(client: ControlPlaneClient, call: CallOptions) {
  try {
    return await getLatestDigest(client, call);
  } catch (err) {
    if (err instanceof KeeptrustsNotFoundError) return undefined; // nothing signed yet
    throw err;
  }
}

/**
 * Checks `waitForDigest` (before anything is sent): milliseconds to wait, 0 for none.
 *
 * @throws {TypeError} when it is neither a boolean nor a positive integer.
 */
export function readWait(wait: unknown, action: string): number {
  if (wait === undefined || wait === false) return 0;
  if (wait === true) return DEFAULT_WAIT_MS;
  if (typeof wait === "number" && Number.isSafeInteger(wait) && wait > 0) return wait;
  throw new TypeError(
    `Cannot ${action}: waitForDigest must be a boolean or a positive number of ms`,
  );
}

/**
 * The newest digest once its tree holds record `seq`.
 *
 * @param client The client.
 * @param seq The record.
 * @param limit Milliseconds to wait at most (0: do not wait).
 * @param call Signal and timeout of each call; the signal also ends the wait.
 * @throws {KeeptrustsError} with code `record_not_signed` when not waiting.
 * @throws {KeeptrustsTimeoutError} with code `record_not_signed` when the wait ran out.
 */
export async function waitForSignedRecord(
  client: ControlPlaneClient,
  seq: number,
  limit: number,
  call: CallOptions,
): Promise<Digest> {
  const action = "build evidence bundle";
  const deadline = Date.now() + limit;
  for (let delay = 100;; delay = Math.min(delay * 2, 2000)) {
    const latest = await latestOrNone(client, call);
    if (latest !== undefined && latest.tree_size >= seq) return latest;
    const why = `record ${seq} is not signed by a digest yet (one is signed every few records)`;
    if (limit === 0) {
      throw new KeeptrustsError(`Cannot ${action}: ${why}; pass waitForDigest to wait for it`, {
        code: "record_not_signed",
      });
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new KeeptrustsTimeoutError(`Cannot ${action}: ${why} after waiting ${limit} ms`, {
        code: "record_not_signed",
      });
    }
    await sleep(Math.min(delay, left), call.signal);
  }
}
