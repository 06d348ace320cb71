import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createControlPlaneClient,
  getEvent,
  type InvalidItem,
  iterateEvents,
  iterateTrailRecords,
  KeeptrustsResponseError,
  KeeptrustsValidationError,
  listEvents,
  revokeToken,
  whoami,
} from "../../control/mod.ts";
import { caught } from "../_helpers.ts";
import { serveRoutes } from "./_platform.ts";

const token = "kt_live_tolerant_reading_01";
const good = (n: number) => ({
  event_id: `evt_${n}`,
  request_id: `req_${n}`,
  created_at: "2026-05-31T00:00:00Z",
  verdict: "allow",
});

/** A server whose /v1/events answers page `cursor` (or the first) from `pages`. */
function pagedServer(pages: Record<string, unknown>) {
  return serveRoutes({
    "GET /v1/events": (_req, url) => Response.json(pages[url.searchParams.get("cursor") ?? ""]),
  });
}

describe("tolerant reading", () => {
  it("yields the readable events of a page and reports each odd one with its path", async () => {
    const odd = [
      { ...good(2), created_at: 5 },
      { request_id: "no-id", created_at: "2026-05-31T00:00:00Z", verdict: "allow" },
      { ...good(4), event_cost_attribution: { total_cost_usd: "a lot" } },
      "not an object",
    ];
    const server = await pagedServer({
      "": { events: [good(1), odd[0], odd[1], good(3), odd[2], odd[3]], next_cursor: "p2" },
      p2: { events: [good(5)], next_cursor: null },
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      const reported: InvalidItem[] = [];
      const ids: string[] = [];
      for await (const e of iterateEvents(client, { onInvalidItem: (i) => reported.push(i) })) {
        ids.push(e.event_id);
      }
      assert.deepEqual(ids, ["evt_1", "evt_3", "evt_5"]);
      assert.deepEqual(reported.map((r) => [r.index, r.issues[0].path]), [
        [1, "created_at"],
        [2, "event_id"],
        [4, "event_cost_attribution.total_cost_usd"],
        [5, ""],
      ]);
      assert.deepEqual(reported.map((r) => r.item), odd, "each odd item as received");
      assert.equal(reported[0].operation, "listEvents");
      assert.match(reported[0].callRequestId, /^[0-9a-f-]{36}$/);
      const page = await listEvents(client);
      assert.deepEqual(page.events.map((e) => e.event_id), ["evt_1", "evt_3"]);
      assert.equal(page.skipped.length, 4);
    } finally {
      await server.close();
    }
  });

  it("iterateEvents() without onInvalidItem yields every readable event, then names the skipped ones", async () => {
    const server = await pagedServer({
      "": { events: [good(1), { ...good(2), verdict: 7 }], next_cursor: "p2" },
      p2: { events: [good(3)] },
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      const ids: string[] = [];
      const err = await caught((async () => {
        for await (const e of iterateEvents(client)) ids.push(e.event_id);
      })());
      assert.deepEqual(ids, ["evt_1", "evt_3"], "the good ones, all of them, first");
      assert.ok(err instanceof KeeptrustsValidationError);
      assert.equal(err.code, "invalid_items");
      assert.equal(err.path, "page 1: events.1.verdict");
      assert.match(err.message, /skipped 1 item that could not be read/);
      assert.match(err.message, /onInvalidItem/);
    } finally {
      await server.close();
    }
  });

  it("refuses a cursor that comes back (directly or in a cycle) instead of listing forever", async () => {
    for (
      const pages of [
        {
          "": { events: [good(1)], next_cursor: "same" },
          same: { events: [], next_cursor: "same" },
        },
        {
          "": { events: [], next_cursor: "a" },
          a: { events: [good(1)], next_cursor: "b" },
          b: { events: [good(2)], next_cursor: "a" },
        },
      ]
    ) {
      const server = await pagedServer(pages);
      try {
        const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
        let n = 0;
        const err = await caught((async () => {
          for await (const _ of iterateEvents(client, { timeout: 5000 })) n++;
        })());
        assert.ok(err instanceof KeeptrustsResponseError, String(err));
        assert.equal(err.code, "cursor_loop");
        assert.ok(server.seen.length <= 3, `${server.seen.length} requests, not thousands`);
        assert.ok(n <= 2);
      } finally {
        await server.close();
      }
    }
  });

  it("ends a listing on has_more: false or an empty cursor, and refuses a cursor that is not a string", async () => {
    const server = await pagedServer({
      "": { events: [good(1)], next_cursor: "p2", has_more: false },
    });
    const empty = await serveRoutes({
      "GET /v1/events": () => Response.json({ events: [good(1)], next_cursor: "" }),
    });
    const odd = await serveRoutes({
      "GET /v1/events": () => Response.json({ events: [good(1)], next_cursor: 5 }),
      "GET /v1/events/evt_1": () => Response.json({ events: "nope" }),
    });
    try {
      for (const s of [server, empty]) {
        const client = createControlPlaneClient({ baseUrl: s.url, bearerToken: token });
        const page = await listEvents(client);
        assert.equal(page.next_cursor, null);
        assert.equal(s.seen.length, 1);
      }
      const client = createControlPlaneClient({ baseUrl: odd.url, bearerToken: token });
      const err = await caught(listEvents(client));
      assert.ok(err instanceof KeeptrustsValidationError);
      assert.equal(err.path, "next_cursor");
      const detail = await caught(getEvent(client, "evt_1"));
      assert.ok(detail instanceof KeeptrustsValidationError);
      assert.equal(detail.path, "event_id");
    } finally {
      await server.close();
      await empty.close();
      await odd.close();
    }
  });

  it("reads administrative trail records and reports a record whose hash is not hex", async () => {
    const record = {
      seq: 1,
      record_id: "rec_1",
      created_at: "2026-05-31T00:00:00Z",
      kind: "login",
      payload_hash: "a".repeat(64),
      prev_hash: "0".repeat(64),
      hash: "b".repeat(64),
    };
    const server = await serveRoutes({
      "GET /v1/trail/records": () =>
        Response.json({ records: [record, { ...record, seq: 2, hash: "XYZ" }] }),
      "GET /v1/whoami": () => Response.json({ user: "u", scopes: "events:read" }),
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      const skipped: InvalidItem[] = [];
      const seqs: number[] = [];
      for await (
        const r of iterateTrailRecords(client, { onInvalidItem: (i) => skipped.push(i) })
      ) {
        seqs.push(r.seq);
      }
      assert.deepEqual(seqs, [1], "a record without request_id and event_id is read");
      assert.deepEqual(skipped.map((s) => [s.operation, s.index, s.issues[0].path]), [
        ["listTrailRecords", 1, "hash"],
      ]);
      const err = await caught(whoami(client));
      assert.ok(err instanceof KeeptrustsValidationError);
      assert.equal(err.path, "scopes");
    } finally {
      await server.close();
    }
  });

  it("reads a revocation answered 204 No Content, and calls a 204 where a record is due an empty body", async () => {
    const server = await serveRoutes({
      "DELETE /v1/tokens/tok_1": () => new Response(null, { status: 204 }),
      "GET /v1/whoami": () => new Response(null, { status: 204 }),
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      assert.deepEqual(await revokeToken(client, "tok_1"), { token_id: "tok_1" });
      const err = await caught(whoami(client));
      assert.ok(err instanceof KeeptrustsResponseError, String(err));
      assert.equal(err.code, "empty_body");
      assert.match(err.message, /answered HTTP 204 with no content/);
    } finally {
      await server.close();
    }
  });
});
