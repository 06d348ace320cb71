/**
 * The demo control plane's read side: identity, decision events, trail records, digests, keys and
 * verification.
 *
 * @module
 */
import type { Hono } from "hono";
import {
  decodeCursor,
  encodeCursor,
  type Env,
  HttpError,
  limitOf,
  requireScope,
  seqOf,
  timeOf,
  verifyDigest,
} from "./_http.ts";
import { DemoStore, type Json, parseMicros } from "./store.ts";

/** Adds the read routes of the control plane to the app. */
export function controlRoutes(app: Hono<Env>, store: DemoStore): void {
  app.get("/v1/whoami", (c) => {
    const header = c.req.header("authorization")!;
    const entry = store.authenticate(header.replace(/^Bearer\s+/i, ""))!;
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
    const since = timeOf(c, "since");
    const until = timeOf(c, "until");
    const agentId = c.req.query("agent_id");
    const requestId = c.req.query("request_id");
    const verdict = c.req.query("verdict");
    const limit = limitOf(c);
    let i = decodeCursor("evt", c.req.query("cursor"));
    const events: Json[] = [];
    const all = store.events;
    for (; i < all.length && events.length < limit; i++) {
      const e = all[i];
      if (agentId !== undefined && e.agent_id !== agentId) continue;
      if (requestId !== undefined && e.request_id !== requestId) continue;
      if (verdict !== undefined && e.verdict !== verdict) continue;
      if (since !== undefined || until !== undefined) {
        const t = parseMicros(e.created_at);
        if (since !== undefined && t < since) continue;
        if (until !== undefined && t >= until) continue;
      }
      events.push(DemoStore.listRow(e));
    }
    return c.json({ events, next_cursor: i < all.length ? encodeCursor("evt", i) : null });
  });

  app.get("/v1/events/:event_id", (c) => {
    requireScope(c, "events:read");
    const event = store.eventsById.get(c.req.param("event_id"));
    if (!event) throw new HttpError(404, "not_found", "event_not_found", "no such event");
    return c.json(event);
  });

  app.get("/v1/trail/records", (c) => {
    requireScope(c, "trail:read");
    const start = timeOf(c, "start_time");
    const end = timeOf(c, "end_time");
    const fromSeq = seqOf(c, "from_seq") ?? 1;
    const toSeq = seqOf(c, "to_seq") ?? Number.MAX_SAFE_INTEGER;
    const limit = limitOf(c);
    let i = Math.max(decodeCursor("rec", c.req.query("cursor")), fromSeq - 1);
    const records: Json[] = [];
    const all = store.records;
    for (; i < all.length && records.length < limit && all[i].seq <= toSeq; i++) {
      const r = all[i];
      if (start !== undefined || end !== undefined) {
        const t = parseMicros(r.created_at);
        if (start !== undefined && t < start) continue;
        if (end !== undefined && t >= end) continue;
      }
      records.push(r);
    }
    const more = i < all.length && all[i].seq <= toSeq;
    return c.json({ records, next_cursor: more ? encodeCursor("rec", i) : null });
  });

  app.get("/v1/trail/digests", (c) => {
    requireScope(c, "trail:read");
    const start = timeOf(c, "start_time");
    const end = timeOf(c, "end_time");
    const limit = limitOf(c);
    let i = decodeCursor("dig", c.req.query("cursor"));
    const digests: Json[] = [];
    for (; i < store.digests.length && digests.length < limit; i++) {
      const d = store.digests[i];
      if (start !== undefined && parseMicros(d.end_time) < start) continue;
      if (end !== undefined && parseMicros(d.start_time) >= end) continue;
      digests.push(d);
    }
    return c.json({
      digests,
      next_cursor: i < store.digests.length ? encodeCursor("dig", i) : null,
    });
  });

  app.get("/v1/trail/digests/:digest_id", (c) => {
    requireScope(c, "trail:read");
    const digest = store.digests.find((d) => d.digest_id === c.req.param("digest_id"));
    if (!digest) throw new HttpError(404, "not_found", "digest_not_found", "no such digest");
    return c.json(digest);
  });

  app.get("/v1/trail/public-keys", (c) => {
    requireScope(c, "trail:read");
    return c.json({ keys: store.keys });
  });

  app.get("/v1/trail/public-keys/:kid", (c) => {
    requireScope(c, "trail:read");
    const kid = c.req.param("kid");
    const key = kid === "current"
      ? store.keys.find((k) => k.status === "active")
      : store.keys.find((k) => k.kid === kid);
    if (!key) throw new HttpError(404, "not_found", "key_not_found", "no such key");
    return c.json(key);
  });

  app.get("/v1/trail/verify", (c) => {
    requireScope(c, "trail:read");
    const start = timeOf(c, "start_time") ?? 0;
    const end = timeOf(c, "end_time") ?? Number.MAX_SAFE_INTEGER;
    const deep = c.req.query("deep_verify");
    if (deep !== undefined && deep !== "true" && deep !== "false") {
      throw new HttpError(
        422,
        "validation_error",
        "invalid_parameter",
        "deep_verify must be true or false",
      );
    }
    return c.json(store.verify(start, end, verifyDigest));
  });
}
