/** Shared test helpers: the demo server and secret-leak checks. */
import { inspect } from "node:util";
import { type DemoServer, type DemoServerOptions, startDemoServer } from "../demo/serve.ts";

export { type DemoServer, startDemoServer };

/** Starts a demo server with a fixed clock (deterministic) unless told otherwise. */
export function startServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  let t = Date.parse("2026-05-31T00:00:00Z");
  return startDemoServer({ now: () => (t += 250), ...options });
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
