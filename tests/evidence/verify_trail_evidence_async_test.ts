import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  type Digest,
  keyFingerprint,
  PARALLEL_THRESHOLD,
  type TrailEvidence,
  TrailVerifier,
  verifyTrailEvidence,
  verifyTrailEvidenceAsync,
} from "../../evidence/mod.ts";
import { HashPool, workerCounts } from "../../evidence/_hash_pool.ts";
import { addRecordsWith, planBlocks } from "../../evidence/_parallel_records.ts";
import { prng } from "../_helpers.ts";
import { buildLog } from "./_log.ts";
import { mutations } from "./_mutations.ts";
import { hostileRecords } from "./_parallel.ts";

const log = buildLog({ records: 800, digestEvery: 16, rotateEvery: 8, adminEvery: 50 });
const trustedKeys = [keyFingerprint(log.keys[0].jwk)];
const whole = {
  records: log.records,
  digests: log.digests,
  keys: log.jwks,
} as unknown as TrailEvidence;

/** Both verifiers on the same input: the reports must be equal, field by field. */
async function same(evidence: TrailEvidence, options = {}, workers = 2) {
  const one = verifyTrailEvidence(evidence, options);
  const many = await verifyTrailEvidenceAsync(evidence, { ...options, workers });
  assert.deepEqual(many, one);
  return one;
}

describe("verifyTrailEvidenceAsync()", () => {
  it("splits 800 records into aligned blocks, so that several workers share them", () => {
    const blocks = planBlocks(log.records, 2);
    assert.ok(blocks.length >= 4, `${blocks.length} blocks`);
    assert.equal(blocks.reduce((n, b) => n + b.length, 0), 800);
    const window = planBlocks(log.records.slice(100), 2); // seq 101..: the first block is short
    assert.equal((window[0].leafStart + window[0].length) % window[0].capacity, 0);
  });

  it("gives the report verifyTrailEvidence gives on an intact trail with 7 keys", async () => {
    const report = await same(whole, { trustedKeys });
    assert.equal(report.ok, true);
    assert.equal(report.records_verified, 800);
  });

  it("gives the same report on each of the 240 mutations of the corpus", async () => {
    const pool = (await HashPool.start(2))!;
    try {
      for (const { m, kind, evidence } of mutations(log, 240)) {
        const one = verifyTrailEvidence(evidence, { trustedKeys });
        const { records, digests, events, ...rest } = evidence;
        const verifier = new TrailVerifier({ ...rest, trustedKeys });
        verifier.addDigests(digests);
        await addRecordsWith(pool, verifier, records, events, 2);
        assert.deepEqual(verifier.finish(), one, `mutation ${m} (${kind})`);
        assert.equal(one.ok, false);
      }
    } finally {
      await pool.close();
    }
  });

  it("gives the same report through its public entry on two mutations of each kind", async () => {
    for (const { m, kind, evidence } of mutations(log, 24)) {
      const one = verifyTrailEvidence(evidence, { trustedKeys });
      const many = await verifyTrailEvidenceAsync(evidence, { trustedKeys, workers: 1 });
      assert.deepEqual(many, one, `mutation ${m} (${kind})`);
    }
  });

  it("gives the same report on hostile records: escapes, surrogates, odd hashes, wrong types", async () => {
    const rand = prng(16);
    for (let round = 0; round < 12; round++) {
      const records = hostileRecords(log.records, rand);
      const report = await same({ ...whole, records } as TrailEvidence, { trustedKeys });
      assert.equal(report.ok, false, `round ${round}`);
    }
  });

  it("gives the same report on a window restored from a proof, and with a checkpoint", async () => {
    const records = log.records.slice(321, 480); // seq 322..480: no block is aligned at first
    const frontierProof = log.inclusionProof(321, 321);
    const digests = log.digests.slice(20, 30);
    const window = { records, digests, keys: log.jwks, frontierProof } as unknown as TrailEvidence;
    assert.equal((await same(window, { trustedKeys })).ok, true);
    const checkpoint = log.digests[9] as unknown as Digest;
    const report = await same(whole, { trustedKeys, checkpoint });
    assert.equal(report.consistency, "proved");
  });

  it("checks decision events against payload_hash like one thread does", async () => {
    const events = new Map(log.events);
    events.set("evt_30", { ...log.events.get("evt_30")!, verdict: "allow" });
    const report = await same({ ...whole, events } as TrailEvidence, { trustedKeys });
    assert.deepEqual(report.failures.map((f) => [f.code, f.seq]), [["payload_hash_mismatch", 30]]);
  });

  it("verifies on the calling thread with workers: 0, and below the threshold by default", async () => {
    const { started } = workerCounts();
    assert.ok(log.records.length < PARALLEL_THRESHOLD);
    assert.equal((await verifyTrailEvidenceAsync(whole, { trustedKeys })).ok, true);
    assert.equal((await verifyTrailEvidenceAsync(whole, { trustedKeys, workers: 0 })).ok, true);
    assert.equal(workerCounts().started, started);
  });

  it("leaves no worker thread behind when it ends", async () => {
    const { started } = workerCounts();
    const report = await verifyTrailEvidenceAsync(whole, { trustedKeys, workers: 3 });
    assert.equal(report.ok, true);
    assert.equal(workerCounts().started, started + 3);
    assert.equal(workerCounts().live, 0);
  });

  it("rejects with the abort reason and stops its workers when aborted", async () => {
    // 200,000 records (the log over and over): far more work than starting two workers.
    const records = Array.from({ length: 250 }, () => log.records).flat();
    const controller = new AbortController();
    const reason = new Error("stop");
    const pending = verifyTrailEvidenceAsync({ ...whole, records } as unknown as TrailEvidence, {
      trustedKeys,
      workers: 2,
      signal: controller.signal,
    });
    while (workerCounts().live < 2) await new Promise((r) => setTimeout(r, 1));
    controller.abort(reason);
    await assert.rejects(pending, (err) => err === reason);
    assert.equal(workerCounts().live, 0);
    const { started } = workerCounts();
    await assert.rejects(
      verifyTrailEvidenceAsync(whole, { workers: 2, signal: AbortSignal.abort(reason) }),
      (err) => err === reason,
    );
    assert.equal(workerCounts().started, started, "no worker for a signal aborted before");
  });

  it("refuses a wrong workers count, a signal that is not one, and unknown options", async () => {
    for (const workers of [-1, 1.5, 65, "2", Number.NaN]) {
      await assert.rejects(
        verifyTrailEvidenceAsync(whole, { workers: workers as number }),
        (err) =>
          err instanceof RangeError && /workers must be an integer from 0 to 64/.test(err.message),
      );
    }
    await assert.rejects(
      verifyTrailEvidenceAsync(whole, { signal: {} as AbortSignal }),
      /signal must be an AbortSignal/,
    );
    await assert.rejects(
      verifyTrailEvidenceAsync(whole, { allow_pending: true } as never),
      /unknown option key "allow_pending" \(did you mean allowPending\?\)/,
    );
  });
});
