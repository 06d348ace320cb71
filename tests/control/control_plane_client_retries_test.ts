import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createControlPlaneClient,
  createToken,
  type KeeptrustsApiError,
  KeeptrustsConnectionError,
  KeeptrustsTimeoutError,
  whoami,
} from "../../control/mod.ts";
import { serveFetch } from "../../testing/_app/serve_fetch.ts";
import { type DemoServer, recordingFetch } from "../_helpers.ts";
import { serverSuite } from "./_server_suite.ts";

let server: DemoServer;
const fast = { retryBaseDelay: 1, maxRetryDelay: 20 };
const { caught, checkSecrets, secrets } = serverSuite((s) => (server = s));

describe("errors: retries, Retry-After and aborts", () => {
  it("retries a create call only under one idempotency key, so a retry never mints a second token", async () => {
    const admin = { baseUrl: server.url, bearerToken: server.adminToken, maxRetries: 3, ...fast };
    const unavailable = () =>
      new Response(JSON.stringify({ error: { type: "internal_error", message: "down" } }), {
        status: 503,
      });
    const before = server.store.tokens.list().length;
    const once = recordingFetch((n) => (n === 1 ? unavailable() : undefined));
    const fresh = await createToken(createControlPlaneClient({ ...admin, fetch: once.fetch }), {
      name: "ci",
      scopes: ["events:read"],
    });
    assert.equal(once.sent.length, 2, "retried after the 503");
    const key = once.sent[0].headers.get("idempotency-key");
    assert.match(key ?? "", /^[0-9a-f-]{36}$/, "a fresh key when none is given");
    assert.equal(once.sent[1].headers.get("idempotency-key"), key, "the retry reuses it");
    assert.equal(server.store.tokens.list().length, before + 1, "one token, not two");
    secrets.push(fresh.secret.reveal());
    const keyed = recordingFetch((n) => (n === 1 ? unavailable() : undefined));
    const created = await createToken(createControlPlaneClient({ ...admin, fetch: keyed.fetch }), {
      name: "ci2",
      scopes: ["events:read"],
      idempotencyKey: "k-1",
    });
    assert.equal(keyed.sent.length, 2);
    assert.equal(keyed.sent[0].headers.get("idempotency-key"), "k-1");
    secrets.push(created.secret.reveal());
    const again = await createToken(createControlPlaneClient(admin), {
      name: "ci2",
      scopes: ["events:read"],
      idempotencyKey: "k-1",
    });
    assert.equal(again.token.token_id, created.token.token_id, "a repeated key replays the first");
    const down = recordingFetch(() => unavailable());
    const err = await caught(
      createToken(createControlPlaneClient({ ...admin, fetch: down.fetch }), {
        name: "ci3",
        scopes: ["events:read"],
      }),
    );
    assert.equal((err as KeeptrustsApiError).status, 503);
    assert.equal(down.sent.length, 4, "the first attempt and three retries");
    const dropped = recordingFetch(() => new TypeError("fetch failed"));
    const err2 = await caught(whoami(createControlPlaneClient({ ...admin, fetch: dropped.fetch })));
    assert.ok(err2 instanceof KeeptrustsConnectionError);
    assert.equal(dropped.sent.length, 4);
  });

  it("honours Retry-After up to the cap, times out, and rethrows the caller's abort", async () => {
    const limited = recordingFetch((
      n,
    ) => (n === 1
      ? new Response("{}", { status: 429, headers: { "retry-after": "3600" } })
      : undefined)
    );
    const client = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.readToken,
      fetch: limited.fetch,
      retryBaseDelay: 1,
      maxRetryDelay: 10,
    });
    assert.equal((await whoami(client)).user, "demo-reader");
    assert.equal(limited.sent.length, 2);
    // Retry-After as an HTTP date (here in the past: retry at once).
    const dated = recordingFetch((n) =>
      n === 1
        ? new Response("{}", {
          status: 503,
          headers: { "retry-after": new Date(Date.now() - 5000).toUTCString() },
        })
        : undefined
    );
    const c2 = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.readToken,
      fetch: dated.fetch,
      ...fast,
    });
    assert.equal((await whoami(c2)).user, "demo-reader");
    assert.equal(dated.sent.length, 2);
    assert.equal(
      dated.sent[0].headers.get("x-request-id"),
      dated.sent[1].headers.get("x-request-id"),
      "same request id across retries",
    );
    const slow = await serveFetch(() =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(Response.json({})), 1500))
    );
    try {
      const c = createControlPlaneClient({
        baseUrl: `http://127.0.0.1:${slow.port}`,
        bearerToken: server.readToken,
        maxRetries: 0,
      });
      const err = await caught(whoami(c, { timeout: 100 }));
      assert.ok(err instanceof KeeptrustsTimeoutError, String(err));
      const controller = new AbortController();
      const pending = whoami(c, { signal: controller.signal });
      controller.abort(new Error("user cancelled"));
      await assert.rejects(pending, /user cancelled/);
    } finally {
      await slow.close();
    }
  });
});

checkSecrets(3);
