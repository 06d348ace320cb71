import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  buildEvidenceBundle,
  createControlPlaneClient,
  getLatestDigest,
  KeeptrustsVerificationError,
  pinPublicKeys,
  verifyTrail,
} from "../../control/mod.ts";
import {
  type Digest,
  exportBundleZip,
  verifyConsistency,
  verifyEvidenceBundle,
} from "../../evidence/mod.ts";
import { type DemoServer, startServer } from "../_helpers.ts";
import { governedRequests } from "../control/_evidence_server.ts";

// Every attack of issue 11 against a lying server: the stand-in's lying modes, over real HTTP.
// Each check here passed (ok: true) with the verifiers before pins, tree heads and checkpoints.

const codes = (report: { failures: readonly { code: string }[] }) =>
  new Set(report.failures.map((f) => f.code));

describe("attacks on the trail", () => {
  let server: DemoServer;
  let trustedKeys: string[];
  let checkpoint: Digest;
  const client = (token = server.readToken) =>
    createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
  before(async () => {
    server = await startServer({ seedEvents: 96, rotateEvery: 2 });
    trustedKeys = await pinPublicKeys(client());
    const honest = await verifyTrail(client(), { trustedKeys, deepVerify: true });
    assert.equal(honest.ok, true, JSON.stringify(honest.failures));
    checkpoint = honest.checkpoint!;
  });
  after(() => server.close());
  beforeEach(() => server.setLies({}));

  it("catches history rewritten and re-signed under the same kids, with the stored checkpoint", async () => {
    server.setLies({ rewriteRecord: 30 });
    const later = await verifyTrail(client(), { trustedKeys, checkpoint });
    assert.equal(later.ok, false);
    assert.equal(later.consistency, "failed");
    assert.ok(codes(later).has("split_view"), JSON.stringify(later.failures));
    const deep = await verifyTrail(client(), { trustedKeys, checkpoint, deepVerify: true });
    assert.equal(deep.consistency, "failed");
    assert.equal(deep.checkpoint, null, "a forked log gives no checkpoint to store");
  });

  it("does not trust history re-signed with a new key served as retired", async () => {
    server.setLies({ resignWithNewKey: 30 });
    for (const deepVerify of [false, true]) {
      const report = await verifyTrail(client(), { trustedKeys, deepVerify });
      assert.equal(report.ok, false);
      assert.ok(codes(report).has("untrusted_key"), JSON.stringify(report.failures));
      assert.ok(report.keys.some((k) => k.trusted_by === null));
    }
  });

  it("does not trust a rotated key served without, or with a bad, endorsement", async () => {
    const firstPin = [server.fingerprint];
    for (const endorsements of ["missing", "invalid"] as const) {
      server.setLies({ endorsements });
      const report = await verifyTrail(client(), { trustedKeys: firstPin, deepVerify: true });
      assert.equal(report.ok, false, endorsements);
      assert.ok(codes(report).has("untrusted_key"), endorsements);
      if (endorsements === "invalid") assert.ok(codes(report).has("bad_endorsement"));
    }
    server.setLies({ endorsements: "invalid" });
    await assert.rejects(pinPublicKeys(client()), KeeptrustsVerificationError);
  });

  it("catches a split view: two tokens shown two histories of the same tree_size", async () => {
    server.setLies({ splitView: { token: server.adminToken, seq: 40 } });
    const alice = await verifyTrail(client(server.readToken), { trustedKeys, allowPending: true });
    const bob = await verifyTrail(client(server.adminToken), { trustedKeys, allowPending: true });
    assert.equal(alice.ok && bob.ok, true, "each view alone is validly signed");
    const crossed = await verifyTrail(client(server.adminToken), {
      trustedKeys,
      checkpoint: alice.checkpoint!,
    });
    assert.equal(crossed.ok, false);
    const split = crossed.failures.find((f) => f.code === "split_view")!;
    assert.equal(split.other_digest_id, alice.checkpoint!.digest_id);
    const heads = [
      await getLatestDigest(client(server.readToken)),
      await getLatestDigest(client(server.adminToken)),
    ];
    assert.equal(heads[0].tree_size, heads[1].tree_size);
    const same = { first: heads[0].tree_size, second: heads[1].tree_size, consistency_path: [] };
    assert.equal(verifyConsistency(heads[0], heads[1], same).failures[0].code, "split_view");
  });

  it("fails records whose digests are withheld, and a head older than the checkpoint", async () => {
    server.setLies({ withholdDigestsAfter: 48 });
    const report = await verifyTrail(client(), { trustedKeys, deepVerify: true });
    assert.equal(report.ok, false);
    assert.equal(report.chain_integrity, "intact");
    assert.deepEqual([...codes(report)], ["unsigned_records"]);
    assert.equal(report.pending_records, 48);
    const stale = await verifyTrail(client(), { trustedKeys, checkpoint, allowPending: true });
    assert.ok(codes(stale).has("stale_head"), JSON.stringify(stale.failures));
  });

  it("catches an event that does not match its payload_hash, locally and in a bundle", async () => {
    server.setLies({ eventMismatch: 21 });
    const report = await verifyTrail(client(), { trustedKeys, deepVerify: true });
    assert.deepEqual(report.failures.map((f) => [f.code, f.seq]), [["payload_hash_mismatch", 21]]);
    const records = await (await fetch(`${server.url}/v1/trail/records?from_seq=21&limit=1`, {
      headers: { authorization: `Bearer ${server.readToken}` },
    })).json();
    const bundle = await buildEvidenceBundle(client(), records.records[0].request_id, {
      trustedKeys,
    });
    assert.ok(codes(bundle.verification).has("payload_hash_mismatch"));
    const zip = exportBundleZip(bundle);
    assert.ok(codes(verifyEvidenceBundle(zip, { trustedKeys })).has("payload_hash_mismatch"));
  });

  it("reports a lone surrogate in an event or a record instead of throwing", async () => {
    for (const where of ["event", "record"] as const) {
      server.setLies({ loneSurrogate: { seq: 12, in: where } });
      const report = await verifyTrail(client(), { trustedKeys, deepVerify: true });
      assert.equal(report.ok, false, where);
      const code = where === "event" ? "unverifiable" : "malformed_record";
      assert.ok(
        report.failures.some((f) => f.code === code && f.seq === 12),
        JSON.stringify(report.failures),
      );
    }
  });

  it("reports a record edited in place, and the server's claim that all is intact", async () => {
    server.setLies({
      tamperRecord: { seq: 33, field: "request_id", value: "req_other" },
      claimIntact: true,
    });
    const report = await verifyTrail(client(), { trustedKeys, deepVerify: true });
    assert.equal(report.server?.chain_integrity, "intact", "the server claims intact");
    assert.equal(report.chain_integrity, "broken");
    assert.ok(report.failures.some((f) => f.code === "hash_mismatch" && f.seq === 33));
    assert.equal(report.disagreements.length, 1);
  });

  it("keeps verifying after the lies stop, from the same checkpoint", async () => {
    await governedRequests(server, 8);
    const report = await verifyTrail(client(), { trustedKeys, checkpoint });
    assert.equal(report.ok, true, JSON.stringify(report.failures));
    assert.equal(report.consistency, "proved");
  });
});
