/**
 * The mutation corpus of the trail verifier's tests: `count` copies of a test log, each with one
 * change an attacker could make (a field, an event, a deleted, inserted, duplicated or reordered
 * record, a signature, a range, a head, a root, a kid, a swapped key), seeded so that every run
 * makes the same ones, with the places a report must name.
 */
import type { TrailEvidence } from "../../evidence/mod.ts";
import { clone, prng } from "../_helpers.ts";
import type { TestLog } from "./_log.ts";

type Json = Record<string, unknown>;

/** One mutation: the evidence as changed, and where a failure must point. */
export interface Mutation {
  readonly m: number;
  readonly kind: string;
  /** The record (seq) the change is at or near. */
  readonly s: number;
  readonly places: Array<{ seq?: number; digest_id?: unknown }>;
  readonly evidence: TrailEvidence;
}

function flipChar(text: string, rand: () => number): string {
  const i = Math.floor(rand() * text.length);
  const c = text[i];
  const next = c === "0" ? "1" : c === "a" ? "b" : /[0-9]/.test(c) ? "0" : "a";
  return text.slice(0, i) + next + text.slice(i + 1);
}

/** The first `count` mutations of an 800-record log (12 kinds in turn). */
export function mutations(log: TestLog, count: number): Mutation[] {
  const rand = prng(2026);
  const records = log.records as Json[];
  const digests = log.digests as Json[];
  const fields = [
    "created_at",
    "event_id",
    "kind",
    "payload_hash",
    "prev_hash",
    "record_id",
    "request_id",
    "seq",
    "hash",
  ];
  const digestOf = (seq: number) =>
    digests.find((d) => (d.first_seq as number) <= seq && seq <= (d.last_seq as number))!
      .digest_id;
  const out: Mutation[] = [];
  for (let m = 0; m < count; m++) {
    const r = records.slice();
    const d = digests.map((x) => ({ ...x }));
    const k = log.jwks.map((x) => ({ ...x }));
    let events: Map<string, unknown> | undefined;
    let s = 2 + Math.floor(rand() * 796);
    if (r[s - 1].event_id === null) s++; // a decision record (admin records every 50)
    const di = Math.floor(rand() * d.length);
    let places: Array<{ seq?: number; digest_id?: unknown }> = [{ seq: s }, { seq: s + 1 }, {
      digest_id: digestOf(s),
    }];
    const kind = [
      "field",
      "payload",
      "delete",
      "insert",
      "duplicate",
      "reorder",
      "signature",
      "range",
      "head",
      "root",
      "kid",
      "swapped_key",
    ][m % 12];
    switch (kind) {
      case "field": {
        const field = fields[Math.floor(rand() * fields.length)];
        const rec = (r[s - 1] = { ...r[s - 1] });
        rec[field] = field === "seq"
          ? s + 1 + Math.floor(rand() * 5)
          : flipChar(String(rec[field]), rand);
        break;
      }
      case "payload": {
        const event = clone(log.events.get(r[s - 1].event_id as string)!);
        event.verdict = event.verdict === "block" ? "allow" : "block";
        events = new Map([[r[s - 1].event_id as string, event]]);
        break;
      }
      case "delete":
        r.splice(s - 1, 1);
        break;
      case "insert":
        r.splice(s, 0, { ...r[s - 1], record_id: "rec_forged", request_id: "req_forged" });
        break;
      case "duplicate":
        r.splice(s, 0, { ...r[s - 1] });
        break;
      case "reorder":
        [r[s - 1], r[s]] = [r[s], r[s - 1]];
        break;
      case "signature":
        d[di].signature = flipChar(d[di].signature as string, rand);
        places = [{ digest_id: d[di].digest_id }];
        break;
      case "range":
        if (rand() < 0.5) d[di].last_seq = (d[di].last_seq as number) + (rand() < 0.5 ? 1 : -1);
        else d[di].first_seq = (d[di].first_seq as number) + (rand() < 0.5 ? 1 : -1);
        places = [{ digest_id: d[di].digest_id }];
        break;
      case "head":
        d[di].head_hash = flipChar(d[di].head_hash as string, rand);
        places = [{ digest_id: d[di].digest_id }];
        break;
      case "root":
        d[di].root_hash = flipChar(d[di].root_hash as string, rand);
        places = [{ digest_id: d[di].digest_id }];
        break;
      case "kid": {
        d[di].kid = k.find((key) => key.kid !== d[di].kid)!.kid;
        places = [{ digest_id: d[di].digest_id }];
        break;
      }
      case "swapped_key": {
        const ki = 1 + Math.floor(rand() * (k.length - 1));
        k[ki].x = k[(ki + 1) % k.length].x;
        places = d.filter((x) => x.kid === k[ki].kid).map((x) => ({ digest_id: x.digest_id }));
        places.push(...[{ digest_id: undefined }]); // a bad endorsement names the key only
        break;
      }
    }
    const evidence = { records: r, digests: d, keys: k, events } as unknown as TrailEvidence;
    out.push({ m, kind, s, places, evidence });
  }
  return out;
}
