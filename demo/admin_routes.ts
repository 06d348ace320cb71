/**
 * The demo control plane's write side: service accounts, tokens, export jobs (with idempotency
 * keys) and wallet balances.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { createHash } from "node:crypto";
import {
  decodeCursor,
  encodeCursor,
  type Env,
  HttpError,
  jsonBody,
  limitOf,
  requireScope,
} from "./_http.ts";
import { DemoStore, type Json, parseMicros } from "./store.ts";

/** Adds the automation, export and wallet routes to the app. */
export function adminRoutes(app: Hono<Env>, store: DemoStore): void {
  async function idempotent(
    c: Context<Env>,
    scope: string,
    create: (body: Json) => { status: number; body: Json },
  ) {
    const body = await jsonBody(c);
    const key = c.req.header("idempotency-key");
    const fingerprint = `${scope}:${JSON.stringify(body)}`;
    if (key !== undefined) {
      const seen = store.idempotency.get(`${scope}:${key}`);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          throw new HttpError(
            409,
            "conflict",
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different body",
          );
        }
        c.header("idempotent-replayed", "true");
        return c.json(seen.body, seen.status as 201);
      }
    }
    const result = create(body);
    if (key !== undefined) store.idempotency.set(`${scope}:${key}`, { fingerprint, ...result });
    return c.json(result.body, result.status as 201);
  }

  const NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;
  const SCOPE = /^[a-z_]+:[a-z_*]+$/;

  app.post("/v1/service-accounts", (c) => {
    requireScope(c, "service_accounts:write");
    return idempotent(c, "sa", (body) => {
      if (typeof body?.name !== "string" || !NAME.test(body.name)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_name",
          "name must be 2-63 lowercase letters, digits or dashes",
        );
      }
      if (
        !Array.isArray(body.scopes) || body.scopes.length === 0 ||
        !body.scopes.every((s: unknown) => typeof s === "string" && SCOPE.test(s))
      ) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_scopes",
          "scopes must be a non-empty array of resource:action strings",
        );
      }
      if ([...store.serviceAccounts.values()].some((sa) => sa.name === body.name)) {
        throw new HttpError(
          409,
          "conflict",
          "name_taken",
          `a service account named ${body.name} exists`,
        );
      }
      const account = {
        service_account_id: store.nextId("sa"),
        name: body.name,
        scopes: [...body.scopes],
        purpose: "integration",
        created_at: store.timestamp(),
      };
      store.serviceAccounts.set(account.service_account_id, account);
      const { secret } = store.createToken(
        `sa:${body.name}`,
        account.scopes,
        "integration",
        null,
        `sa:${body.name}`,
      );
      return { status: 201, body: { service_account: account, token: secret } };
    });
  });

  app.get("/v1/tokens", (c) => {
    requireScope(c, "tokens:read");
    const type = c.req.query("type");
    const limit = limitOf(c);
    const all = [...store.tokens.values()].map((t) => t.info).filter((t) =>
      type === undefined || t.token_type === type
    );
    const start = decodeCursor("tok", c.req.query("cursor"));
    const page = all.slice(start, start + limit);
    return c.json({
      tokens: page,
      next_cursor: start + limit < all.length ? encodeCursor("tok", start + limit) : null,
    });
  });

  app.post("/v1/tokens", (c) => {
    requireScope(c, "tokens:write");
    return idempotent(c, "tok", (body) => {
      if (typeof body?.name !== "string" || body.name.length === 0 || body.name.length > 128) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_name",
          "name must be 1-128 characters",
        );
      }
      if (
        !Array.isArray(body.scopes) ||
        !body.scopes.every((s: unknown) => typeof s === "string" && SCOPE.test(s))
      ) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_scopes",
          "scopes must be resource:action strings",
        );
      }
      const days = body.expires_in_days ?? null;
      if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_expiry",
          "expires_in_days must be 1-3650",
        );
      }
      const created = store.createToken(
        body.name,
        body.scopes,
        body.purpose ?? null,
        days,
        c.get("user"),
      );
      if (body.token_type === "gateway") created.token.token_type = "gateway";
      return { status: 201, body: created };
    });
  });

  app.delete("/v1/tokens/:token_id", (c) => {
    requireScope(c, "tokens:write");
    const entry = [...store.tokens.values()].find((t) =>
      t.info.token_id === c.req.param("token_id")
    );
    if (!entry) throw new HttpError(404, "not_found", "token_not_found", "no such token");
    entry.info.revoked_at ??= store.timestamp();
    return c.json(entry.info);
  });

  const WINDOWS: Record<string, number> = {
    "1h": 3600,
    "6h": 21600,
    "24h": 86400,
    "7d": 604800,
    "30d": 2592000,
  };

  app.post("/v1/exports/jobs", (c) => {
    requireScope(c, "exports:write");
    return idempotent(c, "exp", (body) => {
      if (!["events", "traces", "escalations", "audit-log"].includes(body?.type)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_type",
          "type must be events, traces, escalations or audit-log",
        );
      }
      if (!["json", "csv"].includes(body.format)) {
        throw new HttpError(
          422,
          "validation_error",
          "invalid_format",
          "format must be json or csv",
        );
      }
      let from = 0;
      let to = Number.MAX_SAFE_INTEGER;
      if (body.time_window !== undefined) {
        const s = WINDOWS[body.time_window];
        if (!s) {
          throw new HttpError(
            422,
            "validation_error",
            "invalid_window",
            "time_window must be 1h, 6h, 24h, 7d or 30d",
          );
        }
        to = parseMicros(store.timestamp());
        from = to - s * 1_000_000;
      } else {
        if (body.date_from !== undefined) from = parseMicros(body.date_from);
        if (body.date_to !== undefined) to = parseMicros(body.date_to);
        if (Number.isNaN(from) || Number.isNaN(to)) {
          throw new HttpError(
            422,
            "validation_error",
            "invalid_range",
            "date_from and date_to must be RFC 3339",
          );
        }
      }
      const rows = body.type === "events"
        ? store.events.filter((e) => {
          const t = parseMicros(e.created_at);
          return t >= from && t < to;
        }).map((e) => DemoStore.listRow(e))
        : [];
      let artifact: string;
      if (body.format === "json") artifact = JSON.stringify(rows);
      else {
        const cols = [
          "event_id",
          "request_id",
          "agent_id",
          "created_at",
          "verdict",
          "reason_code",
          "model",
          "input_tokens",
          "output_tokens",
          "cost_usd",
        ];
        const cell = (v: unknown) => {
          const s = v === null || v === undefined ? "" : String(v);
          return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
        };
        artifact = [
          cols.join(","),
          ...rows.map((r: Json) => cols.map((k) => cell(r[k])).join(",")),
        ].join("\r\n") + "\r\n";
      }
      const bytes = new TextEncoder().encode(artifact);
      const job = {
        job_id: store.nextId("exp"),
        type: body.type,
        format: body.format,
        status: "queued",
        created_at: store.timestamp(),
        completed_at: null,
        expires_at: null,
        size_bytes: null,
        sha256: null,
      };
      store.exportJobs.set(job.job_id, {
        job,
        readyAt: performance.now() + 20,
        artifact: bytes,
        contentType: body.format === "json" ? "application/json" : "text/csv; charset=utf-8",
      });
      return { status: 202, body: { ...job } };
    });
  });

  function exportJob(id: string) {
    const entry = store.exportJobs.get(id);
    if (!entry) throw new HttpError(404, "not_found", "export_not_found", "no such export job");
    if (entry.job.status !== "completed" && performance.now() >= entry.readyAt) {
      const completed = store.timestamp();
      Object.assign(entry.job, {
        status: "completed",
        completed_at: completed,
        expires_at: new Date(Date.parse(completed) + 7 * 86_400_000).toISOString(),
        size_bytes: entry.artifact!.length,
        sha256: createHash("sha256").update(entry.artifact!).digest("hex"),
      });
    } else if (entry.job.status === "queued") entry.job.status = "running";
    return entry;
  }

  app.get("/v1/exports/jobs/:job_id", (c) => {
    requireScope(c, "exports:read");
    return c.json(exportJob(c.req.param("job_id")).job);
  });

  app.get("/v1/exports/jobs/:job_id/download", (c) => {
    requireScope(c, "exports:read");
    const entry = exportJob(c.req.param("job_id"));
    if (entry.job.status !== "completed") {
      throw new HttpError(
        409,
        "conflict",
        "export_not_ready",
        `export job is ${entry.job.status}`,
        { "retry-after": "1" },
      );
    }
    return c.body(entry.artifact! as Uint8Array<ArrayBuffer>, 200, {
      "content-type": entry.contentType!,
    });
  });

  app.get("/v1/wallets/balance", (c) => {
    requireScope(c, "wallets:read");
    const spent = store.events.reduce((s, e) => s + e.event_cost_attribution.total_cost_usd, 0);
    const round = (n: number) => Math.round(n * 1e9) / 1e9;
    const balance = round(100 - spent);
    return c.json({
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
    });
  });
}
