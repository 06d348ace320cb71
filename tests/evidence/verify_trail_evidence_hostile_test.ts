import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  assertTrailEvidence,
  KeeptrustsVerificationError,
  keyFingerprint,
  type TrailEvidence,
  verifyTrailEvidence,
} from "../../evidence/mod.ts";
import { buildLog, signDigest } from "./_log.ts";
import { makeKey } from "./_keys.ts";

type Json = Record<string, unknown>;
const asEvidence = (e: { records: Json[]; digests: Json[]; keys: Json[] } & Json) =>
  e as unknown as TrailEvidence;

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
