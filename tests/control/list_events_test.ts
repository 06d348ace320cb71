import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createControlPlaneClient,
  getEvent,
  getEventCostAttribution,
  iterateEvents,
  listEvents,
  requestIdOf,
} from "../../control/mod.ts";
import { type DemoServer, recordingFetch, startServer } from "../_helpers.ts";

let server: DemoServer;
const fast = { retryBaseDelay: 1, maxRetryDelay: 20 };
before(async () => {
  server = await startServer({ seedEvents: 3000 });
});
after(async () => {
  await server.close();
});

describe("iterateEvents(), listEvents(), getEvent()", () => {
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
    const detail = await getEvent(client, stored.event_id, { callRequestId: "req_test_detail" });
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
      /since must be a Date, an RFC 3339 date-time, a date \(2026-05-31\) or a duration/,
    );
    await assert.rejects(listEvents(client, { limit: 0 }), RangeError);
    await assert.rejects(listEvents(client, { limit: 2.5 }), RangeError);
    await assert.rejects(getEvent(client, "../admin"), /eventId contains a character/);
    await assert.rejects(listEvents(client, { since: new Date("nope") }), /invalid Date/);
    assert.equal(sent.length, 0);
  });
});
