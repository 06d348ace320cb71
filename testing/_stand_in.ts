/**
 * What both kinds of stand-in handle are built from: the state, the fault plan and the Hono app;
 * and the private link from a public handle back to its state (for this repository's own tests).
 *
 * @module
 */
import type { Hono } from "hono";
import { createApp } from "./_app/app.ts";
import type { Env } from "./_app/env.ts";
import { FaultPlan } from "./_state/fault_plan.ts";
import { spkiFingerprint } from "./_state/crypto.ts";
import { Store } from "./_state/store.ts";
import { resolveFaults, resolveOptions } from "./_resolve_options.ts";
import type { StandInFaults, StandInLies, StandInTokens } from "./stand_in_options.ts";
import { resolveLies } from "./_resolve_lies.ts";

/** The parts of a stand-in. */
export interface StandInParts {
  readonly app: Hono<Env>;
  readonly store: Store;
  readonly tokens: StandInTokens;
  readonly fingerprint: string;
  setFaults(faults: StandInFaults): void;
  setLies(lies: StandInLies): void;
}

const PARTS = new WeakMap<object, StandInParts>();

/** Checks the options and builds a stand-in's parts. */
export function buildStandIn(
  action: string,
  options: unknown,
  extraKeys: readonly string[] = [],
): StandInParts {
  const o = resolveOptions(action, options, extraKeys);
  const store = new Store({
    seed: o.seed,
    now: o.now,
    digestEvery: o.digestEvery,
    rotateEvery: o.rotateEvery,
    adminToken: o.tokens.admin,
    readToken: o.tokens.read,
    policies: o.policies,
  });
  if (o.seedEvents > 0) store.seedHistory(o.seedEvents);
  store.setLies(o.lies);
  const faults = new FaultPlan(o.seed);
  faults.set(o.faults);
  const setFaults = (settings: StandInFaults) =>
    faults.set(resolveFaults("set stand-in faults", settings));
  const setLies = (lies: StandInLies) => store.setLies(resolveLies("set stand-in lies", lies));
  return {
    app: createApp({
      store,
      faults,
      corsOrigins: o.corsOrigins,
      switches: o.switches ? { setFaults, setLies } : null,
    }),
    store,
    tokens: Object.freeze({ ...o.tokens }),
    fingerprint: spkiFingerprint(store.keyRing.first.x),
    setFaults,
    setLies,
  };
}

/** Links a public handle to its parts. */
export function register<T extends object>(handle: T, parts: StandInParts): T {
  PARTS.set(handle, parts);
  return handle;
}

/** The parts behind a handle (this repository's tests read the state directly). */
export function partsOf(handle: object): StandInParts {
  const parts = PARTS.get(handle);
  if (!parts) throw new TypeError("not a stand-in handle");
  return parts;
}
