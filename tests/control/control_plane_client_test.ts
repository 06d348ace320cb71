import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  bootstrapServiceAccount,
  createControlPlaneClient,
  createExportJob,
  getEvent,
  type KeeptrustsApiError,
  KeeptrustsAuthenticationError,
  KeeptrustsConfigurationError,
  KeeptrustsNotFoundError,
  KeeptrustsPermissionError,
  KeeptrustsValidationError,
  listEvents,
  rawOf,
  whoami,
} from "../../control/mod.ts";
import { serveFetch } from "../../testing/_app/serve_fetch.ts";
import { type DemoServer, renderings } from "../_helpers.ts";
import { serverSuite } from "./_server_suite.ts";

let server: DemoServer;
const { caught, checkSecrets, errors, secrets } = serverSuite((s) => (server = s));

describe("createControlPlaneClient()", () => {
  it("needs a token, and says how to give one without echoing anything secret", () => {
    const env =
      (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
    const saved = env.KEEPTRUSTS_API_TOKEN;
    delete env.KEEPTRUSTS_API_TOKEN;
    try {
      assert.throws(
        () => createControlPlaneClient({ baseUrl: server.url }),
        KeeptrustsConfigurationError,
      );
      assert.throws(
        () => createControlPlaneClient({ baseUrl: server.url }),
        /KEEPTRUSTS_API_TOKEN/,
      );
    } finally {
      if (saved !== undefined) env.KEEPTRUSTS_API_TOKEN = saved;
    }
    assert.throws(
      () => createControlPlaneClient({ baseUrl: "file:///etc", bearerToken: "t" }),
      TypeError,
    );
    const nonAscii = "kt_live_s\u00e9cret_value_0001";
    let err: unknown;
    try {
      createControlPlaneClient({ baseUrl: server.url, bearerToken: nonAscii });
    } catch (e) {
      err = e;
    }
    assert.ok(
      err instanceof KeeptrustsConfigurationError,
      "a token no header can carry is refused",
    );
    for (const text of renderings(err)) assert.ok(!text.includes(nonAscii));
    assert.throws(
      () => createControlPlaneClient({ baseUrl: server.url, bearerToken: "t", maxRetries: -1 }),
      RangeError,
    );
  });

  it("refuses to start in a browser-like global unless explicitly allowed", () => {
    const g = globalThis as Record<string, unknown>;
    const had = { window: g.window, document: g.document };
    g.window = {};
    g.document = {};
    try {
      let err: unknown;
      try {
        createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof KeeptrustsConfigurationError);
      assert.match((err as Error).message, /not in a browser/);
      errors.push(err);
      const allowed = createControlPlaneClient({
        baseUrl: server.url,
        bearerToken: server.readToken,
        dangerouslyAllowBrowser: true,
      });
      assert.equal(allowed.baseUrl, server.url);
    } finally {
      if (had.window === undefined) delete g.window;
      else g.window = had.window;
      if (had.document === undefined) delete g.document;
      else g.document = had.document;
    }
  });

  it("never shows its token when inspected, printed or serialised", () => {
    const client = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.adminToken,
    });
    const deno = (globalThis as { Deno?: { inspect(v: unknown): string } }).Deno;
    for (
      const text of [
        String(client),
        JSON.stringify(client),
        inspect(client, { showHidden: true, depth: 10 }),
        deno?.inspect(client) ?? "",
      ]
    ) {
      assert.ok(!text.includes(server.adminToken), text);
    }
    assert.match(String(client), /ControlPlaneClient\(http:\/\/127\.0\.0\.1:\d+\)/);
  });
});

describe("errors", () => {
  it("maps 401, 403 and 404 to their classes, with the request id and the platform code", async () => {
    const bad = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: "kt_live_wrong_token_0000000000",
    });
    secrets.push("kt_live_wrong_token_0000000000");
    const e401 = await caught(whoami(bad, { callRequestId: "req_401" }));
    assert.ok(e401 instanceof KeeptrustsAuthenticationError);
    assert.equal((e401 as KeeptrustsApiError).status, 401);
    assert.equal((e401 as KeeptrustsApiError).requestId, "req_401");
    const reader = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
    const e403 = await caught(
      bootstrapServiceAccount("not-allowed", ["events:read"], { client: reader }),
    );
    assert.ok(e403 instanceof KeeptrustsPermissionError);
    assert.equal((e403 as KeeptrustsApiError).code, "missing_scope");
    const e404 = await caught(getEvent(reader, "evt_missing"));
    assert.ok(e404 instanceof KeeptrustsNotFoundError);
    assert.match((e404 as Error).message, /getEvent failed with HTTP 404/);
    const e422 = await caught(
      createExportJob(
        createControlPlaneClient({ baseUrl: server.url, bearerToken: server.adminToken }),
        { type: "bogus", format: "json", timeWindow: "1h" },
      ),
    );
    assert.equal((e422 as KeeptrustsApiError).status, 422);
  });

  it("reports a malformed answer as a validation error naming the field path", async () => {
    const bad = { event_id: "evt_1", request_id: "r", created_at: 5, verdict: "allow" };
    const tiny = await serveFetch((req) =>
      new URL(req.url).pathname === "/v1/events/evt_1"
        ? Response.json({ ...bad, citations: [] })
        : Response.json({ events: [bad], next_cursor: "more" })
    );
    try {
      const client = createControlPlaneClient({
        baseUrl: `http://127.0.0.1:${tiny.port}`,
        bearerToken: server.readToken,
      });
      const err = await caught(getEvent(client, "evt_1"));
      assert.ok(err instanceof KeeptrustsValidationError);
      assert.equal((err as KeeptrustsValidationError).path, "created_at");
      assert.match((err as Error).message, /getEvent response: created_at expected string/);
      assert.ok((err as KeeptrustsValidationError).requestId);
      // In a list, the odd item is skipped and reported; the page itself is read.
      const page = await listEvents(client);
      assert.deepEqual(page.events, []);
      assert.equal(page.next_cursor, "more");
      assert.equal(page.skipped.length, 1);
      assert.equal(page.skipped[0].index, 0);
      assert.deepEqual(page.skipped[0].item, bad);
      assert.deepEqual(page.skipped[0].issues[0], { path: "created_at", expected: "string" });
    } finally {
      await tiny.close();
    }
  });

  it("accepts unknown fields and new enum values from the server", async () => {
    const tiny = await serveFetch(() =>
      Response.json({
        events: [{
          event_id: "evt_1",
          request_id: "r",
          created_at: "2026-05-31T00:00:00.000001Z",
          verdict: "quarantine",
          brand_new: { x: 1 },
        }],
        next_cursor: null,
      })
    );
    try {
      const client = createControlPlaneClient({
        baseUrl: `http://127.0.0.1:${tiny.port}`,
        bearerToken: server.readToken,
      });
      const page = await listEvents(client);
      assert.equal(page.events[0].verdict, "quarantine");
      assert.deepEqual(rawOf(page.events[0]).brand_new, { x: 1 });
    } finally {
      await tiny.close();
    }
  });
});

checkSecrets(5);
