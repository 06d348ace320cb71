/**
 * `rawOf`: the object a server sent, exactly as received, behind a normalised view.
 *
 * @module
 */

const raws = new WeakMap<object, object>();

/**
 * The object exactly as the server sent it, behind a view that the SDK normalised. The platform's
 * documentation shows several spellings of the same record (`id` or `event_id`, `timestamp` or
 * `created_at`, `decision`, `policy_outcome` or `verdict`, money as a number or a decimal string),
 * and the SDK's helpers return one view of all of them. A trail record's `payload_hash` covers the
 * document as sent, so evidence is hashed from `rawOf(view)`, never from the view. For an answer
 * that needed no normalising (every answer of a server that follows the SDK's spec) the view is
 * the object itself, and `rawOf` returns its argument.
 *
 * @param view An object returned by a control-plane helper (an event, a page, an export job, ...).
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
  return (raws.get(view) ?? view) as Readonly<Record<string, unknown>>;
}

/** Records that `view` was normalised from `raw` (internal: read back with {@linkcode rawOf}). */
export function linkRaw<T extends object>(view: T, raw: object): T {
  if (view !== raw) raws.set(view, raw);
  return view;
}
