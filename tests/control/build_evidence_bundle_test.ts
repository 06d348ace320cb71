import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  buildEvidenceBundle,
  createControlPlaneClient,
  KeeptrustsError,
  KeeptrustsTimeoutError,
  KeeptrustsUnsupportedError,
  pinPublicKeys,
} from "../../control/mod.ts";
import { exportBundleZip, verifyEvidenceBundle } from "../../evidence/mod.ts";
import { type DemoServer, startServer } from "../_helpers.ts";
import { governedRequests, olderDeployment } from "./_evidence_server.ts";

describe("buildEvidenceBundle()", () => {
  let server: DemoServer;
  let trustedKeys: string[];
  before(async () => {
    server = await startServer({ seedEvents: 60 });
    trustedKeys = await pinPublicKeys(client());
  });
  after(() => server.close());
  const client = () =>
    createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });

  it("gathers the event, its record, the tree head that signed it, a proof and the key", async () => {
    const bundle = await buildEvidenceBundle(client(), "req_seed_0000004", { trustedKeys });
    assert.equal(bundle.request_id, "req_seed_0000004");
    assert.equal(bundle.record.event_id, bundle.event.event_id);
    assert.equal(bundle.inclusion_proof.seq, bundle.record.seq);
    assert.equal(bundle.inclusion_proof.tree_size, bundle.digest.tree_size);
    assert.ok(
      bundle.digest.first_seq <= bundle.record.seq && bundle.record.seq <= bundle.digest.last_seq,
    );
    assert.equal(bundle.public_key.kid, bundle.digest.kid);
    assert.deepEqual(bundle.verification.failures, []);
    const zip = exportBundleZip(bundle);
    assert.equal(verifyEvidenceBundle(zip, { trustedKeys }).ok, true);
    assert.equal(
      verifyEvidenceBundle(zip, { trustedKeys: [server.fingerprint] }).ok,
      bundle.digest.kid === "key_0001",
    );
  });

  it("says record_not_signed for a request too fresh to be signed, without waiting", async () => {
    const [id] = await governedRequests(server, 1, "req_fresh");
    await assert.rejects(
      buildEvidenceBundle(client(), id),
      (err: unknown) =>
        err instanceof KeeptrustsError && err.code === "record_not_signed" &&
        /pass waitForDigest/.test(err.message),
    );
  });

  it("waits with waitForDigest until a digest signs the record", async () => {
    const [id] = await governedRequests(server, 1, "req_wait");
    const building = buildEvidenceBundle(client(), id, { trustedKeys, waitForDigest: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await governedRequests(server, 8, "req_more"); // the next digest is signed on the way
    const bundle = await building;
    assert.equal(bundle.request_id, id);
    assert.equal(bundle.verification.ok, true);
  });

  it("stops waiting when the signal aborts, and when the wait runs out", async () => {
    const [id] = await governedRequests(server, 1, "req_abort");
    const controller = new AbortController();
    const reason = new Error("operator cancelled");
    setTimeout(() => controller.abort(reason), 200);
    const started = Date.now();
    await assert.rejects(
      buildEvidenceBundle(client(), id, { waitForDigest: true, signal: controller.signal }),
      (err: unknown) => err === reason,
    );
    assert.ok(Date.now() - started < 10_000, "the 60-second wait ended with the signal");
    await assert.rejects(
      buildEvidenceBundle(client(), id, { waitForDigest: 300 }),
      (err: unknown) => err instanceof KeeptrustsTimeoutError && err.code === "record_not_signed",
    );
    await governedRequests(server, 8, "req_flush");
  });

  it("checks its options before sending, and names a missing route on older deployments", async () => {
    await assert.rejects(buildEvidenceBundle(client(), "r", { waitForDigest: -1 }), TypeError);
    await assert.rejects(
      buildEvidenceBundle(client(), "r", { wait_for_digest: true } as never),
      /waitForDigest/,
    );
    await assert.rejects(buildEvidenceBundle(client(), ""), TypeError);
    await assert.rejects(
      buildEvidenceBundle(olderDeployment(server), "req_seed_0000004"),
      KeeptrustsUnsupportedError,
    );
  });
});
