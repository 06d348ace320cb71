import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  bootstrapServiceAccount,
  buildTokenRotationPlan,
  ControlPlaneClient,
  createControlPlaneClient,
  createExportJob,
  createToken,
  downloadExport,
  getEvent,
  getExportJob,
  getWalletBalance,
  iterateEvents,
  iterateTrailRecords,
  KeeptrustsControlPlane,
  listEvents,
  listTokens,
  listTrailRecords,
  revokeToken,
  summarizeSpend,
  whoami,
} from "../../control/mod.ts";
import { recordingFetch } from "../_helpers.ts";
import { serveRoutes } from "./_platform.ts";

const token = "kt_live_options_checks_0001";

/** Options as plain JavaScript passes them: any keys at all. */
// deno-lint-ignore no-explicit-any
type Loose = any;

describe("options from plain JavaScript", () => {
  it("refuses an unknown option key on every helper, naming it and the camelCase option meant", async () => {
    const { fetch, sent } = recordingFetch();
    const client = createControlPlaneClient({
      baseUrl: "http://127.0.0.1:9",
      bearerToken: token,
      fetch,
    });
    const cases: Array<[string, () => unknown, string, string | null]> = [
      ["listEvents", () => listEvents(client, { agent_id: "x" } as Loose), "agent_id", "agentId"],
      [
        "iterateEvents",
        () => iterateEvents(client, { request_id: "r" } as Loose),
        "request_id",
        "requestId",
      ],
      [
        "getEvent",
        () => getEvent(client, "evt_1", { call_request_id: "c" } as Loose),
        "call_request_id",
        "callRequestId",
      ],
      [
        "listTrailRecords",
        () => listTrailRecords(client, { start_time: "1h" } as Loose),
        "start_time",
        "startTime",
      ],
      [
        "iterateTrailRecords",
        () => iterateTrailRecords(client, { from_seq: 1 } as Loose),
        "from_seq",
        "fromSeq",
      ],
      ["whoami", () => whoami(client, { timeout_ms: 5 } as Loose), "timeout_ms", null],
      [
        "createExportJob",
        () => createExportJob(client, { format: "json", time_window: "24h" } as Loose),
        "time_window",
        "timeWindow",
      ],
      [
        "getExportJob",
        () => getExportJob(client, "exp_1", { Signal: null } as Loose),
        "Signal",
        "signal",
      ],
      [
        "downloadExport",
        () => downloadExport(client, "exp_1", { bogus: 1 } as Loose),
        "bogus",
        null,
      ],
      [
        "getWalletBalance",
        () => getWalletBalance(client, { scope: "org" } as Loose),
        "scope",
        null,
      ],
      [
        "createToken",
        () =>
          createToken(client, { name: "n", scopes: ["events:read"], expires_in_days: 9 } as Loose),
        "expires_in_days",
        "expiresInDays",
      ],
      [
        "listTokens",
        () => listTokens(client, { token_type: "access" } as Loose),
        "token_type",
        null,
      ],
      ["revokeToken", () => revokeToken(client, "tok_1", { reason: "x" } as Loose), "reason", null],
      [
        "bootstrapServiceAccount",
        () =>
          bootstrapServiceAccount(
            "svc-a",
            ["events:read"],
            { client, idempotency_key: "k" } as Loose,
          ),
        "idempotency_key",
        "idempotencyKey",
      ],
      [
        "summarizeSpend",
        () => summarizeSpend([], { group_by: "agent" } as Loose),
        "group_by",
        null,
      ],
      [
        "buildTokenRotationPlan",
        () =>
          buildTokenRotationPlan([{ env_var: "A", currentToken: "a", nextToken: "b" }] as Loose),
        "env_var",
        "envVar",
      ],
      [
        "createControlPlaneClient",
        () =>
          createControlPlaneClient({ base_url: "https://x.example", bearerToken: token } as Loose),
        "base_url",
        "baseUrl",
      ],
    ];
    for (const [name, call, key, meant] of cases) {
      let err: unknown;
      try {
        await call();
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof TypeError, `${name}: ${err}`);
      assert.ok(err.message.includes(`unknown option "${key}"`), `${name}: ${err.message}`);
      if (meant) assert.ok(err.message.includes(`did you mean "${meant}"`), err.message);
      else assert.match(err.message, /known options: /);
    }
    assert.equal(sent.length, 0, "nothing was sent");
  });

  it("refuses options that are not an object", () => {
    assert.throws(
      () => createControlPlaneClient("https://x.example" as Loose),
      /options must be an object/,
    );
    const client = createControlPlaneClient({ baseUrl: "http://127.0.0.1:9", bearerToken: token });
    assert.throws(() => iterateEvents(client, [] as Loose), /options must be an object/);
    assert.throws(
      () => summarizeSpend([], { by: "week" } as Loose),
      /by must be "agent", "model", "day"/,
    );
  });
});

describe("documented names and values", () => {
  it("new KeeptrustsControlPlane({ baseUrl, bearerToken }) is the same client class", async () => {
    const server = await serveRoutes({
      "GET /v1/whoami": () => Response.json({ scopes: ["events:read"] }),
    });
    try {
      const client = new KeeptrustsControlPlane({ baseUrl: server.url, bearerToken: token });
      assert.ok(client instanceof ControlPlaneClient);
      assert.ok(createControlPlaneClient({ bearerToken: token }) instanceof KeeptrustsControlPlane);
      assert.deepEqual((await whoami(client)).scopes, ["events:read"]);
      assert.equal(server.seen[0].headers.get("authorization"), `Bearer ${token}`);
    } finally {
      await server.close();
    }
  });

  it("accepts CLI durations wherever a time is, and sends them as RFC 3339 times before now", async () => {
    const server = await serveRoutes({
      "GET /v1/events": () => Response.json({ events: [] }),
      "GET /v1/trail/records": () => Response.json({ records: [] }),
      "POST /v1/exports/jobs": () => Response.json({ job_id: "exp_1", status: "queued" }),
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      const before = Date.now();
      await listEvents(client, { since: "5m", until: "1h" });
      await listTrailRecords(client, { startTime: "7d", endTime: "24h" });
      await createExportJob(client, { format: "csv", from: "2w", to: "30s" });
      await listEvents(client, { since: "2026-05-31" });
      const at = (s: string | null) => before - Date.parse(s!);
      const near = (ms: number, expected: number) => Math.abs(ms - expected) < 60_000;
      const [events, records, job, day] = server.seen;
      assert.ok(near(at(events.query.get("since")), 5 * 60_000));
      assert.ok(near(at(events.query.get("until")), 3600_000));
      assert.ok(near(at(records.query.get("start_time")), 7 * 86_400_000));
      assert.ok(near(at(records.query.get("end_time")), 86_400_000));
      const body = JSON.parse(job.body);
      assert.ok(near(before - Date.parse(body.date_from), 14 * 86_400_000));
      assert.ok(near(before - Date.parse(body.date_to), 30_000));
      assert.equal(day.query.get("since"), "2026-05-31T00:00:00Z");
      for (const bad of ["24 h", "0h", "1y", "-5m", "yesterday"]) {
        await assert.rejects(listEvents(client, { since: bad }), TypeError, bad);
      }
    } finally {
      await server.close();
    }
  });

  it("sends any positive limit (the server decides its largest page) and scopes with hyphens", async () => {
    const server = await serveRoutes({
      "GET /v1/events": () => Response.json({ events: [] }),
      "POST /v1/tokens": () =>
        Response.json({
          token: { token_id: "tok_1", scopes: ["audit-log:read"] },
          secret: "kt_live_new_secret_000001",
        }),
    });
    try {
      const client = createControlPlaneClient({ baseUrl: server.url, bearerToken: token });
      await listEvents(client, { limit: 5000 });
      assert.equal(server.seen[0].query.get("limit"), "5000");
      const scopes = ["audit-log:read", "service-accounts:write", "exports:*", "control_plane"];
      const created = await createToken(client, { name: "n", scopes });
      assert.deepEqual(JSON.parse(server.seen[1].body).scopes, scopes);
      assert.equal(created.token.token_id, "tok_1");
      for (const limit of [0, -1, 1.5, Number.NaN, "10"]) {
        await assert.rejects(listEvents(client, { limit: limit as number }), RangeError);
      }
      await assert.rejects(createToken(client, { name: "n", scopes: ["Events:Read"] }), TypeError);
    } finally {
      await server.close();
    }
  });
});
