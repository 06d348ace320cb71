import { describe, it } from "node:test";
import assert from "node:assert/strict";
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import {
  assertTrailEvidence,
  type Digest,
  KeeptrustsVerificationError,
  keyFingerprint,
  type TrailEvidence,
  verifyTrailEvidence,
} from "../../evidence/mod.ts";
import { recordHash, recordJson } from "../../evidence/_canonical.ts";
import { prng } from "../_helpers.ts";
import { mutations } from "./_mutations.ts";
import { buildLog, signDigest } from "./_log.ts";
import { makeKey } from "./_keys.ts";

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

type Json = Record<string, unknown>;
const asEvidence = (e: { records: Json[]; digests: Json[]; keys: Json[] } & Json) =>
  e as unknown as TrailEvidence;

describe("verifyTrailEvidence()", () => {
  const log = buildLog({ records: 800, digestEvery: 16, rotateEvery: 8, adminEvery: 50 });
  const pin = keyFingerprint(log.keys[0].jwk);
  const trustedKeys = [pin];
  const whole = () => asEvidence({ records: log.records, digests: log.digests, keys: log.jwks });

  it("finds a trail with 50 tree heads and 7 keys intact when the first key is pinned", () => {
    const report = verifyTrailEvidence(whole(), { trustedKeys });
    assert.deepEqual(report.failures, []);
    assert.equal(report.ok, true);
    assert.equal(report.chain_integrity, "intact");
    assert.equal(report.records_verified, 800);
    assert.equal(report.digests_verified, 50);
    assert.equal(report.pending_records, 0);
    assert.equal(report.head_hash, log.records[799].hash);
    assert.deepEqual(report.keys.map((k) => k.trusted_by), [
      "pin",
      ...Array(6).fill("endorsement"),
    ]);
    assert.equal(report.keys[0].fingerprint, pin);
    assert.equal(report.checkpoint, log.digests[49]);
    assert.equal(report.consistency, "not_checked");
  });

  it("is not ok without pins: every signing key is untrusted, the chain itself intact", () => {
    const report = verifyTrailEvidence(whole());
    assert.equal(report.ok, false);
    assert.equal(report.chain_integrity, "intact");
    assert.deepEqual(new Set(report.failures.map((f) => f.code)), new Set(["untrusted_key"]));
    assert.equal(report.failures.length, 7, "one failure per key, not per digest");
    assert.equal(report.checkpoint, null);
    assert.match(report.failures[0].reason, /no trustedKeys were given/);
  });

  it("checks decision events against their records' payload_hash", () => {
    const events = new Map(log.events);
    assert.equal(verifyTrailEvidence({ ...whole(), events }, { trustedKeys }).ok, true);
    const changed = { ...log.events.get("evt_30")!, verdict: "allow" };
    events.set("evt_30", changed);
    const report = verifyTrailEvidence({ ...whole(), events }, { trustedKeys });
    assert.deepEqual(report.failures.map((f) => [f.code, f.seq]), [["payload_hash_mismatch", 30]]);
    assert.equal(report.chain_integrity, "broken");
  });

  it("reports every one of 240 generated mutations as broken, at the right place", () => {
    const kinds = new Map<string, number>();
    for (const { m, kind, s, places, evidence } of mutations(log, 240)) {
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const report = verifyTrailEvidence(evidence, {
        trustedKeys,
      });
      assert.equal(report.ok, false, `mutation ${m} (${kind}) went unnoticed`);
      const hit = report.failures.some((f) =>
        places.some((p) =>
          (p.seq !== undefined && f.seq === p.seq) ||
          (p.digest_id !== undefined && f.digest_id === p.digest_id) ||
          (kind === "swapped_key" && f.code === "bad_endorsement")
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

  it("fails records after the newest digest as unsigned_records, unless pending is allowed", () => {
    const evidence = { ...whole(), digests: log.digests.slice(0, -1) as unknown as Digest[] };
    const strict = verifyTrailEvidence(evidence, { trustedKeys });
    assert.equal(strict.ok, false);
    assert.equal(strict.chain_integrity, "intact");
    assert.deepEqual(strict.failures.map((f) => [f.code, f.seq]), [["unsigned_records", 785]]);
    assert.equal(strict.pending_records, 16);
    const lenient = verifyTrailEvidence(evidence, { trustedKeys, allowPending: true });
    assert.equal(lenient.ok, true);
    assert.equal(lenient.pending_records, 16);
  });

  it("stands a tree head on its signature when only records after it are given", () => {
    const head = log.digests[29]; // tree of 480
    const report = verifyTrailEvidence(
      asEvidence({ records: log.records.slice(480, 484), digests: [head], keys: log.jwks }),
      { trustedKeys, allowPending: true, checkpoint: head as unknown as Digest },
    );
    assert.deepEqual(report.failures, []);
    assert.equal(report.pending_records, 4);
    assert.equal(report.consistency, "proved");
    assert.equal(report.checkpoint, head);
  });

  it("verifies a window from the middle when the tree before it is restored from a proof", () => {
    const records = log.records.slice(320, 480); // seq 321..480: digests 21..30
    const digests = log.digests.slice(20, 30);
    const evidence = asEvidence({ records, digests, keys: log.jwks });
    const frontierProof = log.inclusionProof(320, 320);
    const report = verifyTrailEvidence({ ...evidence, frontierProof } as unknown as TrailEvidence, {
      trustedKeys,
    });
    assert.deepEqual(report.failures, []);
    assert.equal(report.first_seq, 321);
    const unproved = verifyTrailEvidence(evidence, { trustedKeys });
    assert.deepEqual(unproved.failures.map((f) => f.code), ["not_covered"]);
    const wrong = {
      ...frontierProof,
      audit_path: [...frontierProof.audit_path as string[]].reverse(),
    };
    const forged = verifyTrailEvidence(
      { ...evidence, frontierProof: wrong } as unknown as TrailEvidence,
      {
        trustedKeys,
      },
    );
    assert.ok(forged.failures.some((f) => f.code === "root_hash_mismatch"));
  });
});

describe("verifyTrailEvidence() with a checkpoint", () => {
  const log = buildLog({ records: 400, digestEvery: 20, rotateEvery: 100 });
  const trustedKeys = [keyFingerprint(log.keys[0].jwk)];
  const early = log.digests[4] as unknown as Digest; // tree of 100
  const all = asEvidence({ records: log.records, digests: log.digests, keys: log.jwks });

  it("proves a later trail extends the stored checkpoint and returns the new one", () => {
    const report = verifyTrailEvidence(all, { trustedKeys, checkpoint: early });
    assert.equal(report.consistency, "proved");
    assert.equal(report.ok, true);
    assert.equal(report.checkpoint, log.digests[19]);
  });

  it("proves it from a window and a consistency proof, without the records before", () => {
    const evidence = asEvidence({
      records: log.records.slice(380),
      digests: log.digests.slice(19),
      keys: log.jwks,
      frontierProof: log.inclusionProof(380, 380),
      consistencyProof: log.consistencyProof(100, 400),
    });
    const report = verifyTrailEvidence(evidence, { trustedKeys, checkpoint: early });
    assert.deepEqual(report.failures, []);
    assert.equal(report.consistency, "proved");
    const without = verifyTrailEvidence({ ...evidence, consistencyProof: undefined }, {
      trustedKeys,
      checkpoint: early,
    });
    assert.equal(without.ok, false);
    assert.equal(without.consistency, "not_checked");
  });

  it("reports a split view when the log shown now rewrote what the checkpoint saw", () => {
    const other = buildLog({ records: 400, digestEvery: 20, rotateEvery: 100, rewriteFrom: 50 });
    // The same key signs a different history: re-signed under the pinned key.
    const forked = other.digests.map((d) => signDigest(d, log.keys[0]));
    const evidence = asEvidence({ records: other.records, digests: forked, keys: log.jwks });
    const report = verifyTrailEvidence(evidence, { trustedKeys, checkpoint: early });
    assert.equal(report.consistency, "failed");
    assert.equal(report.checkpoint, null);
    const split = report.failures.find((f) => f.code === "split_view")!;
    assert.equal(split.other_digest_id, "dig_5");
    assert.equal(split.digest_id, "dig_20");
  });

  it("refuses a malformed checkpoint or an unknown option with a TypeError", () => {
    assert.throws(
      () => verifyTrailEvidence(all, { checkpoint: { digest_id: "x" } as unknown as Digest }),
      /checkpoint must be a digest/,
    );
    assert.throws(
      () => verifyTrailEvidence(all, { trusted_keys: [] } as never),
      /unknown option key "trusted_keys" \(did you mean trustedKeys\?\)/,
    );
  });
});

describe("verifyTrailEvidence() against forged keys", () => {
  const log = buildLog({ records: 96, digestEvery: 8, rotateEvery: 4 });
  const trustedKeys = [keyFingerprint(log.keys[0].jwk)];
  const records = log.records;

  it("does not trust history re-signed with a fresh key served as retired", () => {
    const retired = makeKey("key_old", "2026-01-01T00:00:00Z", "2026-04-30T00:00:00Z");
    retired.jwk.not_after = null; // served with a window that fits every digest
    const digests = log.digests.map((d) => signDigest(d, retired));
    const report = verifyTrailEvidence(
      asEvidence({ records, digests, keys: [...log.jwks, retired.jwk] }),
      { trustedKeys },
    );
    assert.equal(report.ok, false);
    assert.deepEqual(report.failures.map((f) => [f.code, f.kid]), [["untrusted_key", "key_old"]]);
    assert.deepEqual(report.keys, [{
      kid: "key_old",
      fingerprint: keyFingerprint(retired.jwk),
      trusted_by: null,
    }]);
  });

  it("does not trust a rotated key served without, or with a bad, endorsement", () => {
    for (const tamper of ["drop", "forge"]) {
      const keys = log.jwks.map((k) => ({ ...k }));
      const rogue = makeKey("key_3", keys[2].not_before as string);
      keys[2] = tamper === "drop" ? rogue.jwk : { ...rogue.jwk, endorsement: keys[2].endorsement }; // key_2's endorsement of the real key_3
      const digests = log.digests.map((d) => d.kid === "key_3" ? signDigest(d, rogue) : d);
      const report = verifyTrailEvidence(asEvidence({ records, digests, keys }), { trustedKeys });
      assert.equal(report.ok, false, tamper);
      const codes = report.failures.map((f) => f.code);
      assert.ok(codes.includes("untrusted_key"), `${tamper}: ${codes}`);
      if (tamper === "forge") assert.ok(codes.includes("bad_endorsement"));
      assert.equal(report.keys.find((k) => k.kid === "key_3")?.trusted_by, null);
    }
  });

  it("names two signed heads of one size with different roots as a split view", () => {
    const twin = signDigest({
      ...log.digests[3],
      digest_id: "dig_twin",
      root_hash: "ab".repeat(32),
    }, log.keys[0]);
    const digests = [...log.digests.slice(0, 4), twin, ...log.digests.slice(4)];
    const report = verifyTrailEvidence(asEvidence({ records, digests, keys: log.jwks }), {
      trustedKeys,
    });
    const split = report.failures.find((f) => f.code === "split_view")!;
    assert.deepEqual([split.digest_id, split.other_digest_id], ["dig_twin", "dig_4"]);
  });
});

describe("verifyTrailEvidence() on hostile input", () => {
  const log = buildLog({ records: 32, digestEvery: 8 });
  const trustedKeys = [keyFingerprint(log.keys[0].jwk)];

  it("reports a record or event holding a lone surrogate instead of throwing", () => {
    const records = log.records.slice();
    records[9] = { ...records[9], record_id: "rec_\ud800" }; // its hash was made some other way
    const events = new Map([["evt_5", { ...log.events.get("evt_5"), note: "\udfff" }]]);
    const report = verifyTrailEvidence(
      asEvidence({ records, digests: log.digests, keys: log.jwks, events }),
      { trustedKeys },
    );
    const codes = report.failures.map((f) => [f.code, f.seq]);
    assert.deepEqual(codes.slice(0, 2), [["unverifiable", 5], ["malformed_record", 10]]);
    assert.equal(report.ok, false);
  });

  it("reports wrong types and 2-million-character values as failures, in bounded time", () => {
    const huge = "A".repeat(2_000_000);
    const digests = log.digests.map((d, i) =>
      i === 0 ? { ...d, signature: huge } : i === 1 ? { ...d, kid: huge } : i === 2 ? null : d
    );
    const keys: unknown[] = [{ ...log.jwks[0], x: huge }, log.jwks[0], 42, { kid: huge }];
    const records: unknown[] = [...log.records.slice(0, 30), null, { seq: "31" }];
    const deep: unknown[] = [];
    let nest: unknown[] = deep;
    for (let i = 0; i < 200_000; i++) nest = (nest[0] = []) as unknown[];
    const events = new Map<string, unknown>([["evt_3", deep]]);
    const report = verifyTrailEvidence(
      { records, digests, keys, events } as unknown as TrailEvidence,
      { trustedKeys },
    );
    const codes = new Set(report.failures.map((f) => f.code));
    for (
      const code of [
        "bad_signature",
        "unknown_kid",
        "malformed_digest",
        "bad_key",
        "malformed_record",
        "invalid_seq",
        "unverifiable",
      ]
    ) {
      assert.ok(codes.has(code), `${code} in ${[...codes]}`);
    }
    assert.ok(report.failures.every((f) => f.reason.length < 400));
  });

  it("lists at most 1,000 failures and counts the rest", () => {
    const records = log.records.map((r) => ({ ...r, hash: "0".repeat(64) }));
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...records[i % 32], seq: i + 1 }));
    const report = verifyTrailEvidence(asEvidence({ records: many, digests: [], keys: [] }));
    assert.equal(report.failures.length, 1001);
    assert.equal(report.failures[1000].code, "more_failures");
    assert.match(report.failures[1000].reason, /^\d+ more failure/);
  });

  it("verifies one digest over 160,000 records without overflowing the stack", () => {
    const big = buildLog({ records: 160_000, digestEvery: 160_000 });
    const report = verifyTrailEvidence(
      asEvidence({ records: big.records, digests: big.digests, keys: big.jwks }),
      { trustedKeys: [big.keys[0].jwk as never] },
    );
    assert.deepEqual(report.failures, []);
    assert.equal(report.records_verified, 160_000);
  });

  it("throws KeeptrustsVerificationError with the report from the asserting variant", () => {
    const evidence = asEvidence({ records: log.records, digests: log.digests, keys: log.jwks });
    assert.equal(assertTrailEvidence(evidence, { trustedKeys }).ok, true);
    assert.throws(() => assertTrailEvidence(evidence), (err: unknown) => {
      assert.ok(err instanceof KeeptrustsVerificationError);
      assert.equal(err.code, "untrusted_key");
      assert.equal((err.report as { ok: boolean }).ok, false);
      return true;
    });
  });
});
