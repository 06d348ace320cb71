/**
 * Helpers of the parallel verifier's tests: hostile variants of a trail's records (every way a
 * record can leave the fast path, or look as if it had not).
 */
import canonicalize from "canonicalize";
import { createHash } from "node:crypto";

type Json = Record<string, unknown>;

const ODD = ['"', "\\", "\n", "\u0001", "\u007f", "é", "€", "😀", "\ud800", "\u2028", " "];

/** A record changed so that its hash matches again (it may leave the fast path). */
function reseal(record: Json): Json {
  const { hash: _, ...body } = record;
  try {
    return { ...body, hash: createHash("sha256").update(canonicalize(body)!).digest("hex") };
  } catch {
    return record; // a lone surrogate has no RFC 8785 form
  }
}

/** One hostile change, chosen by `rand`. */
function hostile(record: Json, rand: () => number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const field = pick(["created_at", "event_id", "kind", "record_id", "request_id", "payload_hash"]);
  const odd = pick(ODD);
  switch (Math.floor(rand() * 12)) {
    case 0:
      return { ...record, [field]: `${record[field]}${odd}` };
    case 1:
      return reseal({ ...record, [field]: `${record[field]}${odd}` });
    case 2:
      return { ...record, hash: String(record.hash).toUpperCase() };
    case 3:
      return { ...record, hash: pick([String(record.hash).slice(1), 42, null, "é".repeat(64)]) };
    case 4: {
      const { hash: _, ...rest } = record;
      return rest;
    }
    case 5:
      return { ...record, seq: pick([-3, 0, 1.5, "7", 2 ** 53]) };
    case 6:
      return pick([null, [], "record", 7]);
    case 7:
      return reseal({ ...record, extra: odd });
    case 8:
      return reseal({ ...record, request_id: "x".repeat(20_000) });
    case 9:
      return reseal({ ...record, [field]: "\u007f" });
    case 10: {
      const { kind: _, ...rest } = record;
      return reseal(rest);
    }
    default:
      return { ...record, prev_hash: "0".repeat(64) };
  }
}

/** A copy of `records` with about one in twenty changed in a hostile way. */
export function hostileRecords(records: readonly Json[], rand: () => number): unknown[] {
  return records.map((r) => rand() < 0.05 ? hostile(r, rand) : r);
}
