/** Test helpers: the platform's documented shapes (tests/testdata/platform/) served over real HTTP. */
import { readFile } from "node:fs/promises";
import { serveFetch } from "../../testing/_app/serve_fetch.ts";

/** One documented shape: the page it comes from, and the answer. */
export interface Fixture {
  readonly page: string;
  readonly shows: string;
  readonly route: string;
  readonly body?: unknown;
  readonly request?: unknown;
  readonly status?: number;
  readonly location?: string;
  readonly job?: unknown;
  readonly artifact?: string;
}

/** Reads `tests/testdata/platform/<name>.json`. */
export async function fixture(name: string): Promise<Fixture> {
  const url = new URL(`../testdata/platform/${name}.json`, import.meta.url);
  return JSON.parse(await readFile(url, "utf8"));
}

/** A request the server saw. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly body: string;
}

/** A small server answering `METHOD /path` routes; anything else is a 404 in the error envelope. */
export interface RouteServer {
  readonly url: string;
  readonly seen: Seen[];
  close(): Promise<void>;
}

/** Serves routes keyed `"GET /v1/events"`; a handler gets the request, its URL and its body. */
export async function serveRoutes(
  routes: Record<
    string,
    (request: Request, url: URL, body: string) => Response | Promise<Response>
  >,
): Promise<RouteServer> {
  const seen: Seen[] = [];
  const served = await serveFetch(async (request) => {
    const url = new URL(request.url);
    const body = request.method === "GET" ? "" : await request.text();
    seen.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(request.headers),
      body,
    });
    const handler = routes[`${request.method} ${url.pathname}`];
    if (handler) return await handler(request, url, body);
    return Response.json({ error: { type: "not_found", message: "no such route" } }, {
      status: 404,
    });
  });
  return { url: `http://127.0.0.1:${served.port}`, seen, close: served.close };
}

/** Serves each fixture's body as JSON on its route. */
export function serveFixtures(fixtures: readonly Fixture[]): Promise<RouteServer> {
  const routes: Record<string, () => Response> = {};
  for (const f of fixtures) {
    routes[f.route] = () => Response.json(f.body, { status: f.status ?? 200 });
  }
  return serveRoutes(routes);
}

/** A raw TCP server answering every connection with `reply` (for answers no HTTP server makes). */
export async function serveRaw(
  reply: (socket: import("node:net").Socket) => void,
): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const { createServer } = await import("node:net");
  let connections = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", () => reply(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A body that sends `chunk` forever, or after `delayMs` between chunks (a slow drip). */
export function endless(chunk: Uint8Array, delayMs = 0): ReadableStream<Uint8Array> {
  let stopped = false;
  return new ReadableStream({
    async pull(controller) {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      if (!stopped) controller.enqueue(chunk);
    },
    cancel() {
      stopped = true;
    },
  });
}
