/** Shared test helpers: the stand-in on a port, secret-leak checks, fetch recording, a PRNG. */
import { inspect } from "node:util";
import { type RunningStandIn, startStandIn, type StartStandInOptions } from "../testing/mod.ts";
import { partsOf } from "../testing/_stand_in.ts";
import type { Store } from "../testing/_state/store.ts";

/** A stand-in on a loopback port, with its state open to the repository's own tests. */
export interface DemoServer extends RunningStandIn {
  /** The stand-in's state (private to the package; tests read it to compare answers). */
  readonly store: Store;
  /** `tokens.admin`. */
  readonly adminToken: string;
  /** `tokens.read`. */
  readonly readToken: string;
  /** Answers this fraction of requests with a 429 or a 503. */
  setFaultRate(rate: number): void;
}

/** Options of {@linkcode startServer}; `allowTamper` is accepted and ignored (the state is open). */
export type ServerOptions = StartStandInOptions & { allowTamper?: boolean };

/** Starts a stand-in with a stepping clock (deterministic timestamps) unless told otherwise. */
export async function startServer(options: ServerOptions = {}): Promise<DemoServer> {
  let t = Date.parse("2026-05-31T00:00:00Z");
  const { allowTamper: _ignored, ...rest } = options;
  const standIn = await startStandIn({ now: () => (t += 250), ...rest });
  return {
    ...standIn,
    store: partsOf(standIn).store,
    adminToken: standIn.tokens.admin,
    readToken: standIn.tokens.read,
    setFaultRate: (rate: number) => standIn.setFaults({ rate }),
  };
}

/** Every rendering of an error a user or a log could see. */
export function renderings(err: unknown): string[] {
  const e = err as Error;
  const out = [String(err), e?.stack ?? "", inspect(err, { depth: 10, showHidden: true })];
  try {
    out.push(JSON.stringify(err) ?? "");
  } catch {
    // Circular: not a rendering a logger would produce either.
  }
  const deno = (globalThis as { Deno?: { inspect(v: unknown, o?: unknown): string } }).Deno;
  if (deno) out.push(deno.inspect(err, { depth: 10 }));
  if (e?.cause) out.push(...renderings(e.cause));
  return out;
}

/** Records a header sent by a fetch call. */
export interface Sent {
  url: string;
  method: string;
  headers: Headers;
}

/** A fetch that records what it sends and can inject faults before passing through. */
export function recordingFetch(
  inject?: (attempt: number, request: Request) => Response | Error | undefined,
): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({ url: request.url, method: request.method, headers: new Headers(request.headers) });
    const fault = inject?.(sent.length, request);
    if (fault instanceof Error) throw fault;
    if (fault) return fault;
    return await fetch(request);
  }) as typeof fetch;
  return { fetch: f, sent };
}

/** Awaits a promise that must reject; returns the rejection (and records it in `into`, if given). */
export async function caught<T>(promise: Promise<T>, into?: unknown[]): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    into?.push(err);
    return err;
  }
  throw new Error("expected a rejection");
}

/** A small deterministic PRNG (an LCG) for fuzz and mutation tests. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
}

/** A deep copy through JSON (test data is plain JSON). */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
