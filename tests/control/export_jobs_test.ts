import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createControlPlaneClient,
  createExportJob,
  downloadExport,
  getExportJob,
  getWalletBalance,
} from "../../control/mod.ts";
import { type DemoServer, startServer } from "../_helpers.ts";

let server: DemoServer;
before(async () => {
  server = await startServer({ seedEvents: 200 });
});
after(async () => {
  await server.close();
});

describe("export jobs and wallets", () => {
  it("runs an export job to a checked download, and reads wallet balances", async () => {
    const client = createControlPlaneClient({
      baseUrl: server.url,
      bearerToken: server.adminToken,
    });
    const job = await createExportJob(client, {
      type: "events",
      format: "csv",
      from: server.store.events[0].created_at,
      to: new Date("2030-01-01T00:00:00Z"),
    });
    assert.equal(job.status, "queued");
    let status = job.status;
    for (let i = 0; i < 50 && status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = (await getExportJob(client, job.job_id)).status;
    }
    const artifact = await downloadExport(client, job.job_id);
    const lines = new TextDecoder().decode(artifact.bytes).trim().split("\r\n");
    assert.equal(lines.length, server.store.events.length + 1);
    assert.match(artifact.contentType, /text\/csv/);
    const balance = await getWalletBalance(client);
    const spent = server.store.events.reduce(
      (s, e) => s + e.event_cost_attribution.total_cost_usd,
      0,
    );
    assert.ok(Math.abs(balance.wallets[0].total_spent! - spent) < 1e-6);
  });
});
