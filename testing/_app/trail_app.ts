/**
 * The control plane's trail routes as a Hono sub-app: records, digests (signed tree heads), the
 * latest digest, public keys and the server's own verification (the proofs are `proofs_app.ts`).
 * Each request reads the history its token is shown.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { digestById, firstSeqAtOrAfter } from "../_state/history_view.ts";
import { parseMicros } from "../_state/clock.ts";
import type { Digest, TrailRecord } from "../_state/records.ts";
import type { Store } from "../_state/store.ts";
import { verifyTrailRange } from "../_state/verify_trail_range.ts";
import { type Env, requireScope } from "./env.ts";
import { decodeCursor, encodeCursor, limitOf, seqOf, timeOf } from "./query.ts";
import { invalidParameter, StandInError } from "./stand_in_error.ts";

const notFound = (code: string, message: string) => new StandInError(404, { code, message });

/** `GET /v1/trail/records`: ascending `seq`, by seq range and creation time, cursor pages. */
function listRecords(store: Store, c: Context<Env>): Response {
  const view = store.view(c.get("token"));
  const start = timeOf(c, "start_time");
  const end = timeOf(c, "end_time") ?? Number.MAX_SAFE_INTEGER;
  const toSeq = Math.min(seqOf(c, "to_seq") ?? view.size, view.size);
  const limit = limitOf(c);
  let seq = 1 +
    Math.max(decodeCursor("rec", c.req.query("cursor")), (seqOf(c, "from_seq") ?? 1) - 1);
  if (start !== undefined) seq = Math.max(seq, firstSeqAtOrAfter(view, start));
  const records: TrailRecord[] = [];
  for (; seq <= toSeq && records.length < limit; seq++) {
    const r = view.record(seq);
    if (parseMicros(r.created_at) >= end) {
      seq = toSeq + 1;
      break;
    }
    records.push(r);
  }
  const more = seq <= toSeq && parseMicros(view.record(seq).created_at) < end;
  return c.json({ records, next_cursor: more ? encodeCursor("rec", seq - 1) : null });
}

/** `GET /v1/trail/digests`: the digests overlapping a time window, cursor pages. */
function listDigests(store: Store, c: Context<Env>): Response {
  const view = store.view(c.get("token"));
  const start = timeOf(c, "start_time");
  const end = timeOf(c, "end_time");
  const limit = limitOf(c);
  const every = view.digestEvery;
  // Digests overlapping [start, end): from the one holding the first record at or after start
  // to the one holding the last record before end.
  const from = start === undefined ? 1 : Math.ceil(firstSeqAtOrAfter(view, start) / every);
  const to = end === undefined
    ? view.digestCount
    : Math.min(view.digestCount, Math.ceil((firstSeqAtOrAfter(view, end) - 1) / every));
  let n = Math.max(from, decodeCursor("dig", c.req.query("cursor")) + 1);
  const digests: Digest[] = [];
  for (; n <= to && digests.length < limit; n++) digests.push(view.digest(n));
  return c.json({ digests, next_cursor: n <= to ? encodeCursor("dig", n - 1) : null });
}

/** `GET /v1/trail/verify`: the server's own check of a time window (or its lie, when it claims intact). */
function verifyRange(store: Store, c: Context<Env>): Response {
  const start = timeOf(c, "start_time") ?? 0;
  const end = timeOf(c, "end_time") ?? Number.MAX_SAFE_INTEGER;
  const deep = c.req.query("deep_verify");
  if (deep !== undefined && deep !== "true" && deep !== "false") {
    throw invalidParameter("deep_verify must be true or false");
  }
  const result = verifyTrailRange(store.view(c.get("token")), start, end, deep === "true");
  if (!store.claimIntact) return c.json(result);
  return c.json({
    ...result,
    ok: true,
    chain_integrity: result.records_verified ? "intact" : "empty",
    failures: [],
  });
}

/** The trail routes. */
export function trailApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  app.use("/v1/trail/*", async (c, next) => {
    requireScope(c, "trail:read");
    await next();
  });
  app.get("/v1/trail/records", (c) => listRecords(store, c));
  app.get("/v1/trail/digests", (c) => listDigests(store, c));
  app.get("/v1/trail/verify", (c) => verifyRange(store, c));

  app.get("/v1/trail/digests/latest", (c) => {
    const view = store.view(c.get("token"));
    if (view.digestCount === 0) throw notFound("digest_not_found", "no digest has been signed yet");
    return c.json(view.digest(view.digestCount));
  });

  app.get("/v1/trail/digests/:digest_id", (c) => {
    const digest = digestById(store.view(c.get("token")), c.req.param("digest_id"));
    if (!digest) throw notFound("digest_not_found", "no such digest");
    return c.json(digest);
  });

  app.get("/v1/trail/public-keys", (c) => c.json({ keys: store.view(c.get("token")).keys }));

  app.get("/v1/trail/public-keys/:kid", (c) => {
    const kid = c.req.param("kid");
    const { keys } = store.view(c.get("token"));
    const key = kid === "current"
      ? keys.findLast((k) => k.status === "active")
      : keys.find((k) => k.kid === kid);
    if (!key) throw notFound("key_not_found", "no such key");
    return c.json(key);
  });

  return app;
}
