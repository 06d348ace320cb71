import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  assertTrailVerified,
  createControlPlaneClient,
  getConsistencyProof,
  getInclusionProof,
  getLatestDigest,
  KeeptrustsUnsupportedError,
  KeeptrustsVerificationError,
  listDigests,
  listTrailRecords,
  pinPublicKeys,
  type TrailReport,
  verifyTrail,
} from "../../control/mod.ts";
import { verifyConsistency } from "../../evidence/mod.ts";
import { type DemoServer, startServer } from "../_helpers.ts";
import { countingClient, governedRequests, olderDeployment } from "./_evidence_server.ts";

describe("verifyTrail() against an honest stand-in", () => {
  let server: DemoServer;
  let trustedKeys: string[];
  before(async () => {
    server = await startServer({ seedEvents: 400 });
    trustedKeys = [server.fingerprint];
  });
  after(() => server.close());
  const client = () =>
    createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });

  it("recomputes everything from record 1 with deepVerify and returns the checkpoint to store", async () => {
    const report = await verifyTrail(client(), { trustedKeys, deepVerify: true });
    assert.deepEqual(report.failures, []);
    assert.equal(report.ok, true);
    assert.equal(report.records_verified, 400);
    assert.equal(report.digests_verified, 50);
    assert.equal(report.chain_integrity, "intact");
    assert.equal(report.checkpoint?.tree_size, 400);
    assert.equal(report.keys[0].trusted_by, "pin");
    assert.ok(report.keys.slice(1).every((k) => k.trusted_by === "endorsement"));
    assert.deepEqual(report.disagreements, []);
  });

  it("proves a later head extends an old checkpoint from a few kilobytes, not the log", async () => {
    const { digests } = await listDigests(client(), { limit: 2 });
    const checkpoint = digests[1]; // 16 records
    const { client: counted, counter } = countingClient(server);
    const pinsNow = await pinPublicKeys(client()); // every current key: no endorsement walk
    counter.bytes = 0;
    const report = await verifyTrail(counted, { trustedKeys: pinsNow, checkpoint });
    assert.deepEqual(report.failures, []);
    assert.equal(report.consistency, "proved");
    assert.equal(report.records_verified, 0, "no record was downloaded");
    assert.equal(report.checkpoint?.tree_size, 400);
    assert.ok(counter.bytes < 8 * 1024, `${counter.bytes} bytes received for 384 new records`);
  });

  it("is not ok without pins: the server's keys prove nothing, the chain itself is intact", async () => {
    const report = await verifyTrail(client(), { deepVerify: true });
    assert.equal(report.ok, false);
    assert.equal(report.chain_integrity, "intact");
    assert.ok(report.failures.every((f) => f.code === "untrusted_key"));
    assert.equal(report.checkpoint, null);
    await assert.rejects(
      assertTrailVerified(client(), { deepVerify: true }),
      (err: unknown) =>
        err instanceof KeeptrustsVerificationError && err.code === "untrusted_key" &&
        (err.report as TrailReport).ok === false,
    );
  });

  it("checks a window record by record, its tree restored from a frontier proof", async () => {
    const { digests } = await listDigests(client(), { limit: 20 });
    const report = await verifyTrail(client(), {
      trustedKeys,
      startTime: digests[10].start_time,
      endTime: digests[12].end_time,
    });
    assert.deepEqual(report.failures, []);
    assert.equal(report.first_seq, digests[10].first_seq);
    assert.ok(report.records_verified >= 16 && report.records_verified <= 32);
  });

  it("fails unsigned records with unsigned_records, unless pending is allowed", async () => {
    await governedRequests(server, 3);
    const strict = await verifyTrail(client(), { trustedKeys });
    assert.equal(strict.ok, false);
    assert.deepEqual(strict.failures.map((f) => f.code), ["unsigned_records"]);
    assert.equal(strict.pending_records, 3);
    const deep = await verifyTrail(client(), { trustedKeys, deepVerify: true });
    assert.deepEqual(deep.failures.map((f) => [f.code, f.seq]), [["unsigned_records", 401]]);
    const lenient = await verifyTrail(client(), { trustedKeys, allowPending: true });
    assert.equal(lenient.ok, true);
    assert.equal(lenient.pending_records, 3);
    const again = await verifyTrail(client(), {
      trustedKeys,
      allowPending: true,
      checkpoint: lenient.checkpoint!,
    });
    assert.equal(again.consistency, "proved", "the same head, unsigned records after it");
    await governedRequests(server, 5); // 408: signed again
    assert.equal((await verifyTrail(client(), { trustedKeys })).ok, true);
  });

  it("fetches the events of the window only, and reports those the server withholds", async () => {
    const { digests } = await listDigests(client(), { limit: 20 });
    const { records } = await listTrailRecords(client(), {
      fromSeq: digests[14].first_seq,
      limit: 1,
    });
    const withheld = `/v1/events/${records[0].event_id}`;
    let asked = 0;
    const withholding = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.readToken,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
        if (path.startsWith("/v1/events/")) asked++;
        if (path === withheld) {
          const error = { type: "not_found", code: "event_not_found", message: "no such event" };
          return Response.json({ error }, { status: 404 });
        }
        return await fetch(input, init);
      }) as typeof fetch,
    });
    const report = await verifyTrail(withholding, {
      trustedKeys,
      deepVerify: true,
      startTime: digests[14].start_time,
      endTime: digests[15].end_time,
    });
    assert.ok(asked >= 8 && asked <= 16, `${asked} events fetched for a 16-record window`);
    assert.deepEqual(report.failures.map((f) => f.code), ["missing_event"]);
    assert.match(report.failures[0].reason, /^1 decision event\(s\) were not served/);
    assert.equal(report.chain_integrity, "intact");
  });

  it("checks its options before sending anything", async () => {
    const { client: counted, counter } = countingClient(server);
    await assert.rejects(
      verifyTrail(counted, { trusted_keys: [] } as never),
      /did you mean trustedKeys/,
    );
    await assert.rejects(verifyTrail(counted, { trustedKeys: ["sha256:xyz"] }), TypeError);
    await assert.rejects(verifyTrail(counted, { checkpoint: {} as never }), /checkpoint must be/);
    await assert.rejects(verifyTrail(counted, { deepVerify: "yes" as never }), /deepVerify/);
    assert.equal(counter.requests, 0);
  });
});

describe("the proof routes", () => {
  let server: DemoServer;
  before(async () => (server = await startServer({ seedEvents: 64 })));
  after(() => server.close());
  const client = () =>
    createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });

  it("serve a latest digest, inclusion and consistency proofs that verify", async () => {
    const latest = await getLatestDigest(client());
    assert.equal(latest.tree_size, 64);
    const proof = await getInclusionProof(client(), { seq: 5, treeSize: 64 });
    assert.equal(proof.audit_path.length, 6);
    const { digests } = await listDigests(client(), { limit: 3 });
    const consistency = await getConsistencyProof(client(), {
      first: digests[2].tree_size,
      second: latest.tree_size,
    });
    assert.equal(verifyConsistency(digests[2], latest, consistency).ok, true);
    const pins = await pinPublicKeys(client());
    assert.equal(pins[0], server.fingerprint, "the first pin is the key the stand-in prints");
    assert.equal(pins.length, new Set(pins).size);
  });

  it("refuse bad arguments with a RangeError before sending", async () => {
    await assert.rejects(getInclusionProof(client(), { seq: 0, treeSize: 5 }), RangeError);
    await assert.rejects(getInclusionProof(client(), { seq: 6, treeSize: 5 }), RangeError);
    await assert.rejects(getConsistencyProof(client(), { first: 9, second: 8 }), RangeError);
    await assert.rejects(getConsistencyProof(client(), { first: 1, second: 2.5 }), RangeError);
  });

  it("raise KeeptrustsUnsupportedError on a deployment without them (404 or 405)", async () => {
    for (const status of [404, 405]) {
      const older = olderDeployment(server, status);
      for (
        const call of [
          () => getLatestDigest(older),
          () => getInclusionProof(older, { seq: 1, treeSize: 2 }),
          () => getConsistencyProof(older, { first: 1, second: 2 }),
          () => verifyTrail(older, { trustedKeys: [server.fingerprint] }),
        ]
      ) {
        await assert.rejects(
          call(),
          (err: unknown) =>
            err instanceof KeeptrustsUnsupportedError && err.status === status &&
            /not supported by this deployment/.test(err.message),
        );
      }
    }
  });
});
