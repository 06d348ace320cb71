/**
 * The trail's proof routes as a Hono sub-app: RFC 9162 inclusion proofs
 * (`GET /v1/trail/proofs/inclusion?seq&tree_size`) and consistency proofs
 * (`GET /v1/trail/proofs/consistency?first&second`), each O(log n) from the stored tree levels and
 * written straight to JSON bytes. Mounted after the trail app, whose middleware checks the scope.
 *
 * @module
 */
import { type Context, Hono } from "hono";
import type { HistoryView } from "../_state/history_view.ts";
import { hexOfWords } from "../_state/merkle_hash.ts";
import type { Store } from "../_state/store.ts";
import { type Env, requireScope } from "./env.ts";
import { proofJson } from "./proof_json.ts";
import { seqOf } from "./query.ts";
import { invalidParameter } from "./stand_in_error.ts";

/** Two required sizes, `small <= large <= view.size`. */
function sizes(c: Context<Env>, view: HistoryView, small: string, large: string): [number, number] {
  const [a, b] = [seqOf(c, small), seqOf(c, large)];
  if (a === undefined || b === undefined) {
    throw invalidParameter(`${small} and ${large} are required`);
  }
  if (b > view.size) {
    throw invalidParameter(`${large} must be at most ${view.size}`, "tree_size_too_large");
  }
  if (a > b) throw invalidParameter(`${small} must be at most ${large}`);
  return [a, b];
}

const json = (c: Context, bytes: Uint8Array) =>
  c.body(bytes as Uint8Array<ArrayBuffer>, 200, { "content-type": "application/json" });

/** The proof routes. */
export function proofsApp(store: Store): Hono<Env> {
  const app = new Hono<Env>();
  app.get("/v1/trail/proofs/inclusion", (c) => {
    requireScope(c, "trail:read");
    const view = store.view(c.get("token"));
    const [seq, treeSize] = sizes(c, view, "seq", "tree_size");
    const fields = {
      seq,
      tree_size: treeSize,
      leaf_hash: hexOfWords(view.tree.leafWords(seq - 1)),
    };
    return json(c, proofJson(fields, "audit_path", view.tree.inclusionWords(seq - 1, treeSize)));
  });
  app.get("/v1/trail/proofs/consistency", (c) => {
    requireScope(c, "trail:read");
    const view = store.view(c.get("token"));
    const [first, second] = sizes(c, view, "first", "second");
    const path = view.tree.consistencyWords(first, second);
    return json(c, proofJson({ first, second }, "consistency_path", path));
  });
  return app;
}
