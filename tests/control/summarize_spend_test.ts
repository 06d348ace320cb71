import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type Event, getEventCostAttribution, summarizeSpend } from "../../control/mod.ts";
import { prng } from "../_helpers.ts";

const ev = (over: Record<string, unknown>) => ({
  event_id: "evt",
  created_at: "2026-05-31T12:00:00Z",
  verdict: "allow",
  ...over,
});

describe("summarizeSpend()", () => {
  it("sums exactly: 0.1 + 0.2 is 0.3, and no total shows float noise", () => {
    const spend = summarizeSpend([
      ev({ event_cost_attribution: { total_cost_usd: 0.1 } }),
      ev({ event_cost_attribution: { total_cost_usd: 0.2 } }),
    ]);
    assert.equal(0.1 + 0.2 === 0.3, false, "the float sum is not");
    assert.equal(spend.total_cost_usd, 0.3);
    assert.equal(spend.total_cost_usd_decimal, "0.3");
    // 0.00000645 + 0.0000129 is 0.000019350000000000003 in floats.
    const small = summarizeSpend([ev({ cost_usd: 0.00000645 }), ev({ cost: "0.0000129" })]);
    assert.equal(String(small.total_cost_usd), "0.00001935");
    assert.equal(small.total_cost_usd_decimal, "0.00001935");
  });

  it("agrees with exact integer arithmetic over 10,000 random amounts", () => {
    const rand = prng(7);
    const events: Record<string, unknown>[] = [];
    let nanos = 0n;
    for (let i = 0; i < 10_000; i++) {
      const n = BigInt(Math.floor(rand() * 5_000_000)); // up to 0.005 USD, in nano-dollars
      nanos += n;
      const text = (Number(n) / 1e9).toFixed(9);
      events.push(ev({ event_cost_attribution: { total_cost_usd: i % 2 ? text : Number(text) } }));
    }
    const expected = `${nanos / 1_000_000_000n}.${String(nanos % 1_000_000_000n).padStart(9, "0")}`
      .replace(/0+$/, "").replace(/\.$/, "");
    const spend = summarizeSpend(events);
    assert.equal(spend.total_cost_usd_decimal, expected);
    assert.equal(spend.events, 10_000);
  });

  it("groups by agent, model, UTC day or a function, ordered by key with events without one last", () => {
    const events = [
      ev({
        agent_id: "b",
        model: "m2",
        created_at: "2026-05-31T23:30:00-02:00",
        cost_usd: 1,
        input_tokens: 10,
      }),
      ev({
        agent_id: "a",
        model: "m1",
        created_at: "2026-05-31T10:00:00Z",
        cost_usd: "2.5",
        output_tokens: 4,
      }),
      ev({
        model: "m1",
        created_at: undefined,
        timestamp: "2026-05-30T23:59:59.999999Z",
        cost_usd: 0.5,
      }),
    ];
    const keys = (by: Parameters<typeof summarizeSpend>[1]) =>
      summarizeSpend(events, by).groups.map((g) => [g.key, g.events, g.total_cost_usd]);
    assert.deepEqual(keys({ by: "agent" }), [["a", 1, 2.5], ["b", 1, 1], [null, 1, 0.5]]);
    assert.deepEqual(keys({ by: "model" }), [["m1", 2, 3], ["m2", 1, 1]]);
    assert.deepEqual(keys({ by: "day" }), [
      ["2026-05-30", 1, 0.5],
      ["2026-05-31", 1, 2.5],
      ["2026-06-01", 1, 1],
    ]);
    assert.deepEqual(keys({ by: (e: Event) => e.verdict }), [["allow", 3, 4]]);
    const all = summarizeSpend(events, { by: "agent" });
    assert.equal(all.by, "agent");
    assert.deepEqual([all.input_tokens, all.output_tokens, all.total_cost_usd], [10, 4, 4]);
    assert.deepEqual(summarizeSpend(events).groups, []);
    assert.throws(() => summarizeSpend(events, { by: () => 5 as unknown as string }), TypeError);
  });

  it("takes an async iterable and returns a promise of the same summary", async () => {
    const events = [ev({ cost_usd: "0.1" }), ev({ cost_usd: "0.2" })];
    async function* stream() {
      yield* events;
    }
    const spend = await summarizeSpend(stream(), { by: "day" });
    assert.deepEqual(spend, summarizeSpend(events, { by: "day" }));
    assert.equal(spend.total_cost_usd, 0.3);
    assert.throws(() => summarizeSpend(5 as unknown as Event[]), /iterable/);
  });

  it("refuses a cost that is not an amount instead of counting it as zero", () => {
    for (const bad of ["0.1.2", "1e999", "x".repeat(10), "9".repeat(80), {}, true]) {
      assert.throws(
        () => summarizeSpend([ev({ event_cost_attribution: { total_cost_usd: bad } })]),
        /neither a finite number nor a decimal string/,
        String(bad),
      );
    }
  });
});

describe("getEventCostAttribution()", () => {
  it("reads every documented carrier of the cost, exactly, and the ledger id from either place", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ event_cost_attribution: { total_cost_usd: 0.0042 } }, "0.0042"],
      [{ event_cost_attribution: { total_cost: "0.0061" } }, "0.0061"],
      [{ cost_usd: 0.0034 }, "0.0034"],
      [{ cost: "12.50" }, "12.5"],
      [{ event_cost_attribution: { total_cost_usd: "1E-7" } }, "0.0000001"],
      [{}, "0"],
    ];
    for (const [event, decimal] of cases) {
      const spend = getEventCostAttribution(event);
      assert.equal(spend.total_cost_usd_decimal, decimal, JSON.stringify(event));
      assert.equal(spend.total_cost_usd, Number(decimal));
    }
    const spend = getEventCostAttribution({
      source_spend_log_id: "spl_top",
      input_tokens: 3,
      event_cost_attribution: { total_cost_usd: "0.3", input_cost_usd: "0.1", currency: "EUR" },
    });
    assert.deepEqual(
      [spend.source_spend_log_id, spend.input_cost_usd, spend.currency, spend.input_tokens],
      ["spl_top", 0.1, "EUR", 3],
    );
    assert.throws(() => getEventCostAttribution(null as unknown as Event), TypeError);
  });
});
