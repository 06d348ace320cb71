import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  buildKeeptrustsHeaders,
  generateTraceparent,
  parseTraceparent,
} from "../../gateway/mod.ts";

const VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

function randomString(rand: () => number, length: number): string {
  const pool = [..."0123456789abcdefABCDEF-ff00 \t\r\n\u0000\u007f\u00ff\u2028zZ_.:/"];
  let s = "";
  for (let i = 0; i < length; i++) s += pool[Math.floor(rand() * pool.length)];
  return s;
}

function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
}

describe("parseTraceparent()", () => {
  it("parses a valid version-00 header", () => {
    const tp = parseTraceparent(VALID);
    assert.deepEqual(tp, {
      version: "00",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      parentId: "00f067aa0ba902b7",
      traceFlags: "01",
      sampled: true,
    });
  });

  it("rejects uppercase hex, version ff, all-zero ids and wrong lengths as a whole", () => {
    for (
      const bad of [
        VALID.toUpperCase(),
        "ff" + VALID.slice(2),
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        VALID + "-extra",
        VALID.slice(0, 54),
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "0g" + VALID.slice(2),
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
      ]
    ) assert.equal(parseTraceparent(bad), undefined, bad);
  });

  it("accepts a future version with a dash after the flags, but not control characters in its tail", () => {
    assert.equal(
      parseTraceparent("01" + VALID.slice(2) + "-what-comes")?.traceId,
      "4bf92f3577b34da6a3ce929d0e0e4736",
    );
    assert.equal(parseTraceparent("01" + VALID.slice(2) + "x"), undefined);
    assert.equal(parseTraceparent("01" + VALID.slice(2) + "-a\r\nb"), undefined);
  });

  it("generateTraceparent() produces valid, distinct, sampled headers", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const tp = generateTraceparent();
      assert.equal(parseTraceparent(tp)?.sampled, true);
      seen.add(tp.slice(3, 35));
    }
    assert.equal(seen.size, 200);
  });

  it("survives random and hostile input: only TypeError for non-strings, no control characters out", () => {
    const rand = prng(7);
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      // Half the inputs are mutations of a valid header, half random strings.
      let s: string;
      if (i % 2 === 0) {
        const chars = [...VALID];
        chars[Math.floor(rand() * chars.length)] = randomString(rand, 1);
        s = chars.join("");
      } else s = randomString(rand, Math.floor(rand() * 70));
      const tp = parseTraceparent(s);
      if (tp) {
        valid++;
        assert.match(
          `${tp.version}-${tp.traceId}-${tp.parentId}-${tp.traceFlags}`,
          /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/,
        );
      }
      const headers = buildKeeptrustsHeaders({ traceparent: s, agentId: "agent-x" });
      for (const value of Object.values(headers)) {
        assert.doesNotMatch(value, /[\u0000-\u001f\u007f]/);
      }
      assert.ok(parseTraceparent(headers.traceparent));
    }
    assert.ok(valid > 0, "some mutations stay valid");
    for (const nonString of [undefined, null, 42, {}, [], Symbol("x")]) {
      assert.throws(() => parseTraceparent(nonString as unknown as string), TypeError);
    }
  });
});

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
