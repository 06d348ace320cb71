/**
 * The control plane's identity and decision-event routes as a Hono sub-app: `GET /v1/whoami`,
 * `GET /v1/events` (filters, cursor pages), `GET /v1/events/{event_id}`.
 *
 * @module
 */
import { Hono } from "hono";
import { listRow } from "../_state/records.ts";
import type { Store } from "../_state/store.ts";
import { type Env, requireScope } from "./env.ts";
import { decodeCursor, encodeCursor, limitOf, timeOf } from "./query.ts";
import { StandInError } from "./stand_in_error.ts";

/** The identity and event routes. */
export function eventsApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/v1/whoami", (c) => {
    const entry = store.tokens.authenticate(c.get("token"))!;
    return c.json({
      user: entry.user,
      org_id: "org_demo",
      org_name: "Demo Org",
      project_id: "prj_demo",
      role: entry.info.scopes.includes("tokens:write") ? "admin" : "viewer",
      token_id: entry.info.token_id,
      purpose: entry.info.purpose,
      scopes: entry.info.scopes,
    });
  });

  app.get("/v1/events", (c) => {
    requireScope(c, "events:read");
    const filter = {
      since: timeOf(c, "since"),
      until: timeOf(c, "until"),
      agentId: c.req.query("agent_id"),
      requestId: c.req.query("request_id"),
      verdict: c.req.query("verdict"),
    };
    const limit = limitOf(c);
    const page = store.eventLog.page(filter, decodeCursor("evt", c.req.query("cursor")), limit);
    // A lying history may show an event changed; honest pages are served as they are.
    const view = store.lies.active ? store.view(c.get("token")) : undefined;
    return c.json({
      events: page.events.map((e) => listRow(view?.event(e.event_id) ?? e)),
      next_cursor: page.next === null ? null : encodeCursor("evt", page.next),
    });
  });

  app.get("/v1/events/:event_id", (c) => {
    requireScope(c, "events:read");
    const event = store.view(c.get("token")).event(c.req.param("event_id"));
    if (!event) throw new StandInError(404, { code: "event_not_found", message: "no such event" });
    return c.json(event);
  });
  return app;
}
