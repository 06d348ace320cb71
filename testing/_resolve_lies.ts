/**
 * Checks of the lying modes (`StandInLies`): shapes and types here; whether `seq` names a decision
 * record of the current trail is checked when the lies are put in force.
 *
 * @module
 */
import { type LieSettings, NO_LIES } from "./_state/lies.ts";
import { bool, checkKeys, fail, integer, record, requiredInteger } from "./_checks.ts";

const LIE_KEYS = [
  "rewriteRecord",
  "resignWithNewKey",
  "loneSurrogate",
  "splitView",
  "endorsements",
  "withholdDigestsAfter",
  "eventMismatch",
  "tamperRecord",
  "claimIntact",
];
const RECORD_FIELDS = [
  "seq",
  "record_id",
  "created_at",
  "kind",
  "request_id",
  "event_id",
  "payload_hash",
  "prev_hash",
  "hash",
];
const MAX_SEQ = 1e12;

function seqOrNull(action: string, name: string, value: unknown): number | null {
  return value === undefined ? null : integer(action, name, value, 1, MAX_SEQ, 1);
}

function surrogate(action: string, value: unknown): LieSettings["loneSurrogate"] {
  if (value === undefined) return null;
  const v = record(action, "lies.loneSurrogate", value);
  checkKeys(action, "lies.loneSurrogate.", v, ["seq", "in"]);
  if (v.in !== undefined && v.in !== "event" && v.in !== "record") {
    fail(action, 'lies.loneSurrogate.in must be "event" or "record"');
  }
  return {
    seq: requiredInteger(action, "lies.loneSurrogate.seq", v.seq, 1, MAX_SEQ),
    in: (v.in as "event" | "record") ?? "event",
  };
}

function splitView(action: string, value: unknown): LieSettings["splitView"] {
  if (value === undefined) return null;
  const v = record(action, "lies.splitView", value);
  checkKeys(action, "lies.splitView.", v, ["token", "seq"]);
  if (typeof v.token !== "string" || v.token === "") {
    fail(action, "lies.splitView.token must be a token");
  }
  return { token: v.token, seq: requiredInteger(action, "lies.splitView.seq", v.seq, 1, MAX_SEQ) };
}

function tamper(action: string, value: unknown): LieSettings["tamperRecord"] {
  if (value === undefined) return null;
  const v = record(action, "lies.tamperRecord", value);
  checkKeys(action, "lies.tamperRecord.", v, ["seq", "field", "value"]);
  if (typeof v.field !== "string" || !RECORD_FIELDS.includes(v.field)) {
    fail(action, `lies.tamperRecord.field must be one of ${RECORD_FIELDS.join(", ")}`);
  }
  return {
    seq: requiredInteger(action, "lies.tamperRecord.seq", v.seq, 1, MAX_SEQ),
    field: v.field,
    value: v.value,
  };
}

/** Checks lying modes and applies the defaults. */
export function resolveLies(action: string, value: unknown): LieSettings {
  const l = record(action, "lies", value);
  checkKeys(action, "lies.", l, LIE_KEYS);
  if (
    l.endorsements !== undefined &&
    !["valid", "missing", "invalid"].includes(l.endorsements as string)
  ) {
    fail(action, 'lies.endorsements must be "valid", "missing" or "invalid"');
  }
  const settings: LieSettings = {
    rewriteRecord: seqOrNull(action, "lies.rewriteRecord", l.rewriteRecord),
    resignWithNewKey: seqOrNull(action, "lies.resignWithNewKey", l.resignWithNewKey),
    loneSurrogate: surrogate(action, l.loneSurrogate),
    splitView: splitView(action, l.splitView),
    endorsements: (l.endorsements as LieSettings["endorsements"]) ?? "valid",
    withholdDigestsAfter: l.withholdDigestsAfter === undefined
      ? null
      : integer(action, "lies.withholdDigestsAfter", l.withholdDigestsAfter, 0, MAX_SEQ, 0),
    eventMismatch: seqOrNull(action, "lies.eventMismatch", l.eventMismatch),
    tamperRecord: tamper(action, l.tamperRecord),
    claimIntact: bool(action, "lies.claimIntact", l.claimIntact, false),
  };
  const forging = [
    settings.rewriteRecord,
    settings.resignWithNewKey,
    settings.loneSurrogate,
    settings.splitView,
  ]
    .filter((x) => x !== null);
  if (forging.length > 1) {
    fail(
      action,
      "at most one of lies.rewriteRecord, resignWithNewKey, loneSurrogate and splitView at a time",
    );
  }
  return Object.keys(l).length === 0 ? NO_LIES : settings;
}
