import { describe, it } from "node:test";
import assert from "node:assert/strict";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { recordHash, recordJson } from "../../evidence/_canonical.ts";
import { prng } from "../_helpers.ts";

describe("record hashing", () => {
  it("gives the same hash as the reference RFC 8785 implementation, whatever the field values", () => {
    const rand = prng(11);
    const pool = [
      "a",
      "Z",
      "0",
      "-",
      '"',
      "\\",
      "\n",
      "\u0001",
      "\u007f",
      "é",
      "€",
      "😀",
      "\ud800",
      " ",
      "/",
      "\u2028",
    ];
    const str = () =>
      Array.from({ length: Math.floor(rand() * 12) }, () => pool[Math.floor(rand() * pool.length)])
        .join("");
    for (let i = 0; i < 5_000; i++) {
      const record: Record<string, unknown> = {
        seq: 1 + Math.floor(rand() * 1e9),
        record_id: str(),
        created_at: str(),
        kind: str(),
        request_id: str(),
        event_id: str(),
        payload_hash: str(),
        prev_hash: str(),
        hash: "h",
      };
      if (i % 7 === 0) record.extra = str(); // an unknown field is covered by the hash too
      if (i % 11 === 0) delete record.hash;
      const { hash: _h, ...body } = record;
      let expected: string;
      try {
        expected = createHash("sha256").update(canonicalize(body)!).digest("hex");
      } catch {
        // RFC 8785 has no form for a lone surrogate: both must refuse.
        assert.throws(() => recordHash(record));
        continue;
      }
      assert.equal(recordHash(record), expected, JSON.stringify(record));
      assert.equal(
        recordJson(record),
        canonicalize(record),
        "whole-record text, as written to trail.jsonl",
      );
    }
  });
});
