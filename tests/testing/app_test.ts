import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createStandIn } from "../../testing/mod.ts";
import { partsOf } from "../../testing/_stand_in.ts";

// The Hono app itself, through app.request(): no socket needed.
const { app, tokens } = partsOf(createStandIn({ seedEvents: 3 }));
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe("the stand-in's Hono app", () => {
  it("answers every error with the platform's envelope and the request's own id", async () => {
    const cases: Array<[string, RequestInit, number, string, string]> = [
      ["/v1/events", {}, 401, "authentication_error", "invalid_token"],
      [
        "/v1/tokens",
        { method: "POST", headers: auth(tokens.read) },
        403,
        "permission_error",
        "missing_scope",
      ],
      [
        "/v1/events?limit=0",
        { headers: auth(tokens.read) },
        422,
        "validation_error",
        "invalid_parameter",
      ],
      [
        "/v1/events?cursor=@@",
        { headers: auth(tokens.read) },
        400,
        "invalid_request",
        "bad_cursor",
      ],
      ["/v1/events/evt_nope", { headers: auth(tokens.read) }, 404, "not_found", "event_not_found"],
      ["/v1/nowhere", { headers: auth(tokens.read) }, 404, "not_found", "route_not_found"],
      [
        "/v1/chat/completions",
        { method: "POST", headers: auth(tokens.admin), body: "{not json" },
        400,
        "invalid_request",
        "invalid_json",
      ],
    ];
    for (const [path, init, status, type, code] of cases) {
      const headers = new Headers(init.headers);
      headers.set("x-request-id", `req-${code}`);
      const r = await app.request(path, { ...init, headers });
      assert.equal(r.status, status, path);
      assert.equal(r.headers.get("x-request-id"), `req-${code}`);
      const { error } = await r.json();
      assert.deepEqual(Object.keys(error), ["type", "code", "message", "request_id"]);
      assert.deepEqual([error.type, error.code, error.request_id], [type, code, `req-${code}`]);
      assert.ok(error.message.length > 10, error.message);
    }
  });

  it("makes a fresh request id when the caller sends none, and echoes the caller's otherwise", async () => {
    const fresh = await app.request("/health");
    assert.match(fresh.headers.get("x-request-id")!, /^[0-9a-f-]{36}$/);
    const mine = await app.request("/health", { headers: { "x-request-id": "mine-1" } });
    assert.equal(mine.headers.get("x-request-id"), "mine-1");
  });

  it("serves its OpenAPI document and health without a token", async () => {
    const spec = await (await app.request("/openapi.json")).json();
    assert.equal(spec.openapi.slice(0, 3), "3.1");
    const health = await (await app.request("/health")).json();
    assert.equal(health.status, "healthy");
  });
});

describe("the stand-in's export jobs", () => {
  it("export events when the body has no type, as the platform's documented body does", async () => {
    const r = await app.request("/v1/exports/jobs", {
      method: "POST",
      headers: { ...auth(tokens.admin), "content-type": "application/json" },
      body: JSON.stringify({ format: "json", time_window: "24h" }),
    });
    assert.equal(r.status, 202);
    assert.equal((await r.json()).type, "events");
    const bad = await app.request("/v1/exports/jobs", {
      method: "POST",
      headers: { ...auth(tokens.admin), "content-type": "application/json" },
      body: JSON.stringify({ type: "everything", format: "json" }),
    });
    assert.equal(bad.status, 422);
    assert.equal((await bad.json()).error.code, "invalid_type");
  });
});
