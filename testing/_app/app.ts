/**
 * The stand-in as one Hono app: request ids, CORS, fault injection and bearer authentication in
 * front of the sub-apps (gateway, events, trail, admin, exports), mounted with `app.route()`, and
 * one error handler that answers with the platform's error envelope.
 *
 * @module
 */
import { Hono } from "hono";
import spec from "../../spec/openapi.json" with { type: "json" };
import type { FaultPlan } from "../_state/fault_plan.ts";
import type { Store } from "../_state/store.ts";
import { adminApp } from "./admin_app.ts";
import { authenticate } from "./authenticate.ts";
import { cors } from "./cors.ts";
import type { Env } from "./env.ts";
import { eventsApp } from "./events_app.ts";
import { exportsApp } from "./exports_app.ts";
import { faults } from "./faults.ts";
import { gatewayApp } from "./gateway_app.ts";
import { type Switches, switchesApp } from "./switches_app.ts";
import { errorResponse, StandInError } from "./stand_in_error.ts";
import { proofsApp } from "./proofs_app.ts";
import { trailApp } from "./trail_app.ts";

/** What the app is built from. */
export interface AppParts {
  store: Store;
  faults: FaultPlan;
  /** Origins allowed cross-origin: `"*"`, a list, or none. */
  corsOrigins: "*" | readonly string[];
  /** The test-only switch routes, when on. */
  switches: Switches | null;
}

/** Builds the stand-in's Hono app. */
export function createApp(parts: AppParts): Hono<Env> {
  const { store } = parts;
  const app = new Hono<Env>();
  app.onError(errorResponse);
  app.notFound((c) =>
    errorResponse(
      new StandInError(404, {
        code: "route_not_found",
        message: `no route ${c.req.method} ${c.req.path}`,
      }),
      c,
    )
  );
  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && given.length <= 256 ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("x-request-id", requestId);
  });
  app.use("*", cors(parts.corsOrigins));
  app.use("/v1/*", faults(parts.faults));
  app.use("/v1/*", authenticate(store));
  app.get("/openapi.json", (c) => c.json(spec));
  app.get("/health", (c) =>
    c.json({
      status: "healthy",
      uptime_seconds: Math.round((store.clock.nowMs() - store.startedAt) / 1000),
      version: "demo-0.1.0",
      providers: { "local-echo": "reachable" },
      policies_loaded: 3,
      requests_processed: store.requestsProcessed,
      cache: { entries: 0, hit_rate_pct: 0 },
    }));
  app.route("/", gatewayApp(store));
  app.route("/", eventsApp(store));
  app.route("/", trailApp(store));
  app.route("/", proofsApp(store));
  app.route("/", adminApp(store));
  app.route("/", exportsApp(store));
  if (parts.switches) app.route("/", switchesApp(store, parts.switches));
  return app;
}
