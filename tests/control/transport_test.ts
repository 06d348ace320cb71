import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import {
  createControlPlaneClient,
  KeeptrustsResponseError,
  listEvents,
  whoami,
} from "../../control/mod.ts";
import { caught, recordingFetch } from "../_helpers.ts";
import { endless, serveRaw, serveRoutes } from "./_platform.ts";

const token = "kt_live_transport_secret_000111";
const fast = { retryBaseDelay: 1, maxRetryDelay: 20 };
const me = { user: "u", scopes: ["events:read"] };
const json = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { headers: { "content-type": "application/json", ...headers } });

describe("the control-plane transport", () => {
  it("stops reading at maxResponseBytes, with or without a Content-Length, and does not retry", async () => {
    const big = JSON.stringify({ events: [], pad: "x".repeat(2 * 1024 * 1024) });
    const server = await serveRoutes({
      "GET /v1/events": () => json(big),
      "GET /v1/whoami": () =>
        new Response(endless(new Uint8Array(64 * 1024).fill(32)), {
          headers: { "content-type": "application/json" },
        }),
    });
    try {
      const client = createControlPlaneClient({
        baseUrl: server.url,
        bearerToken: token,
        maxResponseBytes: 1024 * 1024,
      });
      for (
        const call of [() => listEvents(client), () => whoami(client)] as (() => Promise<unknown>)[]
      ) {
        const err = await caught(call());
        assert.ok(err instanceof KeeptrustsResponseError, String(err));
        assert.equal(err.code, "too_large");
        assert.match(err.message, /larger than the limit of 1048576 bytes \(maxResponseBytes\)/);
      }
      assert.equal(server.seen.length, 2, "a body over the limit is not retried");
    } finally {
      await server.close();
    }
  });

  it("counts a compressed body after decompression, so a small gzip cannot inflate past the limit", async () => {
    const bomb = gzipSync(new Uint8Array(8 * 1024 * 1024).fill(32));
    const raw = await serveRaw((socket) => {
      socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n" +
          `content-length: ${bomb.byteLength}\r\n\r\n`,
      );
      socket.end(bomb);
    });
    try {
      assert.ok(bomb.byteLength < 64 * 1024, `${bomb.byteLength} bytes on the wire`);
      const client = createControlPlaneClient({
        baseUrl: raw.url,
        bearerToken: token,
        maxResponseBytes: 1024 * 1024,
      });
      const err = await caught(whoami(client));
      assert.ok(err instanceof KeeptrustsResponseError, String(err));
      assert.equal(err.code, "too_large");
    } finally {
      await raw.close();
    }
  });

  it("refuses answers that are not JSON bodies: text/plain, no Content-Type, empty, malformed", async () => {
    const server = await serveRoutes({
      "GET /v1/whoami": (req) => {
        switch (req.headers.get("x-case")) {
          case "text":
            return new Response("OK", { headers: { "content-type": "text/plain" } });
          case "empty":
            return json("");
          default:
            return json('{"user": "u", "scopes": [');
        }
      },
    });
    try {
      const expected = [
        ["text", "not_json", /Content-Type text\/plain \(expected application\/json\)/],
        ["empty", "empty_body", /with an empty body/],
        ["bad", "not_json", /not valid JSON/],
      ] as const;
      for (const [name, code, message] of expected) {
        const f = recordingFetch((_n, r) => {
          r.headers.set("x-case", name);
          return undefined;
        });
        const c = createControlPlaneClient({
          baseUrl: server.url,
          bearerToken: token,
          fetch: f.fetch,
        });
        const err = await caught(whoami(c));
        assert.ok(err instanceof KeeptrustsResponseError, `${name}: ${err}`);
        assert.equal(err.code, code, name);
        assert.match(err.message, message);
      }
      // HTTP servers add a Content-Type of their own: a raw socket answers without one.
      const raw = await serveRaw((socket) => {
        const body = JSON.stringify(me);
        socket.end(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
      });
      try {
        const err = await caught(
          whoami(createControlPlaneClient({ baseUrl: raw.url, bearerToken: token })),
        );
        assert.ok(err instanceof KeeptrustsResponseError, String(err));
        assert.equal(err.code, "not_json");
        assert.match(err.message, /answered HTTP 200 without a Content-Type/);
      } finally {
        await raw.close();
      }
    } finally {
      await server.close();
    }
  });

  it("turns a body cut off half-way into a typed error after the retries an idempotent call allows", async () => {
    const raw = await serveRaw((socket) => {
      socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n" +
          '{"events": [',
      );
      setTimeout(() => socket.destroy(), 20);
    });
    try {
      const client = createControlPlaneClient({
        baseUrl: raw.url,
        bearerToken: token,
        maxRetries: 2,
        ...fast,
      });
      const err = await caught(listEvents(client));
      assert.ok(err instanceof KeeptrustsResponseError, String(err));
      assert.equal(err.code, "body_failed");
      assert.match(err.message, /cut off or failed part-way \(after 3 attempts\)/);
      assert.equal(raw.connections(), 3);
    } finally {
      await raw.close();
    }
  });

  it("turns a TypeError or DOMException from the body stream into a typed error", async () => {
    for (const fault of [new TypeError("terminated"), new DOMException("reset", "NetworkError")]) {
      const failing = (() => {
        const body = new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"user":'));
            c.error(fault);
          },
        });
        return Promise.resolve(
          new Response(body, { headers: { "content-type": "application/json" } }),
        );
      }) as typeof fetch;
      const client = createControlPlaneClient({
        baseUrl: "http://127.0.0.1:9",
        bearerToken: token,
        fetch: failing,
        maxRetries: 0,
      });
      const err = await caught(whoami(client));
      assert.ok(err instanceof KeeptrustsResponseError, String(err));
      assert.equal(err.code, "body_failed");
      assert.equal((err as Error).cause, fault);
    }
  });
});
