import { describe, it } from "node:test";
import assert from "node:assert/strict";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { createStandIn } from "../../testing/mod.ts";
import { SeededHistory } from "../../testing/_state/seeded_history.ts";
import { hex, mth, unhex, verifyInclusion } from "./_rfc9162.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const now = Date.parse("2026-05-31T00:00:00Z") * 1000;

describe("seeded history (derived from the seed and the index)", () => {
  it("writes each event's canonical text exactly as RFC 8785 does (the fast path, pinned)", () => {
    for (const seed of [0, 1, 42, 2 ** 32 - 1]) {
      const history = new SeededHistory(seed, 1_000_000, now);
      for (let k = 0; k < 3_000; k++) {
        const i = (k * 7919 + seed) % history.count;
        const text = history.canonicalEvent(i);
        assert.equal(text, canonicalize(JSON.parse(text)));
        assert.equal(history.payloadHash(i), sha(text));
      }
    }
  });

  it("finds every event and request by its id, and nothing by a near miss", () => {
    const history = new SeededHistory(7, 5_000, now);
    const other = new SeededHistory(8, 5_000, now);
    for (let i = 0; i < history.count; i += 37) {
      const event = history.event(i);
      assert.equal(history.indexOfEventId(event.event_id), i);
      assert.equal(history.indexOfRequestId(event.request_id), i);
      assert.equal(other.indexOfEventId(event.event_id), -1, "another seed's ids are not ours");
      assert.equal(
        event.created_at < new Date(now / 1000).toISOString(),
        true,
        "history is in the past",
      );
    }
    assert.equal(history.indexOfEventId(history.eventId(4_999).replace(/.$/, "x")), -1);
    assert.equal(history.indexOfEventId(`evt_${"0".repeat(20)}`), -1);
    assert.equal(history.indexOfRequestId("req_seed_0005001"), -1, "past the end");
    assert.equal(history.indexOfRequestId("req_seed_00001"), -1, "not the padded form");
  });

  it("covers every verdict, and its total cost is the sum of its events' costs", () => {
    const history = new SeededHistory(42, 2_000, now);
    const events = Array.from({ length: history.count }, (_, i) => history.event(i));
    assert.deepEqual(new Set(events.map((e) => e.verdict)), new Set(["allow", "block", "redact"]));
    assert.ok(events.some((e) => e.citations.length > 0));
    const sum = events.reduce((s, e) => s + e.cost_usd, 0);
    assert.ok(Math.abs(history.totalCost() - sum) < 1e-9, `${history.totalCost()} vs ${sum}`);
  });
});

describe("a stand-in seeded with 20,000 decisions", () => {
  const standIn = createStandIn({ seedEvents: 20_000, digestEvery: 64, rotateEvery: 50 });
  const get = (path: string) =>
    standIn.fetch(`${standIn.url}${path}`, {
      headers: { authorization: `Bearer ${standIn.tokens.read}` },
    })
      .then((r) => r.json());

  it("streams a chain whose latest tree head is the RFC 9162 root of the records streamed", async () => {
    const hashes: Uint8Array[] = [];
    let prev = "0".repeat(64);
    let cursor = "";
    do {
      const page = await get(`/v1/trail/records?limit=1000${cursor ? `&cursor=${cursor}` : ""}`);
      for (const r of page.records) {
        const { hash, ...body } = r;
        assert.equal(r.prev_hash, prev);
        assert.equal(sha(canonicalize(body)!), hash);
        hashes.push(unhex(hash));
        prev = hash;
      }
      cursor = page.next_cursor ?? "";
    } while (cursor);
    assert.equal(hashes.length, 20_000);
    const latest = await get("/v1/trail/digests/latest");
    assert.equal(latest.tree_size, 20_000 - (20_000 % 64));
    const root = mth(hashes.slice(0, latest.tree_size));
    assert.equal(latest.root_hash, hex(root));
    for (const seq of [1, 4_097, latest.tree_size]) {
      const p = await get(`/v1/trail/proofs/inclusion?seq=${seq}&tree_size=${latest.tree_size}`);
      assert.ok(
        verifyInclusion(
          seq - 1,
          latest.tree_size,
          unhex(p.leaf_hash),
          p.audit_path.map(unhex),
          root,
        ),
      );
    }
    const { keys } = await get("/v1/trail/public-keys");
    assert.equal(keys.length, Math.ceil(latest.tree_size / 64 / 50));
  });

  it("serves each event as its record's payload, and pages events by time and by request", async () => {
    const record = (await get("/v1/trail/records?from_seq=12345&limit=1")).records[0];
    const event = await get(`/v1/events/${record.event_id}`);
    assert.equal(sha(canonicalize(event)!), record.payload_hash);
    const byRequest = await get(`/v1/events?request_id=${event.request_id}`);
    assert.deepEqual(byRequest.events.map((e: { event_id: string }) => e.event_id), [
      event.event_id,
    ]);
    const since = await get(`/v1/events?since=${encodeURIComponent(event.created_at)}&limit=3`);
    assert.equal(since.events[0].event_id, event.event_id);
    assert.equal(since.events.length, 3);
  });
});
