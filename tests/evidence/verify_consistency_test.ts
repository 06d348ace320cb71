import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { verifyConsistency } from "../../evidence/verify_consistency.ts";
import { hex, leaves, mth, proof } from "./_rfc9162.ts";

const log = leaves(20);
const head = (id: string, n: number, d = log) => ({
  digest_id: id,
  tree_size: n,
  root_hash: hex(mth(d.slice(0, n))),
});
const proofOf = (m: number, n: number, d = log) => ({
  first: m,
  second: n,
  consistency_path: (m === 0 || m === n ? [] : proof(m, d.slice(0, n))).map(hex),
});

describe("verifyConsistency()", () => {
  it("proves that a later checkpoint extends an earlier one", () => {
    const report = verifyConsistency(head("dig_1", 6), head("dig_2", 13), proofOf(6, 13));
    assert.deepEqual(report, { ok: true, consistency: "proved", failures: [] });
  });

  it("takes the two checkpoints in either order", () => {
    assert.equal(verifyConsistency(head("b", 13), head("a", 6), proofOf(6, 13)).ok, true);
  });

  it("reports a split view naming both digests when a second history was shown", () => {
    const forked = [...log.slice(0, 4), ...leaves(20).map((l) => l.map((b) => b ^ 1))];
    const older = head("dig_seen_by_alice", 6, forked);
    const newer = head("dig_seen_by_bob", 13);
    const report = verifyConsistency(older, newer, proofOf(6, 13));
    assert.equal(report.ok, false);
    assert.equal(report.consistency, "failed");
    assert.equal(report.failures[0].code, "split_view");
    assert.equal(report.failures[0].digest_id, "dig_seen_by_bob");
    assert.equal(report.failures[0].other_digest_id, "dig_seen_by_alice");
    assert.match(report.failures[0].reason, /dig_seen_by_alice.*dig_seen_by_bob/);
  });

  it("reports two checkpoints of the same size with different roots as a split view", () => {
    const a = head("a", 9);
    const b = { ...head("b", 9), root_hash: hex(mth(log.slice(1, 10))) };
    const report = verifyConsistency(a, b, proofOf(9, 9));
    assert.deepEqual(report.failures.map((f) => f.code), ["split_view"]);
  });

  it("reports a proof for other sizes, or one that is not hex, as malformed", () => {
    const [a, b] = [head("a", 6), head("b", 13)];
    const wrongSizes = verifyConsistency(a, b, proofOf(5, 13));
    assert.deepEqual(wrongSizes.failures.map((f) => f.code), ["malformed_proof"]);
    const notHex = { ...proofOf(6, 13), consistency_path: ["zz".repeat(32)] };
    assert.equal(verifyConsistency(a, b, notHex).failures[0].code, "malformed_proof");
  });

  it("reports a digest without a Merkle tree head as unverifiable, not as tampering", () => {
    const old = { digest_id: "dig_old", first_seq: 1, last_seq: 8 } as never;
    const report = verifyConsistency(old, head("b", 13), proofOf(8, 13));
    assert.deepEqual(report.failures.map((f) => f.code), ["unverifiable"]);
  });

  it("never throws, whatever the input", () => {
    const huge = "a".repeat(2_000_000);
    const junk: unknown[] = [
      null,
      42,
      "x",
      [],
      { tree_size: 2 ** 60, root_hash: huge },
      { tree_size: 3, root_hash: hex(mth(log.slice(0, 3))), digest_id: huge },
    ];
    for (const a of junk) {
      for (const p of [null, {}, { first: 3, second: 3, consistency_path: new Array(1e6) }]) {
        const report = verifyConsistency(a as never, head("b", 3), p as never);
        assert.equal(typeof report.ok, "boolean");
        for (const f of report.failures) assert.ok(f.reason.length < 300, f.reason.slice(0, 50));
      }
    }
  });
});
