import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildKeeptrustsHeaders, parseTraceparent } from "../../gateway/mod.ts";
import { prng, randomString, VALID } from "./_fuzz.ts";

describe("buildKeeptrustsHeaders()", () => {
  it("sets the three canonical headers, keeping a valid traceparent and a caller's request id", () => {
    const h = buildKeeptrustsHeaders({
      requestId: "req_1",
      agentId: "agent-a",
      traceparent: VALID,
    });
    assert.deepEqual(h, {
      "x-request-id": "req_1",
      "x-keeptrusts-agent-id": "agent-a",
      traceparent: VALID,
    });
  });

  it("makes a fresh request id and trace when none is given, and ignores an invalid traceparent", () => {
    const a = buildKeeptrustsHeaders({ agentId: "agent-a", traceparent: "garbage" });
    const b = buildKeeptrustsHeaders({ agentId: "agent-a" });
    assert.notEqual(a["x-request-id"], b["x-request-id"]);
    assert.ok(parseTraceparent(a.traceparent));
    assert.notEqual(a.traceparent, "garbage");
  });

  it("rejects hostile ids with a TypeError naming the field", () => {
    const rand = prng(99);
    for (let i = 0; i < 2_000; i++) {
      const s = randomString(rand, 1 + Math.floor(rand() * 300));
      for (const field of ["requestId", "agentId"] as const) {
        try {
          const h = buildKeeptrustsHeaders({ [field]: s });
          for (const value of Object.values(h)) {
            assert.doesNotMatch(value as string, /[\u0000-\u001f\u007f]/);
          }
        } catch (err) {
          assert.ok(err instanceof TypeError, `only TypeError, got ${err}`);
          assert.match((err as Error).message, new RegExp(field));
        }
      }
    }
    assert.throws(
      () => buildKeeptrustsHeaders({ agentId: "a\r\nx-evil: 1" }),
      /agentId contains a line break/,
    );
    assert.throws(
      () => buildKeeptrustsHeaders({ requestId: "x".repeat(257) }),
      /requestId is 257 characters long/,
    );
  });
});
