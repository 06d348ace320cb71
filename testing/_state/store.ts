/**
 * The stand-in's whole state: tokens, decision events, the trail and its keys, service accounts,
 * idempotency keys and export jobs. Deterministic from a seed and a clock. It knows nothing of
 * HTTP: the routes in `../_app/` read and change it.
 *
 * @module
 */
import { Clock } from "./clock.ts";
import { type HistoryView, honestView } from "./history_view.ts";
import { canonicalHash, sha256Hex } from "./crypto.ts";
import { decide, type Decision, type DecisionInput } from "./decisions.ts";
import { EventLog } from "./event_log.ts";
import { KeyRing } from "./key_ring.ts";
import { Lies, type LieSettings } from "./lies.ts";
import { DEFAULT_POLICIES, type PolicyConfig } from "./policies.ts";
import {
  type DecisionEvent,
  type Digest,
  type ExportJob,
  type Json,
  listRow,
  type PublicKeyJwk,
  type TrailRecord,
} from "./records.ts";
import { ALL_SCOPES, READ_SCOPES, TokenBook } from "./token_book.ts";
import { AdminActions } from "./admin_actions.ts";
import { Trail } from "./trail.ts";
import { SeededHistory } from "./seeded_history.ts";

/** Options of {@linkcode Store}; the public `StandInOptions` resolve to these. */
export interface StoreOptions {
  /** Seed of keys, ids and seeded history. @default 42 */
  seed?: number;
  /** Clock in milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** A digest is signed every this many records. @default 8 */
  digestEvery?: number;
  /** The signing key rotates after this many digests. @default 3 */
  rotateEvery?: number;
  /** Decisions seeded at startup. @default 0 */
  seedEvents?: number;
  /** Admin token (all scopes, also a gateway key). @default "kt_demo_admin_token" */
  adminToken?: string;
  /** Read-only token. @default "kt_demo_read_token" */
  readToken?: string;
  /** The policy chain. */
  policies?: PolicyConfig;
}

/** An export job and what it will serve. */
export interface ExportEntry {
  job: ExportJob;
  readyAt: number;
  artifact: Uint8Array;
  contentType: string;
}

/** The stand-in's state. */
export class Store {
  readonly seed: number;
  readonly clock: Clock;
  readonly tokens: TokenBook;
  readonly eventLog: EventLog = new EventLog();
  readonly keyRing: KeyRing;
  readonly trail: Trail;
  readonly policies: PolicyConfig;
  readonly serviceAccounts: Map<string, Json> = new Map();
  readonly idempotency: Map<string, { fingerprint: string; status: number; body: Json }> =
    new Map();
  readonly exportJobs: Map<string, ExportEntry> = new Map();
  readonly adminToken: string;
  readonly readToken: string;
  readonly startedAt: number;
  requestsProcessed = 0;
  readonly lies: Lies;
  readonly admin: AdminActions;
  #counter = 0;
  #seededFrom = Infinity;

  constructor(options: StoreOptions = {}) {
    this.seed = options.seed ?? 42;
    this.clock = new Clock(options.now ?? Date.now);
    this.policies = options.policies ?? DEFAULT_POLICIES;
    this.adminToken = options.adminToken ?? "kt_demo_admin_token";
    this.readToken = options.readToken ?? "kt_demo_read_token";
    this.startedAt = this.clock.nowMs();
    this.tokens = new TokenBook(this.clock, (prefix) => this.nextId(prefix));
    this.tokens.add(this.adminToken, {
      name: "demo-admin",
      scopes: ALL_SCOPES,
      purpose: "general",
      user: "demo-admin",
    });
    this.tokens.add(this.readToken, {
      name: "demo-read",
      scopes: READ_SCOPES,
      purpose: "integration",
      user: "demo-reader",
    });
    const startMicros = this.clock.nextMicros();
    const every = options.digestEvery ?? 8;
    this.keyRing = new KeyRing(
      this.seed,
      options.rotateEvery ?? 3,
      () => Math.min(startMicros, this.#seededFrom),
      () => this.trail,
    );
    this.trail = new Trail({
      digestEvery: every,
      signer: this.keyRing,
      stamp: () => this.clock.nextMicros(),
    });
    this.admin = new AdminActions({
      tokens: this.tokens,
      trail: this.trail,
      clock: this.clock,
      serviceAccounts: this.serviceAccounts,
      nextId: (prefix) => this.nextId(prefix),
      nextSecret: () => this.nextSecret(),
    });
    this.lies = new Lies({
      view: honestView(this.trail, this.keyRing, this.eventLog, every),
      keyRing: this.keyRing,
      stamps: this.trail,
      digestEvery: every,
      seed: this.seed,
    });
    if (options.seedEvents) this.seedHistory(options.seedEvents);
  }

  /**
   * Puts lies in force.
   *
   * @throws {RangeError} When a lie names a record that is not a decision record of the trail.
   */
  setLies(settings: LieSettings): void {
    this.lies.set(settings);
  }

  /** When true, `/v1/trail/verify` claims `intact` whatever it finds (a lying server). */
  get claimIntact(): boolean {
    return this.lies.settings.claimIntact;
  }

  set claimIntact(value: boolean) {
    this.lies.set({ ...this.lies.settings, claimIntact: value });
  }

  /** The history a token is shown (the honest one unless a lie says otherwise). */
  view(token?: string): HistoryView {
    return this.lies.view(token);
  }

  /** A new id with a prefix, deterministic in sequence. */
  nextId(prefix: string): string {
    this.#counter++;
    return `${prefix}_${sha256Hex(`${this.seed}:${prefix}:${this.#counter}`).slice(0, 20)}`;
  }

  /** A new token secret, deterministic in sequence (a fixture of the stand-in, not a secret). */
  nextSecret(): string {
    this.#counter++;
    return `kt_live_${sha256Hex(`${this.seed}:secret:${this.#counter}`).slice(0, 32)}`;
  }

  /** Runs the policy chain and the local model over one request and records the decision. */
  decide(input: DecisionInput): Decision {
    this.requestsProcessed++;
    const made = decide(input, {
      policies: this.policies,
      seed: this.seed,
      createdAt: this.clock.timestamp(),
      newId: (prefix) => this.nextId(prefix),
    });
    this.eventLog.add(made.event);
    this.trail.append({
      created_at: made.event.created_at,
      kind: "decision",
      request_id: made.event.request_id,
      event_id: made.event.event_id,
      payload_hash: canonicalHash(made.event),
    });
    return made;
  }

  /**
   * Seeds `count` historical decisions, 1 s apart, ending just before the stand-in started:
   * derived from the seed and their index, with only their hashes kept (64 bytes a decision,
   * tree levels included).
   *
   * @throws {RangeError} Once the trail has a record.
   */
  seedHistory(count: number): void {
    const history = new SeededHistory(this.seed, count, this.startedAt * 1000, this.policies);
    this.eventLog.seed(history);
    this.trail.seed(history);
    this.#seededFrom = count > 0 ? history.micros(0) : Infinity;
  }

  /** Every decision event, oldest first (materialised: tests and small stand-ins only). */
  get events(): DecisionEvent[] {
    return this.eventLog.all;
  }

  /** Every trail record, oldest first (materialised: tests and small stand-ins only). */
  get records(): TrailRecord[] {
    return Array.from({ length: this.trail.size }, (_, i) => this.trail.record(i + 1));
  }

  /** Every digest, oldest first (materialised: tests and small stand-ins only). */
  get digests(): readonly Digest[] {
    return Array.from({ length: this.trail.digestCount }, (_, i) => this.trail.digest(i + 1));
  }

  /** Every signing key ever used. */
  get keys(): readonly PublicKeyJwk[] {
    return this.keyRing.jwks;
  }

  /** The event as a list row (no citations, no redactions). */
  static listRow(event: DecisionEvent): Json {
    return listRow(event);
  }
}
