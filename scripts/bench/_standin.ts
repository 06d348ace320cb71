/**
 * The stand-in, as the benchmarks start it: in this process (the gateway benchmark, where client
 * and server share the machine the way a sidecar gateway does), or in a process of its own through
 * the one spawn helper the test runner uses too (so that memory measured here is the SDK's alone).
 *
 * @module
 */
import { type StandInProcess, startStandInProcess } from "../_spawn_server.mjs";
import { startStandIn } from "../../testing/mod.ts";
import process from "node:process";
import { execPath, runtime } from "./_harness.ts";

export type { StandInProcess };

/** A stand-in served from this process: its URLs and admin token. */
export interface InProcessStandIn {
  readonly gatewayUrl: string;
  readonly adminToken: string;
  close(): Promise<void>;
}

/** Starts the stand-in in this process on a free loopback port. */
export async function startInProcess(): Promise<InProcessStandIn> {
  const standIn = await startStandIn();
  return { gatewayUrl: standIn.gatewayUrl, adminToken: standIn.tokens.admin, close: standIn.close };
}

/**
 * Starts the stand-in in a child process of this runtime, seeded with `seedEvents` decisions; a
 * digest every `digestEvery` records (the stand-in's default is 8, to exercise rotation in tests).
 */
export function startProcess(seedEvents: number, digestEvery = 8): Promise<StandInProcess> {
  return startStandInProcess({
    runtime,
    execPath,
    seedEvents,
    env: { ...process.env, KEEPTRUSTS_DEMO_DIGEST_EVERY: String(digestEvery) },
  });
}
