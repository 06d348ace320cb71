import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  type Digest,
  type PublicKey,
  type TrailRecord,
  verifyTrailEvidence,
} from "../../evidence/mod.ts";
import { Store as DemoStore } from "../../testing/_state/store.ts";
import { recordHash, recordJson } from "../../evidence/_canonical.ts";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { clone, prng } from "../_helpers.ts";

function flipChar(text: string, rand: () => number): string {
  const i = Math.floor(rand() * text.length);
  const c = text[i];
  const next = c === "0" ? "1" : c === "a" ? "b" : /[0-9]/.test(c) ? "0" : "a";
  return text.slice(0, i) + next + text.slice(i + 1);
}

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

describe("verifyTrailEvidence()", () => {
  let t = Date.parse("2026-05-31T00:00:00Z");
  const store = new DemoStore({ seed: 7, now: () => (t += 1000), digestEvery: 40, rotateEvery: 8 });
  store.seedHistory(2000);
  const records = store.records as unknown as TrailRecord[];
  const digests = store.digests as unknown as Digest[];
  const keys = store.keys as unknown as PublicKey[];

  it("finds a trail of thousands of records, many digests and several key rotations intact, every time", () => {
    assert.ok(
      digests.length >= 50 && keys.length >= 6,
      `${digests.length} digests, ${keys.length} keys`,
    );
    for (let run = 0; run < 3; run++) {
      const report = verifyTrailEvidence({ records, digests, keys });
      assert.deepEqual(report.failures, []);
      assert.equal(report.chain_integrity, "intact");
      assert.equal(report.ok, true);
      assert.equal(report.records_verified, 2000);
      assert.equal(report.digests_verified, digests.length);
      assert.equal(report.pending_records, 0);
      assert.equal(report.head_hash, records[1999].hash);
    }
    const event = store.events[10];
    const withEvent = verifyTrailEvidence({
      records,
      digests,
      keys,
      events: new Map([[event.event_id, clone(event)]]),
    });
    assert.equal(withEvent.ok, true);
  });

  it("reports every one of 1,008 generated mutations as broken, at the right place", () => {
    const rand = prng(2026);
    const FIELDS = [
      "created_at",
      "event_id",
      "kind",
      "payload_hash",
      "prev_hash",
      "record_id",
      "request_id",
      "seq",
      "hash",
    ] as const;
    const kinds = new Map<string, number>();
    const digestOf = (seq: number) =>
      digests.find((d) => d.first_seq <= seq && seq <= d.last_seq)!.digest_id;
    for (let m = 0; m < 1008; m++) {
      // Shallow copies; whatever a mutation touches is copied first.
      const r = records.slice();
      const d = digests.map((x) => ({ ...x }));
      const k = keys.map((x) => ({ ...x }));
      let events: Map<string, unknown> | undefined;
      const s = 2 + Math.floor(rand() * 1996); // a seq with neighbours
      const di = Math.floor(rand() * d.length);
      let places: Array<{ seq?: number; digest_id?: string }> = [{ seq: s }, { seq: s + 1 }, {
        digest_id: digestOf(s),
      }];
      const kind = [
        "field",
        "payload",
        "delete",
        "insert",
        "duplicate",
        "reorder",
        "signature",
        "range",
        "head",
        "kid",
        "retired_kid",
        "swapped_key",
      ][m % 12];
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      switch (kind) {
        case "field": {
          const field = FIELDS[Math.floor(rand() * FIELDS.length)];
          const rec = (r[s - 1] = { ...r[s - 1] }) as unknown as Record<string, unknown>;
          rec[field] = field === "seq"
            ? s + 1 + Math.floor(rand() * 5)
            : flipChar(String(rec[field]), rand);
          break;
        }
        case "payload": {
          const event = clone(store.events[s - 1]) as unknown as Record<string, unknown>;
          event.input_tokens = (event.input_tokens as number) + 1;
          events = new Map([[records[s - 1].event_id!, event]]);
          break;
        }
        case "delete":
          r.splice(s - 1, 1);
          break;
        case "insert": {
          const fake = { ...r[s - 1], record_id: "rec_forged", request_id: "req_forged" };
          r.splice(s, 0, fake);
          break;
        }
        case "duplicate":
          r.splice(s, 0, { ...r[s - 1] });
          break;
        case "reorder":
          [r[s - 1], r[s]] = [r[s], r[s - 1]];
          break;
        case "signature":
          d[di].signature = flipChar(d[di].signature, rand);
          places = [{ digest_id: d[di].digest_id }];
          break;
        case "range":
          if (rand() < 0.5) d[di].last_seq += rand() < 0.5 ? 1 : -1;
          else d[di].first_seq += rand() < 0.5 ? 1 : -1;
          places = [{ digest_id: d[di].digest_id }];
          break;
        case "head":
          d[di].head_hash = flipChar(d[di].head_hash, rand);
          places = [{ digest_id: d[di].digest_id }];
          break;
        case "kid": {
          const other = k.find((key) => key.kid !== d[di].kid)!;
          d[di].kid = other.kid;
          places = [{ digest_id: d[di].digest_id }];
          break;
        }
        case "retired_kid": {
          const target = 10 + Math.floor(rand() * (d.length - 10));
          d[target].kid = k[0].kid;
          places = [{ digest_id: d[target].digest_id }];
          break;
        }
        case "swapped_key": {
          const ki = Math.floor(rand() * k.length);
          k[ki].x = k[(ki + 1) % k.length].x;
          places = d.filter((x) => x.kid === k[ki].kid).map((x) => ({ digest_id: x.digest_id }));
          break;
        }
      }
      const report = verifyTrailEvidence({ records: r, digests: d, keys: k, events });
      assert.equal(report.ok, false, `mutation ${m} (${kind}) went unnoticed`);
      assert.equal(report.chain_integrity, "broken");
      const hit = report.failures.some((f) =>
        places.some((p) =>
          (p.seq !== undefined && f.seq === p.seq) ||
          (p.digest_id !== undefined && f.digest_id === p.digest_id)
        )
      );
      assert.ok(
        hit,
        `mutation ${m} (${kind} at seq ${s}) reported elsewhere: ${
          JSON.stringify(report.failures.slice(0, 3))
        }`,
      );
    }
    assert.equal(kinds.size, 12);
  });

  it("reports records after the last digest as pending, not broken", () => {
    const report = verifyTrailEvidence({ records, digests: digests.slice(0, -1), keys });
    assert.equal(report.ok, true);
    assert.equal(report.pending_records, 40);
  });
});
