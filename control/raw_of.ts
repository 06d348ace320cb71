/**
 * `rawOf`: the object a server sent, exactly as received, behind a normalised view.
 *
 * @module
 */

/**
 * Where a view keeps its raw object: a non-enumerable property, invisible to `JSON.stringify`,
 * `Object.keys`, spreading and deep equality. (Not a `WeakMap`: its entries live until a full
 * garbage collection, which would keep every raw page of a long iteration alive.)
 */
const RAW = Symbol("keeptrusts.raw");

/**
 * The object exactly as the server sent it, behind a view that the SDK normalised. The platform's
 * documentation shows several spellings of the same record (`id` or `event_id`, `timestamp` or
 * `created_at`, `decision`, `policy_outcome` or `verdict`, money as a number or a decimal string),
 * and the SDK's helpers return one view of all of them. A trail record's `payload_hash` covers the
 * document as sent, so evidence is hashed from `rawOf(view)`, never from the view. For an answer
 * that needed no normalising (every answer of a server that follows the SDK's spec) the view is
 * the object itself, and `rawOf` returns its argument.
 *
 * @param view A record returned by a control-plane helper (an event, an export job, a wallet
 * balance, a token, ...).
 * @returns The object as received; the argument itself when it is not a normalised view.
 *
 * @example Hash what the server sent, read the view
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, getEvent, listEvents, rawOf } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const { events } = await listEvents(client, { limit: 1 });
 * const event = await getEvent(client, events[0].event_id);
 * assert.equal(rawOf(event), event); // the stand-in answers in the SDK's own spelling
 * assert.equal(typeof rawOf(event).event_id, "string");
 * ```
 */
export function rawOf(view: object): Readonly<Record<string, unknown>> {
  if (typeof view !== "object" || view === null) {
    throw new TypeError("Cannot read raw object: view must be an object");
  }
  return ((view as { [RAW]?: object })[RAW] ?? view) as Readonly<Record<string, unknown>>;
}

/** Records that `view` was normalised from `raw` (internal: read back with {@linkcode rawOf}). */
export function linkRaw<T extends object>(view: T, raw: object): T {
  if (view !== raw) Object.defineProperty(view, RAW, { value: raw });
  return view;
}
