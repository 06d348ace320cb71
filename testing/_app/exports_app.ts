/**
 * The control plane's export and wallet routes as a Hono sub-app: export jobs (create with
 * `Idempotency-Key`, poll, download once completed) and the wallet balance.
 *
 * @module
 */
import { Hono } from "hono";
import { createHash } from "node:crypto";
import { parseMicros } from "../_state/clock.ts";
import { exportArtifact } from "../_state/export_artifact.ts";
import type { Json } from "../_state/records.ts";
import type { ExportEntry, Store } from "../_state/store.ts";
import { type Env, requireScope } from "./env.ts";
import { idempotent } from "./idempotent.ts";
import { invalidParameter, StandInError } from "./stand_in_error.ts";

const WINDOWS: Record<string, number> = {
  "1h": 3600,
  "6h": 21600,
  "24h": 86400,
  "7d": 604800,
  "30d": 2592000,
};

/** The [from, to) window of an export request, in microseconds. */
function windowOf(store: Store, body: Json): { from: number; to: number } {
  if (body.time_window !== undefined) {
    const seconds = WINDOWS[body.time_window];
    if (!seconds) {
      throw invalidParameter("time_window must be 1h, 6h, 24h, 7d or 30d", "invalid_window");
    }
    const to = parseMicros(store.clock.timestamp());
    return { from: to - seconds * 1_000_000, to };
  }
  const from = body.date_from === undefined ? 0 : parseMicros(body.date_from);
  const to = body.date_to === undefined ? Number.MAX_SAFE_INTEGER : parseMicros(body.date_to);
  if (Number.isNaN(from) || Number.isNaN(to)) {
    throw invalidParameter("date_from and date_to must be RFC 3339", "invalid_range");
  }
  return { from, to };
}

function createJob(store: Store, given: Json) {
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw invalidParameter("the body must be a JSON object", "invalid_body");
  }
  // The platform's documented body has no `type`: an export of events (spec: `events` when omitted).
  const body = { ...given, type: given.type ?? "events" };
  if (!["events", "traces", "escalations", "audit-log"].includes(body.type)) {
    throw invalidParameter(
      "type must be events, traces, escalations or audit-log",
      "invalid_type",
    );
  }
  if (!["json", "csv"].includes(body.format)) {
    throw invalidParameter("format must be json or csv", "invalid_format");
  }
  const artifact = exportArtifact(store.eventLog, { ...body, ...windowOf(store, body) });
  const job = {
    job_id: store.nextId("exp"),
    type: body.type,
    format: body.format,
    status: "queued",
    created_at: store.clock.timestamp(),
    completed_at: null,
    expires_at: null,
    size_bytes: null,
    sha256: null,
  };
  store.exportJobs.set(job.job_id, {
    job,
    readyAt: performance.now() + 20,
    artifact: artifact.bytes,
    contentType: artifact.contentType,
  });
  return { status: 202 as const, body: { ...job } };
}

/** The job, moved on to `running` or `completed` as time passes. */
function advance(store: Store, id: string): ExportEntry {
  const entry = store.exportJobs.get(id);
  if (!entry) {
    throw new StandInError(404, { code: "export_not_found", message: "no such export job" });
  }
  if (entry.job.status !== "completed" && performance.now() >= entry.readyAt) {
    const completed = store.clock.timestamp();
    Object.assign(entry.job, {
      status: "completed",
      completed_at: completed,
      expires_at: new Date(Date.parse(completed) + 7 * 86_400_000).toISOString(),
      size_bytes: entry.artifact.length,
      sha256: createHash("sha256").update(entry.artifact).digest("hex"),
    });
  } else if (entry.job.status === "queued") entry.job.status = "running";
  return entry;
}

function walletBalance(store: Store): Json {
  const spent = store.eventLog.totalCost();
  const round = (n: number) => Math.round(n * 1e9) / 1e9;
  const balance = round(100 - spent);
  return {
    currency: "USD",
    wallets: [{
      wallet_id: "wal_org_demo",
      scope: "organization",
      name: "Demo Org",
      currency: "USD",
      balance,
      reserved: 0,
      total_allocated: 100,
      total_spent: round(spent),
      status: balance <= 0 ? "depleted" : balance < 10 ? "low" : "healthy",
    }],
  };
}

/** The export and wallet routes. */
export function exportsApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  app.post("/v1/exports/jobs", (c) => {
    requireScope(c, "exports:write");
    return idempotent(store, c, "exp", (body) => createJob(store, body));
  });
  app.get("/v1/exports/jobs/:job_id", (c) => {
    requireScope(c, "exports:read");
    return c.json(advance(store, c.req.param("job_id")).job);
  });
  app.get("/v1/exports/jobs/:job_id/download", (c) => {
    requireScope(c, "exports:read");
    const entry = advance(store, c.req.param("job_id"));
    if (entry.job.status !== "completed") {
      throw new StandInError(409, {
        code: "export_not_ready",
        message: `export job is ${entry.job.status}`,
        headers: { "retry-after": "1" },
      });
    }
    return c.body(entry.artifact as Uint8Array<ArrayBuffer>, 200, {
      "content-type": entry.contentType,
    });
  });
  app.get("/v1/wallets/balance", (c) => {
    requireScope(c, "wallets:read");
    return c.json(walletBalance(store));
  });
  return app;
}
