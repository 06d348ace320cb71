import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as v from "valibot";
import * as schemas from "../../generated/valibot.gen.ts";
import { compileClosures, fastCheck } from "../../control/_fast_check.ts";
import { compileSource } from "../../control/_fast_check_source.ts";
import * as views from "../../control/_shapes.ts";
import { Store as DemoStore } from "../../testing/_state/store.ts";
import { clone, prng } from "../_helpers.ts";

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value && typeof value === "object") {
    for (const [k, child] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) && /^\d+$/.test(k) ? Number(k) : k];
      out.push(p);
      paths(child, p, out);
    }
  }
  return out;
}

describe("the compiled response check", () => {
  let t = Date.parse("2026-05-31T00:00:00Z");
  const store = new DemoStore({ now: () => (t += 1000) });
  store.seedHistory(40);
  const seeds: Array<[string, v.GenericSchema, unknown]> = [
    ["vListEventsResponse", schemas.vListEventsResponse, {
      events: store.events.slice(0, 4).map(DemoStore.listRow),
      next_cursor: "c",
    }],
    [
      "vGetEventResponse",
      schemas.vGetEventResponse,
      store.events.find((e) => e.citations.length > 0),
    ],
    ["vListTrailRecordsResponse", schemas.vListTrailRecordsResponse, {
      records: store.records.slice(0, 4),
      next_cursor: null,
    }],
    ["vListDigestsResponse", schemas.vListDigestsResponse, {
      digests: store.digests.slice(0, 3),
      next_cursor: null,
    }],
    ["vListPublicKeysResponse", schemas.vListPublicKeysResponse, { keys: store.keys }],
    ["vGetGatewayHealthResponse", schemas.vGetGatewayHealthResponse, {
      status: "healthy",
      uptime_seconds: 3,
      version: "x",
      providers: { a: "reachable", b: "unreachable" },
      policies_loaded: 3,
      requests_processed: 1,
      cache: { entries: 0, hit_rate_pct: 0 },
    }],
    ["vVerifyTrailResponse", schemas.vVerifyTrailResponse, {
      chain_integrity: "broken",
      records_verified: 2,
      digests_verified: 1,
      pending_records: 0,
      first_seq: 1,
      last_seq: 2,
      head_hash: "ab",
      failures: [{ seq: 2, code: "hash_mismatch", reason: "r" }, { digest_id: "d", reason: "r" }],
    }],
    // What the tolerant reader relies on (control/_shapes.ts), seeded with the platform's shapes.
    ["vEventView", views.vEventView, {
      event_id: "evt_a1b2c3d4",
      created_at: "2026-03-20T10:33:00Z",
      verdict: "allow",
      policy_outcome: "allowed",
      input_tokens: 1250,
      output_tokens: 890,
      policies_evaluated: [
        { name: "pii_detection", result: "redacted", entities_found: 3, latency_ms: 8 },
        { name: "secrets", result: "pass", entities_found: ["aws_key"] },
      ],
      gateway_id: "gw_prod_east",
      cost_usd: 0.0034,
      event_cost_attribution: { total_cost_usd: 0.0034, source_spend_log_id: null },
    }],
    [
      "vEventDetailView",
      views.vEventDetailView,
      store.events.find((e) => e.citations.length > 0),
    ],
    ["vTrailRecordView", views.vTrailRecordView, {
      ...store.records[0],
      kind: "login",
      request_id: null,
      event_id: null,
    }],
    ["vExportJobView", views.vExportJobView, {
      job_id: "job_abc123",
      status: "queued",
      created_at: "2026-03-20T10:30:00Z",
      size_bytes: null,
    }],
    ["vWhoAmIView", views.vWhoAmIView, { user: "u", org_id: null, scopes: ["events:read"] }],
    ["vWalletBalanceView", views.vWalletBalanceView, {
      currency: "USD",
      wallets: [{ wallet_id: "w", scope: "organization", balance: 1.5, total_spent: 0.25 }],
    }],
    ["vTokenCreatedView", views.vTokenCreatedView, {
      token: { token_id: "tok_1", name: "n", scopes: ["audit-log:read"] },
      secret: "kt_live_x",
    }],
  ];

  // Both forms: generated code (used where the runtime can build code) and closures (elsewhere).
  const forms = [["generated code", compileSource], ["closures", compileClosures]] as const;

  it("compiles the list and detail schemas the SDK reads in bulk, in both forms", () => {
    for (const [name, schema, seed] of seeds) {
      for (const [form, compile] of forms) {
        const check = compile(schema);
        assert.ok(check, `${name} compiles as ${form}`);
        assert.equal(check(seed), true, `${name} as ${form} accepts a valid value`);
      }
      assert.equal(v.safeParse(schema, seed).success, true);
      assert.match(String(fastCheck(schema)), /^function f\d+\(v\)/, "the generated form is used");
    }
  });

  it("agrees with valibot on 30,000 mutated values, in both forms: never accepts what valibot rejects", () => {
    const compiled = new Map(
      seeds.map(([, schema]) => [schema, forms.map(([, compile]) => compile(schema)!)]),
    );
    const rand = prng(20261127);
    const pool: unknown[] = [
      undefined,
      null,
      0,
      -1,
      1.5,
      1e21,
      Number.NaN,
      Infinity,
      "",
      "x",
      "2026-05-31T00:00:00Z",
      "2026-13-31T00:00:00Z",
      "2026-05-31 00:00:00",
      true,
      false,
      [],
      [1],
      {},
      { a: 1 },
      "a".repeat(300),
    ];
    let rejected = 0;
    for (let i = 0; i < 30_000; i++) {
      const [name, schema, seed] = seeds[i % seeds.length];
      const value = clone(seed) as Record<string, unknown>;
      const mutations = 1 + Math.floor(rand() * 3);
      for (let m = 0; m < mutations; m++) {
        const all = paths(value);
        if (all.length === 0) break;
        const path = all[Math.floor(rand() * all.length)];
        let parent: Record<string | number, unknown> = value;
        for (const step of path.slice(0, -1)) {
          parent = parent[step] as Record<string | number, unknown>;
        }
        const last = path[path.length - 1];
        const roll = rand();
        if (roll < 0.2) delete parent[last];
        else if (roll < 0.3) {
          parent[`extra_${m}`] = structuredClone(pool[Math.floor(rand() * pool.length)]);
        } else if (roll < 0.45 && typeof parent[last] === "string") {
          const s = parent[last] as string;
          const at = Math.floor(rand() * Math.max(1, s.length));
          parent[last] = s.slice(0, at) + "Zx:.-9 "[Math.floor(rand() * 7)] + s.slice(at + 1);
        } else parent[last] = structuredClone(pool[Math.floor(rand() * pool.length)]);
      }
      const expected = v.safeParse(schema, value).success;
      compiled.get(schema)!.forEach((check, f) =>
        assert.equal(
          check(value),
          expected,
          `${name} as ${forms[f][0]}: ${JSON.stringify(value).slice(0, 300)}`,
        )
      );
      if (!expected) rejected++;
    }
    assert.ok(rejected > 10_000, `the mutations exercise rejections (${rejected})`);
  });
});
