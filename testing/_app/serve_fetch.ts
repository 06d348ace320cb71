/**
 * Serves a fetch handler on loopback with the runtime's own server: `Deno.serve`, `Bun.serve`, or
 * `@hono/node-server` on Node.
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** A running HTTP server for a fetch handler. */
export interface ServedHandler {
  readonly port: number;
  close(): Promise<void>;
}

/** Where to listen. */
export interface ServeOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  hostname?: string;
}

/** Serves a fetch handler and resolves once it listens. */
export async function serveFetch(
  handler: (request: Request) => Response | Promise<Response>,
  options: ServeOptions = {},
): Promise<ServedHandler> {
  const hostname = options.hostname ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (g.Deno?.serve) {
    const server = g.Deno.serve({ port, hostname, onListen() {} }, handler);
    return { port: server.addr.port, close: () => server.shutdown() };
  }
  if (g.Bun?.serve) {
    const server = g.Bun.serve({ port, hostname, fetch: handler, idleTimeout: 30 });
    return { port: server.port, close: () => Promise.resolve(server.stop(true)) };
  }
  const { serve } = await import("@hono/node-server");
  return await new Promise<ServedHandler>((resolve, reject) => {
    const server = serve({ fetch: handler, port, hostname }, (info) =>
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      }));
    server.once("error", reject);
  });
}
