/**
 * Starts the demo server on loopback in Deno (`Deno.serve`), Bun (`Bun.serve`) or Node
 * (`@hono/node-server`). Run directly (`deno task serve`) it prints its URL and demo tokens.
 *
 * @module
 */
import { createDemoApp, type DemoAppOptions } from "./app.ts";
import type { DemoStore } from "./store.ts";

/** Options of {@linkcode startDemoServer}. */
export interface DemoServerOptions extends DemoAppOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  hostname?: string;
}

/** A running demo server. */
export interface DemoServer {
  /** Base URL of the server, e.g. `http://127.0.0.1:8787` (no `/v1`). */
  readonly url: string;
  /** The gateway's OpenAI-style base URL (`url` + `/v1`). */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly store: DemoStore;
  readonly adminToken: string;
  readonly readToken: string;
  setFaultRate(rate: number): void;
  close(): Promise<void>;
}

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** A running HTTP server for a fetch handler. */
export interface ServedHandler {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves a fetch handler on loopback with the runtime's own server (Deno, Bun or Node). */
export async function serveFetch(
  handler: (request: Request) => Response | Promise<Response>,
  options: { port?: number; hostname?: string } = {},
): Promise<ServedHandler> {
  const hostname = options.hostname ?? "127.0.0.1";
  const requested = options.port ?? 0;
  if (g.Deno?.serve) {
    const server = g.Deno.serve({ port: requested, hostname, onListen() {} }, handler);
    return { port: server.addr.port, close: () => server.shutdown() };
  }
  if (g.Bun?.serve) {
    const server = g.Bun.serve({ port: requested, hostname, fetch: handler, idleTimeout: 30 });
    return {
      port: server.port,
      close: () => Promise.resolve(server.stop(true)),
    };
  }
  const { serve } = await import("@hono/node-server");
  return await new Promise<ServedHandler>((resolve) => {
    const server = serve({ fetch: handler, port: requested, hostname }, (info) =>
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      }));
  });
}

/** Starts a demo server and resolves once it listens. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const { app, store, setFaultRate } = createDemoApp(options);
  const hostname = options.hostname ?? "127.0.0.1";
  const { port, close } = await serveFetch(app.fetch, { port: options.port, hostname });
  const url = `http://${hostname}:${port}`;
  return {
    url,
    gatewayUrl: `${url}/v1`,
    port,
    store,
    adminToken: store.adminToken,
    readToken: store.readToken,
    setFaultRate,
    close,
  };
}

function env(name: string): string | undefined {
  return g.Deno?.env.get(name) ?? g.process?.env?.[name];
}

if ((import.meta as { main?: boolean }).main) {
  const server = await startDemoServer({
    port: Number(env("PORT") ?? 8787),
    seedEvents: Number(env("KEEPTRUSTS_DEMO_SEED_EVENTS") ?? 24),
    adminToken: env("KEEPTRUSTS_DEMO_ADMIN_TOKEN"),
    readToken: env("KEEPTRUSTS_DEMO_READ_TOKEN"),
    allowTamper: env("KEEPTRUSTS_DEMO_ALLOW_TAMPER") === "1",
  });
  console.log(`Keeptrusts demo server listening on ${server.url}
  gateway base URL:  ${server.gatewayUrl}
  OpenAPI document:  ${server.url}/openapi.json
  demo admin token:  ${server.adminToken}   (all scopes; also a gateway API key)
  demo read token:   ${server.readToken}   (read-only)
These demo tokens are fixtures of this local server, not secrets.`);
}
