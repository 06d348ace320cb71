/**
 * What a control-plane client holds, kept out of reach of inspection: the generated client
 * instance, the transport settings (with the token) and the default timeout.
 *
 * @module
 */
import type { Client } from "../generated/client/index.ts";
import type { TransportSettings } from "./_transport.ts";

/** What a {@linkcode ControlPlaneClient} holds. */
export interface Internals {
  readonly hey: Client;
  readonly settings: TransportSettings;
  readonly timeoutMs: number;
}

const registry = new WeakMap<object, Internals>();

/** Registers a client's internals. */
export function register(client: object, internals: Internals): void {
  registry.set(client, internals);
}

/** The internals of a client; a `TypeError` for anything else. */
export function internalsOf(client: unknown, action: string): Internals {
  const internals = typeof client === "object" && client !== null
    ? registry.get(client)
    : undefined;
  if (!internals) {
    throw new TypeError(`Cannot ${action}: client must come from createControlPlaneClient()`);
  }
  return internals;
}
