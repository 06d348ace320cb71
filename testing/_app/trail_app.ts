/**
 * The control plane's trail routes as a Hono sub-app: records, digests (signed tree heads), the
 * latest digest, inclusion and consistency proofs (RFC 9162, O(log n) each), public keys and the
 * server's own verification. Each request reads the history its token is shown.
 *
 * @module
 */
import { Hono } from "hono";
import { digestById, firstSeqAtOrAfter } from "../_state/history_view.ts";
import { parseMicros } from "../_state/clock.ts";
import type { Digest, TrailRecord } from "../_state/records.ts";
import type { Store } from "../_state/store.ts";
import { verifyTrailRange } from "../_state/verify_trail_range.ts";
import { type Env, requireScope } from "./env.ts";
import { decodeCursor, encodeCursor, limitOf, seqOf, timeOf } from "./query.ts";
import { invalidParameter, StandInError } from "./stand_in_error.ts";

const notFound = (code: string, message: string) => new StandInError(404, { code, message });

/** The trail routes. */
export function trailApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  app.use("/v1/trail/*", async (c, next) => {
    requireScope(c, "trail:read");
    await next();
  });

  app.get("/v1/trail/records", (c) => {
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
  });

  app.get("/v1/trail/digests", (c) => {
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
  });

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

  app.get("/v1/trail/proofs/inclusion", (c) => {
    const view = store.view(c.get("token"));
    const seq = seqOf(c, "seq");
    const treeSize = seqOf(c, "tree_size");
    if (seq === undefined || treeSize === undefined) {
      throw invalidParameter("seq and tree_size are required");
    }
    if (treeSize > view.size) {
      throw invalidParameter(`tree_size must be at most ${view.size}`, "tree_size_too_large");
    }
    if (seq > treeSize) throw invalidParameter("seq must be at most tree_size");
    return c.json({
      seq,
      tree_size: treeSize,
      leaf_hash: view.tree.leafHex(seq - 1),
      audit_path: view.tree.inclusionPath(seq - 1, treeSize),
    });
  });

  app.get("/v1/trail/proofs/consistency", (c) => {
    const view = store.view(c.get("token"));
    const first = seqOf(c, "first");
    const second = seqOf(c, "second");
    if (first === undefined || second === undefined) {
      throw invalidParameter("first and second are required");
    }
    if (second > view.size) {
      throw invalidParameter(`second must be at most ${view.size}`, "tree_size_too_large");
    }
    if (first > second) throw invalidParameter("first must be at most second");
    return c.json({
      first,
      second,
      consistency_path: view.tree.consistencyPath(first, second),
    });
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

  app.get("/v1/trail/verify", (c) => {
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
  });
  return app;
}
