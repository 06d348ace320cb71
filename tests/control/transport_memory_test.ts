import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { Socket } from "node:net";

const root = new URL("../..", import.meta.url).pathname;
const script = new URL("./_transport_child.ts", import.meta.url).pathname;

/** The command that runs a TypeScript file on the runtime running this test, with GC exposed. */
function runtimeCommand(): [string, string[]] {
  const g = globalThis as { Deno?: { execPath(): string }; Bun?: unknown };
  if (g.Deno) return [g.Deno.execPath(), ["run", "-A", "--v8-flags=--expose-gc", script]];
  if (g.Bun) return [process.execPath, [script]];
  return [process.execPath, ["--expose-gc", "--import", "tsx", script]];
}

interface ChildReport {
  name: string;
  code?: string;
  message?: string;
  ms: number;
  growthMiB: number;
  gc: boolean;
}

function runChild(env: Record<string, string>): Promise<ChildReport> {
  const [cmd, args] = runtimeCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const kill = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", () => {
      clearTimeout(kill);
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`child printed ${JSON.stringify(out)}; stderr ${err.slice(0, 2000)}`));
      }
    });
  });
}

const ME = JSON.stringify({ user: "u", scopes: ["events:read"] });

/** Routes by the request line on each connection. */
async function serve(
  events: (socket: Socket) => void,
) {
  const { createServer } = await import("node:net");
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    socket.on("data", (data) => {
      const line = data.toString("latin1").split("\r\n", 1)[0];
      if (line.startsWith("GET /v1/whoami")) {
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${ME.length}\r\n\r\n${ME}`,
        );
      } else if (line.startsWith("GET /v1/events")) events(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `head`, then `chunk` again and again (after `delayMs` each) until the socket closes. */
function pour(socket: Socket, head: string, chunk: Uint8Array, delayMs = 0): void {
  socket.write(head);
  const more = () => {
    if (socket.destroyed) return;
    if (delayMs > 0) {
      setTimeout(() => !socket.destroyed && socket.write(chunk, () => more()), delayMs);
      return;
    }
    while (!socket.destroyed && socket.write(chunk));
    if (!socket.destroyed) socket.once("drain", more);
  };
  more();
}

const MiB = 1024 * 1024;
const spaces = new Uint8Array(64 * 1024).fill(32);

describe("the control-plane transport under hostile bodies (child process, its own RSS)", () => {
  it("stops an endless body at the 64 MiB default limit, RSS growth under limit + 64 MiB", async () => {
    const server = await serve((socket) =>
      pour(
        socket,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
        spaces,
      )
    );
    try {
      const report = await runChild({ MODE: "endless", URL: server.url });
      assert.equal(report.name, "KeeptrustsResponseError", report.message);
      assert.equal(report.code, "too_large");
      assert.match(report.message!, /limit of 67108864 bytes/);
      assert.ok(report.growthMiB < 64 + 64, `RSS grew ${report.growthMiB.toFixed(1)} MiB`);
    } finally {
      await server.close();
    }
  });

  it("refuses a body that declares 2 GB before reading it", async () => {
    const server = await serve((socket) =>
      pour(
        socket,
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${
          2 * 1024 * MiB
        }\r\n\r\n`,
        spaces,
      )
    );
    try {
      const report = await runChild({ MODE: "declared", URL: server.url });
      assert.equal(report.name, "KeeptrustsResponseError", report.message);
      assert.equal(report.code, "too_large");
      assert.ok(report.growthMiB < 64 + 64, `RSS grew ${report.growthMiB.toFixed(1)} MiB`);
    } finally {
      await server.close();
    }
  });

  it("times out a slow-drip body within the call's timeout while garbage collection runs", async () => {
    const server = await serve((socket) =>
      pour(
        socket,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
        new Uint8Array([32]),
        100,
      )
    );
    try {
      const report = await runChild({ MODE: "gc", URL: server.url, TIMEOUT: "1500" });
      assert.equal(report.gc, true, "the child could force garbage collection");
      assert.equal(report.name, "KeeptrustsTimeoutError", report.message);
      assert.ok(report.ms < 1500 + 5000, `ended after ${Math.round(report.ms)} ms`);
    } finally {
      await server.close();
    }
  });
});
