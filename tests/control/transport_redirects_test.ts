import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createControlPlaneClient,
  createExportJob,
  KeeptrustsAuthenticationError,
  KeeptrustsConnectionError,
  KeeptrustsResponseError,
  KeeptrustsTimeoutError,
  listEvents,
  whoami,
} from "../../control/mod.ts";
import { caught, recordingFetch, renderings } from "../_helpers.ts";
import { endless, serveRaw, serveRoutes } from "./_platform.ts";

const token = "kt_live_transport_secret_000111";
const fast = { retryBaseDelay: 1, maxRetryDelay: 20 };
const me = { user: "u", scopes: ["events:read"] };

/** Runs `fn` and returns its rejection and how long it took. */
async function timed(fn: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t0 = performance.now();
  const err = await caught(fn());
  return { err, ms: performance.now() - t0 };
}

describe("the control-plane transport: redirects, timeouts, tokens, connection failures", () => {
  it("refuses a redirect from https to http and never sends the token to another origin", async () => {
    const plain = await serveRoutes({ "GET /v1/whoami": () => Response.json(me) });
    const other = await serveRoutes({ "GET /v1/whoami": () => Response.json(me) });
    const api = await serveRoutes({
      "GET /v1/whoami": () =>
        new Response(null, { status: 307, headers: { location: `${other.url}/v1/whoami` } }),
    });
    try {
      // An https server cannot run on loopback without a certificate: a fetch stands in for it.
      const https = ((url: string) =>
        Promise.resolve(
          url.startsWith("https:")
            ? new Response(null, { status: 302, headers: { location: `${plain.url}/v1/whoami` } })
            : fetch(url),
        )) as typeof fetch;
      const secure = createControlPlaneClient({
        baseUrl: "https://api.keeptrusts.example",
        bearerToken: token,
        fetch: https,
      });
      const err = await caught(whoami(secure));
      assert.ok(err instanceof KeeptrustsResponseError, String(err));
      assert.equal(err.code, "insecure_redirect");
      assert.match(err.message, /from https to http/);
      assert.equal(plain.seen.length, 0, "the plaintext answer is never fetched");
      const moved = createControlPlaneClient({ baseUrl: api.url, bearerToken: token });
      assert.deepEqual((await whoami(moved)).scopes, ["events:read"]);
      assert.equal(other.seen[0].headers.get("authorization"), null);
      assert.equal(api.seen[0].headers.get("authorization"), `Bearer ${token}`);
    } finally {
      await plain.close();
      await other.close();
      await api.close();
    }
  });

  it("resends a POST on a same-origin 307 or 308, body and idempotency key included, also on its retry", async () => {
    for (const status of [307, 308]) {
      let first = true;
      const server = await serveRoutes({
        "POST /v1/exports/jobs": () => {
          if (first) {
            first = false;
            return Response.json({ error: { type: "internal_error", message: "busy" } }, {
              status: 503,
            });
          }
          return new Response(null, { status, headers: { location: "/v2/exports/jobs" } });
        },
        "POST /v2/exports/jobs": () =>
          Response.json({ job_id: "exp_1", status: "queued" }, { status: 202 }),
      });
      try {
        const client = createControlPlaneClient({
          baseUrl: server.url,
          bearerToken: token,
          ...fast,
        });
        const job = await createExportJob(client, { format: "csv", timeWindow: "7d" });
        assert.equal(job.job_id, "exp_1");
        assert.deepEqual(server.seen.map((s) => `${s.method} ${s.path}`), [
          "POST /v1/exports/jobs",
          "POST /v1/exports/jobs",
          "POST /v2/exports/jobs",
        ]);
        const bodies = server.seen.map((s) => s.body);
        assert.deepEqual(JSON.parse(bodies[2]), { format: "csv", time_window: "7d" });
        assert.equal(bodies[1], bodies[2]);
        const keys = server.seen.map((s) => s.headers.get("idempotency-key"));
        assert.ok(keys[0] && keys.every((k) => k === keys[0]));
      } finally {
        await server.close();
      }
    }
  });

  it("refuses a timeout a runtime timer cannot hold instead of letting it overflow", async () => {
    const { fetch, sent } = recordingFetch();
    assert.throws(
      () => createControlPlaneClient({ bearerToken: token, timeout: 2 ** 31 }),
      /timeout must be at most 2147483647 ms/,
    );
    assert.throws(
      () => createControlPlaneClient({ bearerToken: token, maxRetryDelay: 2 ** 40 }),
      RangeError,
    );
    const client = createControlPlaneClient({
      baseUrl: "http://127.0.0.1:9",
      bearerToken: token,
      fetch,
    });
    await assert.rejects(whoami(client, { timeout: 2 ** 31 }), RangeError);
    await assert.rejects(whoami(client, { timeout: 0 }), RangeError);
    assert.equal(sent.length, 0);
  });

  it("keeps a token the server echoes out of the error, whole or cut short", async () => {
    const server = await serveRoutes({
      "GET /v1/whoami": (req) => {
        const sent = req.headers.get("authorization")!.slice(7);
        return Response.json({
          error: {
            type: "authentication_error",
            message: `token ${sent} is revoked; prefix ${sent.slice(0, 16)}... seen before`,
          },
        }, { status: 401 });
      },
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      const err = await caught(whoami(client));
      assert.ok(err instanceof KeeptrustsAuthenticationError);
      assert.match(err.message, /token \[redacted\] is revoked; prefix \[redacted\] seen before/);
      for (const text of renderings(err)) {
        assert.ok(!text.includes(token.slice(0, 12)), text.slice(0, 200));
      }
    } finally {
      await server.close();
    }
  });

  it("names the URL and the cause of a connection failure, and how many attempts were made", async () => {
    const gone = await serveRoutes({});
    const url = gone.url;
    await gone.close();
    const client = createControlPlaneClient({
      baseUrl: url,
      bearerToken: token,
      maxRetries: 2,
      ...fast,
    });
    const err = await caught(listEvents(client, { agentId: "agent-a" }));
    assert.ok(err instanceof KeeptrustsConnectionError, String(err));
    assert.ok(err.message.includes(`${url}/v1/events:`), err.message);
    assert.ok(!err.message.includes("agent_id"), "no query string in the message");
    assert.match(err.message, /refused|ECONNREFUSED|Unable to connect/i);
    assert.match(err.message, /after 3 attempts/);
    for (const text of renderings(err)) assert.ok(!text.includes(token));
  });

  it("ends a slow-drip body, a long Retry-After and a caller's abort within the call's timeout", async () => {
    const server = await serveRoutes({
      "GET /v1/whoami": () =>
        new Response(endless(new TextEncoder().encode(" "), 50), {
          headers: { "content-type": "application/json" },
        }),
      "GET /v1/events": () =>
        Response.json({ error: { type: "rate_limit", message: "later" } }, {
          status: 429,
          headers: { "retry-after": "999999" },
        }),
    });
    // A declared length is read by the runtime itself: the timeout must hold there too.
    const declared = await serveRaw((socket) => {
      socket.write(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n",
      );
      const drip = setInterval(
        () => (socket.destroyed ? clearInterval(drip) : socket.write(" ")),
        50,
      );
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      for (
        const call of [
          () => whoami(client, { timeout: 400 }),
          () => listEvents(client, { timeout: 400 }),
        ]
      ) {
        const { err, ms } = await timed(call);
        assert.ok(err instanceof KeeptrustsTimeoutError, String(err));
        assert.match((err as Error).message, /timed out after 400 ms/);
        assert.ok(ms < 400 + 5000, `ended after ${Math.round(ms)} ms`);
      }
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("user cancelled")), 100);
      const { err } = await timed(() => whoami(client, { signal: controller.signal }));
      assert.equal((err as Error).message, "user cancelled");
      const before = server.seen.length;
      const gone = await caught(
        whoami(client, { signal: AbortSignal.abort(new Error("too late")) }),
      );
      assert.equal((gone as Error).message, "too late", "an aborted signal stops the call at once");
      assert.equal(server.seen.length, before, "nothing was sent");
    } finally {
      await server.close();
      await declared.close();
    }
  });
});
