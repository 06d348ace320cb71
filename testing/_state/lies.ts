/**
 * The lying modes: switches that make the stand-in serve a history that a careful verifier must
 * reject (DESIGN section 5's attacks). Content lies forge a history (see `forged_history.ts`), to
 * every token or, in split view, to one; presentation lies change what is shown of a history
 * (endorsements, withheld digests, an event that does not match its record, a record edited in
 * place, a verify route that claims intact).
 *
 * @module
 */
import { endorsementBytes, type KeyRing } from "./key_ring.ts";
import { forgeHistory, type Forgery, type HonestSource, rewrittenEvent } from "./forged_history.ts";
import type { HistoryView } from "./history_view.ts";
import type { Json, PublicKeyJwk } from "./records.ts";

/** The lies in force (the public `StandInLies`, checked). */
export interface LieSettings {
  rewriteRecord: number | null;
  resignWithNewKey: number | null;
  loneSurrogate: { seq: number; in: "event" | "record" } | null;
  splitView: { token: string; seq: number } | null;
  endorsements: "valid" | "missing" | "invalid";
  withholdDigestsAfter: number | null;
  eventMismatch: number | null;
  tamperRecord: { seq: number; field: string; value: Json } | null;
  claimIntact: boolean;
}

/** No lies: the honest stand-in. */
export const NO_LIES: LieSettings = {
  rewriteRecord: null,
  resignWithNewKey: null,
  loneSurrogate: null,
  splitView: null,
  endorsements: "valid",
  withholdDigestsAfter: null,
  eventMismatch: null,
  tamperRecord: null,
  claimIntact: false,
};

function forgeryOf(s: LieSettings, token: string | undefined): Forgery | null {
  if (s.rewriteRecord !== null) {
    return { seq: s.rewriteRecord, change: "rewrite", signing: "same-keys" };
  }
  if (s.resignWithNewKey !== null) {
    return { seq: s.resignWithNewKey, change: "rewrite", signing: "new-key" };
  }
  if (s.loneSurrogate !== null) {
    const change = s.loneSurrogate.in === "event"
      ? "lone-surrogate-event"
      : "lone-surrogate-record";
    return { seq: s.loneSurrogate.seq, change, signing: "same-keys" };
  }
  if (s.splitView !== null && token === s.splitView.token) {
    return { seq: s.splitView.seq, change: "rewrite", signing: "same-keys" };
  }
  return null;
}

/** Keys as a lying server shows them: rotated keys without endorsement, or self-endorsed. */
function presentKeys(
  keys: readonly PublicKeyJwk[],
  mode: LieSettings["endorsements"],
  ring: KeyRing,
) {
  if (mode === "valid") return keys;
  return keys.map((key) => {
    if (!key.endorsement) return key;
    const { endorsement, ...rest } = key;
    if (mode === "missing") return rest;
    return {
      ...rest,
      endorsement: { kid: endorsement.kid, signature: ring.sign(key.kid, endorsementBytes(key)) },
    };
  });
}

/** Chooses and builds the history each request is shown. */
export class Lies {
  #settings: LieSettings = NO_LIES;
  #forged: { key: string; view: HistoryView } | undefined;
  readonly #source: HonestSource;

  constructor(source: HonestSource) {
    this.#source = source;
  }

  /** True while any lie is in force. */
  get active(): boolean {
    return this.#settings !== NO_LIES;
  }

  /** The lies in force. */
  get settings(): LieSettings {
    return this.#settings;
  }

  /**
   * Replaces the lies in force.
   *
   * @throws {RangeError} When a lie names a record that is not a decision record of the trail.
   */
  set(settings: LieSettings): void {
    if (Object.values(settings).every((v, k) => v === Object.values(NO_LIES)[k])) {
      settings = NO_LIES;
    }
    const honest = this.#source.view;
    const decisions = [
      settings.rewriteRecord,
      settings.resignWithNewKey,
      settings.loneSurrogate?.seq,
      settings.splitView?.seq,
      settings.eventMismatch,
    ];
    for (const seq of decisions) {
      if (seq === null || seq === undefined) continue;
      if (seq > honest.size || honest.record(seq).kind !== "decision") {
        throw new RangeError(
          `Cannot set stand-in lies: record ${seq} is not a decision record (the trail has ${honest.size} records)`,
        );
      }
    }
    const tampered = settings.tamperRecord?.seq;
    if (tampered !== undefined && tampered > honest.size) {
      throw new RangeError(`Cannot set stand-in lies: the trail has no record ${tampered}`);
    }
    this.#settings = settings;
    this.#forged = undefined;
  }

  /** The history shown to a request made with `token`. */
  view(token: string | undefined): HistoryView {
    const s = this.#settings;
    const forgery = forgeryOf(s, token);
    let base = this.#source.view;
    if (forgery) {
      const key = `${JSON.stringify(forgery)}@${base.size}`;
      if (this.#forged?.key !== key) {
        this.#forged = { key, view: forgeHistory(this.#source, forgery) };
      }
      base = this.#forged.view;
    }
    if (s === NO_LIES) return base;
    return this.#present(base, s);
  }

  #present(base: HistoryView, s: LieSettings): HistoryView {
    const ring = this.#source.keyRing;
    const every = this.#source.digestEvery;
    const mismatched = s.eventMismatch === null ? null : base.record(s.eventMismatch)?.event_id;
    return {
      get size() {
        return base.size;
      },
      digestEvery: every,
      record(seq) {
        const r = base.record(seq);
        return s.tamperRecord?.seq === seq
          ? { ...r, [s.tamperRecord.field]: s.tamperRecord.value }
          : r;
      },
      get digestCount() {
        const cut = s.withholdDigestsAfter;
        return cut === null
          ? base.digestCount
          : Math.min(base.digestCount, Math.floor(cut / every));
      },
      digest: (n) => base.digest(n),
      get keys() {
        return presentKeys(base.keys, s.endorsements, ring);
      },
      tree: base.tree,
      event(id) {
        const event = base.event(id);
        return event && id === mismatched ? rewrittenEvent(event) : event;
      },
      canonical: base.canonical,
    };
  }
}
