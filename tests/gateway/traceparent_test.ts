import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  buildKeeptrustsHeaders,
  generateTraceparent,
  parseTraceparent,
} from "../../gateway/mod.ts";
import { prng, randomString, VALID } from "./_fuzz.ts";

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
