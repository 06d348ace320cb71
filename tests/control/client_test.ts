import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  bootstrapServiceAccount,
  buildTokenRotationPlan,
  createControlPlaneClient,
  createExportJob,
  createToken,
  downloadExport,
  getEvent,
  getEventCostAttribution,
  getExportJob,
  getWalletBalance,
  iterateEvents,
  type KeeptrustsApiError,
  KeeptrustsAuthenticationError,
  KeeptrustsConfigurationError,
  KeeptrustsConnectionError,
  KeeptrustsNotFoundError,
  KeeptrustsPermissionError,
  KeeptrustsTimeoutError,
  KeeptrustsValidationError,
  listEvents,
  requestIdOf,
  whoami,
} from "../../control/mod.ts";
import { serveFetch } from "../../demo/serve.ts";
import { type DemoServer, recordingFetch, renderings, startServer } from "../_helpers.ts";

const SEEDED = 3000;
let server: DemoServer;
const errors: unknown[] = [];
const secrets: string[] = [];
const fast = { retryBaseDelay: 1, maxRetryDelay: 20 };

before(async () => {
  server = await startServer({ seedEvents: SEEDED });
  secrets.push(server.adminToken, server.readToken);
});
after(async () => {
  await server.close();
});

async function caught<T>(promise: Promise<T>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    errors.push(err);
    return err;
  }
  assert.fail("expected a rejection");
}

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

describe("events", () => {
  it("iterateEvents() yields each of thousands of events exactly once, in order", async () => {
    const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
    const ids: string[] = [];
    for await (const event of iterateEvents(client, { limit: 250 })) ids.push(event.event_id);
    assert.equal(ids.length, server.store.events.length);
    assert.deepEqual(ids, server.store.events.map((e) => e.event_id));
  });

  it("still yields each event once and in order while 429s, 503s and dropped connections hit a fraction of requests", async () => {
    server.setFaultRate(0.25);
    let n = 0;
    const { fetch, sent } = recordingFetch(
      () => (++n % 5 === 0 ? new TypeError("fetch failed: connection reset") : undefined),
    );
    try {
      const client = createControlPlaneClient({
        baseUrl: server.url,
        bearerToken: server.readToken,
        fetch,
        maxRetries: 8,
        ...fast,
      });
      const ids: string[] = [];
      for await (const event of iterateEvents(client, { limit: 200 })) ids.push(event.event_id);
      assert.deepEqual(ids, server.store.events.map((e) => e.event_id));
      const pages = Math.ceil(server.store.events.length / 200);
      assert.ok(
        sent.length > pages,
        `faults forced retries (${sent.length} requests for ${pages} pages)`,
      );
    } finally {
      server.setFaultRate(0);
    }
  });

  it("filters by agent, verdict and time, and pages with next_cursor", async () => {
    const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
    const page = await listEvents(client, {
      agentId: "agent-support-web",
      verdict: "block",
      limit: 5,
    });
    assert.ok(page.events.length > 0 && page.events.length <= 5);
    assert.ok(
      page.events.every((e) => e.agent_id === "agent-support-web" && e.verdict === "block"),
    );
    assert.equal(typeof page.next_cursor, "string");
    const since = server.store.events[100].created_at;
    const until = new Date(Date.parse(server.store.events[110].created_at));
    const window = await listEvents(client, { since, until, limit: 1000 });
    assert.deepEqual(
      window.events.map((e) => e.event_id),
      server.store.events.slice(100, 110).map((e) => e.event_id),
    );
    assert.equal(window.next_cursor, null);
    assert.match(requestIdOf(window)!, /^[0-9a-f-]{36}$/);
  });

  it("getEvent() returns the detail with citations and a normalised spend", async () => {
    const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
    const stored = server.store.events.find((e) =>
      e.citations.length > 0 && e.event_cost_attribution.total_cost_usd > 0
    )!;
    const detail = await getEvent(client, stored.event_id, { requestId: "req_test_detail" });
    assert.deepEqual(detail, JSON.parse(JSON.stringify(stored)));
    assert.equal(requestIdOf(detail), "req_test_detail");
    const spend = getEventCostAttribution(detail);
    assert.equal(spend.total_cost_usd, stored.event_cost_attribution.total_cost_usd);
    assert.equal(spend.source_spend_log_id, stored.event_cost_attribution.source_spend_log_id);
    assert.equal(
      getEventCostAttribution({ cost_usd: 0.5, source_spend_log_id: "spl_top" })
        .source_spend_log_id,
      "spl_top",
    );
    assert.equal(
      getEventCostAttribution({ event_cost_attribution: { total_cost: 0.25 } }).total_cost_usd,
      0.25,
    );
  });

  it("rejects malformed filters before sending anything", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.readToken,
      fetch,
    });
    await assert.rejects(
      listEvents(client, { since: "yesterday" }),
      /since must be a Date or an RFC 3339/,
    );
    await assert.rejects(listEvents(client, { limit: 5000 }), RangeError);
    await assert.rejects(getEvent(client, "../admin"), /eventId contains a character/);
    await assert.rejects(listEvents(client, { since: new Date("nope") }), /invalid Date/);
    assert.equal(sent.length, 0);
  });
});

describe("errors", () => {
  it("maps 401, 403 and 404 to their classes, with the request id and the platform code", async () => {
    const bad = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: "kt_live_wrong_token_0000000000",
    });
    secrets.push("kt_live_wrong_token_0000000000");
    const e401 = await caught(whoami(bad, { requestId: "req_401" }));
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

  it("reports a malformed response as a validation error naming the field path", async () => {
    const tiny = await serveFetch(() =>
      Response.json({
        events: [{ event_id: "evt_1", request_id: "r", created_at: 5, verdict: "allow" }],
        next_cursor: null,
      })
    );
    try {
      const client = createControlPlaneClient({
        baseUrl: `http://127.0.0.1:${tiny.port}`,
        bearerToken: server.readToken,
      });
      const err = await caught(listEvents(client));
      assert.ok(err instanceof KeeptrustsValidationError);
      assert.equal((err as KeeptrustsValidationError).path, "events.0.created_at");
      assert.match(
        (err as Error).message,
        /listEvents response: events\.0\.created_at expected string/,
      );
      assert.ok((err as KeeptrustsValidationError).requestId);
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
      assert.deepEqual((page.events[0] as Record<string, unknown>).brand_new, { x: 1 });
    } finally {
      await tiny.close();
    }
  });

  it("does not retry a POST without an idempotency key, and retries one with a key", async () => {
    const admin = { baseUrl: server.url, bearerToken: server.adminToken, maxRetries: 3, ...fast };
    const unavailable = () =>
      new Response(JSON.stringify({ error: { type: "internal_error", message: "down" } }), {
        status: 503,
      });
    const once = recordingFetch((n) => (n === 1 ? unavailable() : undefined));
    const err = await caught(
      createToken(createControlPlaneClient({ ...admin, fetch: once.fetch }), {
        name: "ci",
        scopes: ["events:read"],
      }),
    );
    assert.equal((err as KeeptrustsApiError).status, 503);
    assert.equal(once.sent.length, 1);
    const dropped = recordingFetch(() => new TypeError("fetch failed"));
    const err2 = await caught(
      createToken(createControlPlaneClient({ ...admin, fetch: dropped.fetch }), {
        name: "ci",
        scopes: ["events:read"],
      }),
    );
    assert.ok(err2 instanceof KeeptrustsConnectionError);
    assert.match((err2 as Error).message, /not retried/);
    assert.equal(dropped.sent.length, 1);
    const keyed = recordingFetch((n) => (n === 1 ? unavailable() : undefined));
    const created = await createToken(createControlPlaneClient({ ...admin, fetch: keyed.fetch }), {
      name: "ci2",
      scopes: ["events:read"],
      idempotencyKey: "k-1",
    });
    assert.equal(keyed.sent.length, 2);
    assert.equal(keyed.sent[0].headers.get("idempotency-key"), "k-1");
    secrets.push(created.secret.reveal());
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

describe("automation", () => {
  it("bootstraps a service account once per idempotency key and hides its token", async () => {
    const client = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.adminToken,
    });
    const a = await bootstrapServiceAccount("sdk-rollout", ["events:read", "agents:write"], {
      client,
      idempotencyKey: "boot-1",
    });
    const b = await bootstrapServiceAccount("sdk-rollout", ["events:read", "agents:write"], {
      client,
      idempotencyKey: "boot-1",
    });
    assert.equal(a.service_account.service_account_id, b.service_account.service_account_id);
    assert.equal(a.token.reveal(), b.token.reveal());
    secrets.push(a.token.reveal());
    for (const text of [String(a.token), JSON.stringify(a), inspect(a, { depth: 5 })]) {
      assert.ok(!text.includes(a.token.reveal()));
    }
    const viaToken = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: a.token.reveal(),
    });
    assert.deepEqual((await whoami(viaToken)).scopes, ["events:read", "agents:write"]);
    await assert.rejects(
      bootstrapServiceAccount("Bad Name", ["events:read"], { client }),
      TypeError,
    );
    await assert.rejects(
      bootstrapServiceAccount("ok-name", ["events"], { client }),
      /scopes\[0\] is not a resource:action/,
    );
    await assert.rejects(
      bootstrapServiceAccount("ok-name", ["events:read", "events:read"], { client }),
      /repeats/,
    );
    const dup = await caught(bootstrapServiceAccount("sdk-rollout", ["events:read"], { client }));
    assert.equal((dup as KeeptrustsApiError).status, 409);
  });

  it("buildTokenRotationPlan() orders stage, verify, switch, revoke and never shows a token", () => {
    const t = (s: string) => `kt_live_${s}_0123456789abcdef`;
    const plan = buildTokenRotationPlan([
      { envVar: "KEEPTRUSTS_API_TOKEN", currentToken: t("a1"), nextToken: t("a2") },
      { envVar: "KEEPTRUSTS_API_KEY", currentToken: t("b1"), nextToken: t("b2") },
    ]);
    assert.deepEqual(plan.steps.map((s) => `${s.action}:${s.envVar}`), [
      "stage:KEEPTRUSTS_API_TOKEN",
      "stage:KEEPTRUSTS_API_KEY",
      "verify:KEEPTRUSTS_API_TOKEN",
      "verify:KEEPTRUSTS_API_KEY",
      "switch:KEEPTRUSTS_API_TOKEN",
      "switch:KEEPTRUSTS_API_KEY",
      "revoke:KEEPTRUSTS_API_TOKEN",
      "revoke:KEEPTRUSTS_API_KEY",
    ]);
    const text = JSON.stringify(plan);
    for (const s of ["a1", "a2", "b1", "b2"]) assert.ok(!text.includes(t(s)));
    assert.notEqual(plan.entries[0].current.fingerprint, plan.entries[0].next.fingerprint);
    const bad: Array<[unknown, RegExp]> = [
      [[], /non-empty/],
      [[{ envVar: "X", currentToken: "", nextToken: "b" }], /currentToken \(X\) is empty/],
      [[{ envVar: "X", currentToken: "same", nextToken: "same" }], /same as currentToken/],
      [[{ envVar: "X", currentToken: "a", nextToken: "b" }, {
        envVar: "X",
        currentToken: "c",
        nextToken: "d",
      }], /appears twice/],
      [[{ envVar: "X", currentToken: "a", nextToken: "b" }, {
        envVar: "Y",
        currentToken: "c",
        nextToken: "b",
      }], /also used by X/],
      [[{ envVar: "lower", currentToken: "a", nextToken: "b" }], /upper-case/],
    ];
    for (const [entries, message] of bad) {
      assert.throws(() => buildTokenRotationPlan(entries as never), message);
      try {
        buildTokenRotationPlan(entries as never);
      } catch (err) {
        assert.ok(!String(err).includes("same") || /same as/.test(String(err)));
      }
    }
  });

  it("runs an export job to a checked download, and reads wallet balances", async () => {
    const client = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.adminToken,
    });
    const job = await createExportJob(client, {
      type: "events",
      format: "csv",
      from: server.store.events[0].created_at,
      to: new Date("2030-01-01T00:00:00Z"),
    });
    assert.equal(job.status, "queued");
    let status = job.status;
    for (let i = 0; i < 50 && status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = (await getExportJob(client, job.job_id)).status;
    }
    const artifact = await downloadExport(client, job.job_id);
    const lines = new TextDecoder().decode(artifact.bytes).trim().split("\r\n");
    assert.equal(lines.length, server.store.events.length + 1);
    assert.match(artifact.contentType, /text\/csv/);
    const balance = await getWalletBalance(client);
    const spent = server.store.events.reduce(
      (s, e) => s + e.event_cost_attribution.total_cost_usd,
      0,
    );
    assert.ok(Math.abs(balance.wallets[0].total_spent! - spent) < 1e-6);
  });
});

describe("secrets", () => {
  it("no error produced by this suite shows a token in any rendering", () => {
    assert.ok(errors.length >= 8, `collected ${errors.length} errors`);
    for (const err of errors) {
      for (const text of renderings(err)) {
        for (const secret of secrets) {
          assert.ok(!text.includes(secret), `a token leaked into: ${text.slice(0, 200)}`);
        }
      }
    }
  });
});
