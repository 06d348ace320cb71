import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  assertTrailVerified,
  createControlPlaneClient,
  KeeptrustsVerificationError,
  type TrailReport,
  verifyTrail,
} from "../../control/mod.ts";
import { type DemoServer, startServer } from "../_helpers.ts";

describe("verifyTrail()", () => {
  let server: DemoServer;
  before(async () => {
    server = await startServer({ seedEvents: 200, allowTamper: true });
  });
  after(async () => {
    await server.close();
  });

  it("agrees with the server on an intact trail, locally and remotely", async () => {
    const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
    const shallow = await verifyTrail(client);
    assert.equal(shallow.ok, true);
    assert.equal(shallow.verified_locally, false);
    const deep = await verifyTrail(client, { deepVerify: true });
    assert.equal(deep.ok, true);
    assert.equal(deep.verified_locally, true);
    assert.equal(deep.records_verified, 200);
    assert.deepEqual(deep.disagreements, []);
    const start = server.store.records[50].created_at;
    const end = server.store.records[60].created_at;
    const windowed = await verifyTrail(client, {
      startTime: start,
      endTime: end,
      deepVerify: true,
    });
    assert.equal(windowed.ok, true, JSON.stringify(windowed.failures));
    assert.equal(windowed.server.records_verified, 10);
  });

  it("reports a tampered trail as broken locally even when the server claims intact", async () => {
    const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: server.readToken });
    const tamperRecord = { seq: 121, field: "request_id", value: "req_rewritten" };
    server.setLies({ tamperRecord, claimIntact: true });
    try {
      const shallow = await verifyTrail(client);
      assert.equal(shallow.chain_integrity, "intact", "the lying server claims intact");
      const deep = await verifyTrail(client, { deepVerify: true });
      assert.equal(deep.ok, false);
      assert.equal(deep.chain_integrity, "broken");
      assert.equal(deep.server.chain_integrity, "intact");
      assert.ok(deep.failures.some((f) => f.seq === 121 && f.code === "hash_mismatch"));
      assert.equal(deep.disagreements.length, 1);
      await assert.rejects(
        assertTrailVerified(client, { deepVerify: true }),
        (err: unknown) =>
          err instanceof KeeptrustsVerificationError &&
          (err.report as TrailReport).failures.some((f) => f.seq === 121) &&
          /Trail verification failed: record 121/.test(err.message),
      );
      server.setLies({ tamperRecord });
      const honest = await verifyTrail(client);
      assert.equal(honest.ok, false);
      assert.ok(honest.failures.some((f) => f.seq === 121));
    } finally {
      server.setLies({});
    }
  });
});
