import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  createControlPlaneClient,
  createExportJob,
  downloadExport,
  type Event,
  getEvent,
  getEventCostAttribution,
  iterateEvents,
  iterateTrailRecords,
  listEvents,
  listTrailRecords,
  rawOf,
  summarizeSpend,
} from "../../control/mod.ts";
import { verifyTrailEvidence } from "../../evidence/mod.ts";
import { fixture, serveFixtures, serveRoutes } from "./_platform.ts";

const token = "kt_live_platform_shapes_0001";
const clientFor = (url: string) => createControlPlaneClient({ baseUrl: url, bearerToken: token });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("the platform's documented shapes", () => {
  it("reads the quickstarts' list without next_cursor as the last page", async () => {
    const f = await fixture("list_without_cursor");
    const server = await serveFixtures([f]);
    try {
      const client = clientFor(server.url);
      const page = await listEvents(client, { since: "24h", agentId: "agent-a" });
      assert.equal(page.next_cursor, null);
      assert.deepEqual(page.skipped, []);
      assert.equal(page.events.length, 1);
      const [event] = page.events;
      assert.equal(event.event_id, "evt_01J");
      assert.equal(event.request_id, "req_1");
      assert.equal(event.verdict, "allow");
      assert.equal(rawOf(event), event, "already in the SDK's spelling: no copy");
      const spend = getEventCostAttribution(event);
      assert.equal(spend.total_cost_usd, 0.0042);
      assert.equal(spend.source_spend_log_id, "spl_1");
      const all = await collect(iterateEvents(client, { since: "24h" }));
      assert.deepEqual(all.map((e) => e.event_id), ["evt_01J"]);
      assert.equal(server.seen.length, 2, "one request each: no cursor means no next page");
      assert.equal(server.seen[0].query.get("agent_id"), "agent-a");
      const since = Date.parse(server.seen[0].query.get("since")!);
      assert.ok(Math.abs(Date.now() - 24 * 3600_000 - since) < 60_000, "24h means a day ago");
    } finally {
      await server.close();
    }
  });

  it("reads the agent SDK's events: policy_outcome for verdict, source_spend_log_id at the top", async () => {
    const server = await serveFixtures([await fixture("agent_sdk_observability")]);
    try {
      const events = await collect(iterateEvents(clientFor(server.url)));
      assert.deepEqual(events.map((e) => [e.event_id, e.verdict, e.policy_outcome]), [
        ["evt_01JOBS1", "block", "blocked"],
        ["evt_01JOBS2", "flagged", "flagged"],
      ]);
      assert.deepEqual(events.map((e) => [e.model, e.input_tokens, e.output_tokens]), [
        ["gpt-4o", 120, 0],
        ["gpt-4o-mini", 800, 200],
      ]);
      assert.equal(events[0].event_cost_attribution?.source_spend_log_id, "spl_obs_1");
      assert.equal(getEventCostAttribution(events[1]).source_spend_log_id, "spl_obs_2");
      assert.equal(rawOf(events[0]).verdict, undefined, "the raw object is kept as sent");
      const byModel = summarizeSpend(events, { by: "model" });
      assert.deepEqual(byModel.groups.map((g) => [g.key, g.total_cost_usd_decimal]), [
        ["gpt-4o", "0.0003"],
        ["gpt-4o-mini", "0.00024"],
      ]);
      assert.equal(byModel.total_cost_usd, 0.00054);
    } finally {
      await server.close();
    }
  });

  it("reads the CLI's events (id, timestamp) and the event-driven guide's (decision, cost_usd, a count of entities)", async () => {
    const cli = await fixture("cli_events_tail");
    const guide = await fixture("event_driven_architecture");
    const server = await serveFixtures([cli, guide]);
    try {
      const client = clientFor(server.url);
      const { events } = await listEvents(client);
      assert.deepEqual(events.map((e) => [e.event_id, e.created_at, e.verdict, e.reason_code]), [
        ["evt_abc123", "2026-03-20T10:32:05.000001Z", "block", "prompt_injection_detected"],
        ["evt_abc122", "2026-03-20T10:31:59.500000Z", "allow", "all_policies_passed"],
      ]);
      assert.equal(events[0].request_id, undefined, "the CLI shows no request id");
      assert.equal(getEventCostAttribution(events[0]).total_cost_usd, 0, "no cost stated");
      const detail = await getEvent(client, "evt_a1b2c3d4");
      assert.equal(detail.event_id, "evt_a1b2c3d4");
      assert.equal(detail.created_at, "2026-03-20T10:33:00Z");
      assert.equal(detail.verdict, "allow");
      assert.equal(detail.policy_outcome, "allowed");
      assert.deepEqual(detail.citations, []);
      assert.equal(detail.policies_evaluated?.[0].entities_found, 3);
      assert.equal(detail.event_cost_attribution?.total_cost_usd, 0.0034);
      assert.equal(getEventCostAttribution(detail).total_cost_usd_decimal, "0.0034");
      assert.deepEqual(rawOf(detail), guide.body, "the raw object is exactly what was sent");
      assert.equal(summarizeSpend([detail]).total_cost_usd, 0.0034);
    } finally {
      await server.close();
    }
  });

  it("reads the evidence page's event (total_cost) and hashes the raw object, not the view", async () => {
    const evidence = await fixture("agent_sdk_evidence_event");
    const trail = await fixture("trail_audit_log");
    const server = await serveFixtures([evidence, trail]);
    try {
      const client = clientFor(server.url);
      const event = await getEvent(client, "evt_01JEVID");
      assert.equal(event.verdict, "redact");
      assert.equal(event.event_cost_attribution?.total_cost_usd, 0.0061);
      assert.notEqual(rawOf(event), event);
      const records = await collect(iterateTrailRecords(client));
      const check = (e: object) =>
        verifyTrailEvidence({
          records,
          digests: [],
          keys: [],
          events: new Map([[event.event_id, e]]),
        })
          .failures.filter((f) => f.code === "payload_hash_mismatch").length;
      assert.equal(check(rawOf(event)), 0, "the raw event matches its record's payload_hash");
      assert.equal(check(event), 1, "the view would not: it is for reading only");
    } finally {
      await server.close();
    }
  });

  it("lists trail records of administrative actions (no request, no event) beside decisions", async () => {
    const trail = await fixture("trail_audit_log");
    const server = await serveFixtures([trail]);
    try {
      const page = await listTrailRecords(clientFor(server.url), { startTime: "7d" });
      assert.deepEqual(page.skipped, []);
      assert.equal(page.next_cursor, null);
      assert.deepEqual(page.records.map((r) => [r.seq, r.kind, r.request_id, r.event_id]), [
        [1, "login", null, null],
        [2, "configuration_change", null, null],
        [3, "decision", "req_evidence_1", "evt_01JEVID"],
        [4, "token_operation", null, null],
        [5, "escalation_claim", null, null],
      ]);
      const report = verifyTrailEvidence({ records: page.records, digests: [], keys: [] });
      assert.ok(!report.failures.some((f) => f.code.includes("hash")), "the chain holds");
    } finally {
      await server.close();
    }
  });

  it("reads money sent as decimal strings, and sums it exactly", async () => {
    const f = await fixture("money_decimal_strings");
    const server = await serveFixtures([f]);
    try {
      const events: Event[] = await collect(iterateEvents(clientFor(server.url)));
      assert.deepEqual(events.map((e) => e.event_cost_attribution?.total_cost_usd), [
        0.1,
        0.2,
        0.00000645,
        0.0000129,
      ]);
      const first = getEventCostAttribution(events[0]);
      assert.deepEqual([first.input_cost_usd, first.output_cost_usd], [0.04, 0.06]);
      assert.equal(rawOf(events[0]).event_cost_attribution !== undefined, true);
      const byAgent = summarizeSpend(events, { by: "agent" });
      assert.deepEqual(byAgent.groups.map((g) => [g.key, g.events, g.total_cost_usd]), [
        ["agent-finance-assistant", 2, 0.3],
        ["agent-support-web", 2, 0.00001935],
      ]);
      assert.equal(byAgent.total_cost_usd_decimal, "0.30001935");
      assert.equal(String(byAgent.groups[1].total_cost_usd), "0.00001935");
      const byDay = summarizeSpend(events, { by: "day" });
      assert.deepEqual(byDay.groups.map((g) => [g.key, g.total_cost_usd]), [
        ["2026-03-20", 0.1],
        ["2026-03-21", 0.20001935],
      ], "22:30 at -05:00 is the next day in UTC");
    } finally {
      await server.close();
    }
  });

  it("creates an export job with the documented body (no type) and reads the answer's id", async () => {
    const f = await fixture("export_job_create");
    const server = await serveRoutes({
      [f.route]: () => Response.json(f.body, { status: 202 }),
    });
    try {
      const job = await createExportJob(clientFor(server.url), {
        format: "json",
        timeWindow: "24h",
      });
      assert.deepEqual(JSON.parse(server.seen[0].body), f.request);
      assert.equal(job.job_id, "job_abc123");
      assert.equal(job.status, "queued");
      assert.equal(job.type, undefined);
      assert.deepEqual(rawOf(job), f.body);
    } finally {
      await server.close();
    }
  });

  it("follows the export download's redirect to object storage without the bearer token", async () => {
    const f = await fixture("export_download_redirect");
    const storage = await serveRoutes({
      "GET /bucket/exports/job_abc123.json": () =>
        new Response(f.artifact, { headers: { "content-type": "application/json" } }),
    });
    const api = await serveRoutes({
      "GET /v1/exports/jobs/job_abc123": () => Response.json(f.job),
      [f.route]: () =>
        new Response(null, { status: f.status, headers: { location: storage.url + f.location } }),
    });
    try {
      const artifact = await downloadExport(clientFor(api.url), "job_abc123");
      assert.equal(new TextDecoder().decode(artifact.bytes), f.artifact);
      assert.equal(storage.seen.length, 1);
      assert.equal(storage.seen[0].headers.get("authorization"), null, "no token off-origin");
      assert.equal(storage.seen[0].query.get("X-Amz-Signature"), "abc");
      assert.equal(api.seen[1].headers.get("authorization"), `Bearer ${token}`);
    } finally {
      await api.close();
      await storage.close();
    }
  });
});
