/**
 * Forged histories for the lying modes: the honest entries replayed into a new trail with one
 * record changed (or a lone surrogate written into it), every later hash, Merkle node and digest
 * recomputed, and each digest re-signed, either under the same kids (the server holds the keys) or
 * by a new key the server serves as "retired". Built in O(n); rebuilt when the honest trail grows.
 *
 * @module
 */
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";
import { formatMicros, parseMicros } from "./clock.ts";
import { derivedKey, type DigestStamps } from "./key_ring.ts";
import { signBase64Url } from "./crypto.ts";
import type { HistoryView } from "./history_view.ts";
import { lenientCanonical } from "./lenient_canonical.ts";
import type { DecisionEvent, PublicKeyJwk } from "./records.ts";
import { Trail } from "./trail.ts";
import type { KeyRing } from "./key_ring.ts";

/** How the forger changes record `seq` and signs the result. */
export interface Forgery {
  seq: number;
  /** `rewrite`: the decision becomes "allow" at $123.45; `lone-surrogate-*`: U+D800 written in. */
  change: "rewrite" | "lone-surrogate-event" | "lone-surrogate-record";
  /** `same-keys`: re-signed under the honest kids; `new-key`: by a new key served as retired. */
  signing: "same-keys" | "new-key";
}

/** The honest material a forgery starts from. */
export interface HonestSource {
  view: HistoryView;
  keyRing: KeyRing;
  /** The honest digests' timestamps (the forgery keeps them). */
  stamps: DigestStamps;
  digestEvery: number;
  seed: number;
}

/** The event as the forger rewrites it. */
export function rewrittenEvent(event: DecisionEvent): DecisionEvent {
  return {
    ...event,
    verdict: "allow",
    policy_outcome: "allowed",
    reason_code: "all_policies_passed",
    cost_usd: 123.45,
    event_cost_attribution: { ...event.event_cost_attribution, total_cost_usd: 123.45 },
  };
}

function changedEvent(event: DecisionEvent, change: Forgery["change"]): DecisionEvent {
  if (change === "rewrite") return rewrittenEvent(event);
  if (change === "lone-surrogate-event") {
    return { ...event, agent_id: `${event.agent_id ?? "agent"}\ud800` };
  }
  return { ...event, request_id: `${event.request_id}\ud800` };
}

function sha256Text(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Builds the forged history. */
export function forgeHistory(source: HonestSource, forgery: Forgery): HistoryView {
  const honest = source.view;
  const target = honest.record(forgery.seq);
  const original = target.event_id === null ? undefined : honest.event(target.event_id);
  if (target.kind !== "decision" || !original) {
    throw new RangeError(`record ${forgery.seq} is not a decision record`);
  }
  const forgedEvent = changedEvent(original, forgery.change);
  const lenient = forgery.change !== "rewrite";
  const canonical = lenient ? lenientCanonical : (v: unknown) => canonicalize(v)!;
  const firstTime = honest.size > 0 ? honest.record(1).created_at : target.created_at;
  const forgedKey = derivedKey(`keeptrusts-demo:${source.seed}:forged`, "key_0000", firstTime);
  const trail = new Trail({
    digestEvery: source.digestEvery,
    canonical,
    stamp: (n) => source.stamps.stampMicros(n),
    signer: forgery.signing === "same-keys"
      ? {
        kidFor: (n) => source.keyRing.kidFor(n),
        sign: (kid, bytes) => source.keyRing.sign(kid, bytes),
      }
      : { kidFor: () => "key_0000", sign: (_kid, bytes) => signBase64Url(forgedKey.key, bytes) },
  });
  for (let seq = 1; seq <= honest.size; seq++) {
    const r = seq === forgery.seq
      ? {
        ...target,
        request_id: forgedEvent.request_id,
        payload_hash: sha256Text(canonical(forgedEvent)),
      }
      : honest.record(seq);
    const { created_at, kind, request_id, event_id, payload_hash } = r;
    trail.append({ created_at, kind, request_id, event_id, payload_hash });
  }
  const lastStamp = trail.digestCount > 0
    ? trail.stampMicros(trail.digestCount)
    : parseMicros(firstTime);
  const forgedJwk: PublicKeyJwk = {
    ...forgedKey.jwk,
    status: "retired",
    not_after: formatMicros(lastStamp + 1),
  };
  const keys = forgery.signing === "same-keys"
    ? () => honest.keys
    : () => [forgedJwk, ...honest.keys];
  return {
    size: trail.size,
    digestEvery: source.digestEvery,
    record: (seq) => trail.record(seq),
    digestCount: trail.digestCount,
    digest: (n) => trail.digest(n),
    get keys() {
      return keys();
    },
    tree: trail.tree,
    event: (id) => id === original.event_id ? forgedEvent : honest.event(id),
    canonical,
  };
}
