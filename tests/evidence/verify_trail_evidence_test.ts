import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  type Digest,
  keyFingerprint,
  type TrailEvidence,
  verifyTrailEvidence,
} from "../../evidence/mod.ts";
import { mutations } from "./_mutations.ts";
import { buildLog, signDigest } from "./_log.ts";

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
