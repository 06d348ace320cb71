/**
 * The demo server: a Hono app that stands in for Keeptrusts (gateway and control plane) on loopback.
 * It implements `spec/openapi.json` for real, in memory: policies, decision events, a hash-chained
 * trail, Ed25519-signed digests with key rotation, scoped bearer tokens and cursor pagination.
 *
 * @module
 */
import { Hono } from "hono";
import spec from "../spec/openapi.json" with { type: "json" };
import { prng } from "./crypto.ts";
import { type Env, GATEWAY_PATHS, HttpError, jsonBody, requireScope } from "./_http.ts";
import { adminRoutes } from "./admin_routes.ts";
import { controlRoutes } from "./control_routes.ts";
import { gatewayRoutes } from "./gateway_routes.ts";
import { DemoStore, type DemoStoreOptions, type Json } from "./store.ts";

/** Options of {@linkcode createDemoApp}. */
export interface DemoAppOptions extends DemoStoreOptions {
  /** Seed this many historical events at startup. @default 0 */
  seedEvents?: number;
  /** Enables `POST /__demo/tamper` and `POST /__demo/claim-intact` (tests only). @default false */
  allowTamper?: boolean;
  /**
   * Fraction (0..1) of control-plane and gateway requests answered with a fault (429 with
   * `Retry-After`, or 503) before they are handled. @default 0
   */
  faultRate?: number;
}

/** The app and its state. */
export interface DemoApp {
  readonly app: Hono;
  readonly store: DemoStore;
  /** Sets the fault rate at run time. */
  setFaultRate(rate: number): void;
}

/** Creates the demo app and its state. */
export function createDemoApp(options: DemoAppOptions = {}): DemoApp {
  const store = new DemoStore(options);
  if (options.seedEvents) store.seedHistory(options.seedEvents);
  let faultRate = options.faultRate ?? 0;
  const faultRand = prng((options.seed ?? 42) ^ 0x5eed);
  const app = new Hono<Env>();

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? crypto.randomUUID();
    const e = err instanceof HttpError ? err : new HttpError(
      500,
      "internal_error",
      "internal",
      "the demo server failed to handle the request",
    );
    if (!(err instanceof HttpError)) console.error("demo server error:", err);
    for (const [k, v] of Object.entries(e.extra)) if (k !== "x-policy") c.header(k, v);
    c.header("x-request-id", requestId);
    const body: Json = {
      error: { type: e.type, code: e.code, message: e.message, request_id: requestId },
    };
    if (e.extra["x-policy"]) body.error.policy = e.extra["x-policy"];
    return c.json(body, e.status as 400);
  });
  app.notFound((c) => {
    throw new HttpError(
      404,
      "not_found",
      "route_not_found",
      `no route ${c.req.method} ${new URL(c.req.url).pathname}`,
    );
  });

  // Request id: echo the caller's, or make one.
  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && given.length <= 256 ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("x-request-id", requestId);
  });

  // Fault layer (off by default): answers a fraction of requests with 429 or 503.
  app.use("/v1/*", async (_c, next) => {
    if (faultRate > 0 && faultRand() < faultRate) {
      if (faultRand() < 0.5) {
        throw new HttpError(429, "rate_limit", "too_many_requests", "demo fault: slow down", {
          "retry-after": "0",
        });
      }
      throw new HttpError(
        503,
        "internal_error",
        "unavailable",
        "demo fault: temporarily unavailable",
      );
    }
    await next();
  });

  // Bearer authentication on every /v1 route.
  app.use("/v1/*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const entry = m ? store.authenticate(m[1]) : undefined;
    if (!entry) {
      throw new HttpError(
        401,
        "authentication_error",
        "invalid_token",
        "a valid bearer token is required",
      );
    }
    entry.info.last_used_at = store.timestamp();
    c.set("scopes", new Set(entry.info.scopes));
    c.set("user", entry.user);
    if (GATEWAY_PATHS.has(c.req.path)) requireScope(c, "gateway:invoke");
    await next();
  });

  app.get("/openapi.json", (c) => c.json(spec));

  app.get("/health", (c) =>
    c.json({
      status: "healthy",
      uptime_seconds: Math.round((Date.now() - store.startedAt) / 1000),
      version: "demo-0.1.0",
      providers: { "local-echo": "reachable" },
      policies_loaded: 3,
      requests_processed: store.requestsProcessed,
      cache: { entries: 0, hit_rate_pct: 0 },
    }));

  // ---- Gateway -------------------------------------------------------------------------------
  gatewayRoutes(app, store);
  controlRoutes(app, store);
  adminRoutes(app, store);

  // ---- Test-only tampering (off by default) ----------------------------------------------------
  if (options.allowTamper) {
    app.post("/__demo/tamper", async (c) => {
      const body = await jsonBody(c);
      const record = store.records[body.seq - 1];
      if (!record) throw new HttpError(404, "not_found", "record_not_found", "no such record");
      if (body.action === "delete") store.records.splice(body.seq - 1, 1);
      else (record as Json)[body.field] = body.value;
      return c.json({ ok: true });
    });
    app.post("/__demo/claim-intact", async (c) => {
      store.claimIntact = (await jsonBody(c)).enabled === true;
      return c.json({ ok: true });
    });
  }

  return {
    app: app as unknown as Hono,
    store,
    setFaultRate(rate: number) {
      faultRate = rate;
    },
  };
}
