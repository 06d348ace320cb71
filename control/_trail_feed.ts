/**
 * Streams a range of the trail into a `TrailVerifier`: digests pulled page by page just ahead of
 * the records that reach them, records in batches, and (deep verification) each batch's decision
 * events fetched with `GET /v1/events/{id}`, a few at a time. Memory: one page of each.
 *
 * @module
 */
import type { TrailVerifier } from "../evidence/mod.ts";
import type { Digest, TrailRecord } from "../evidence/types.ts";
import { KeeptrustsNotFoundError } from "../errors.ts";
import { paginate } from "./_paginate.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { getEvent } from "./get_event.ts";
import { rawOf } from "./raw_of.ts";
import { listDigests } from "./list_digests.ts";
import { iterateTrailRecords } from "./list_trail_records.ts";

const BATCH = 1000;
const EVENT_CONCURRENCY = 8;

/** Every digest of a time range, page by page (ascending). */
export function iterateDigests(
  client: ControlPlaneClient,
  range: { startTime?: string; endTime?: string },
  call: CallOptions,
): AsyncIterableIterator<Digest> {
  return paginate<Digest>(undefined, async (cursor) => {
    const page = await listDigests(client, { ...call, ...range, cursor, limit: 1000 });
    return { items: page.digests, next: page.next_cursor };
  }, { operation: "listDigests", key: "digests" });
}

/** Digests in ascending order, fed to the verifier just ahead of the records. */
export class DigestFeed {
  readonly #source: AsyncIterator<Digest> | Iterator<Digest>;
  #ahead: Digest | undefined;
  #done = false;
  /** Largest tree size fed so far. */
  fed = 0;

  /** @param source The digests, ascending: an array, or pages as they are fetched. */
  constructor(source: AsyncIterable<Digest> | Iterable<Digest>) {
    this.#source = Symbol.asyncIterator in source
      ? source[Symbol.asyncIterator]()
      : source[Symbol.iterator]();
  }

  /** Pulls the next digest without feeding it. */
  async peek(): Promise<Digest | undefined> {
    if (this.#ahead === undefined && !this.#done) {
      const next = await this.#source.next();
      if (next.done) this.#done = true;
      else this.#ahead = next.value;
    }
    return this.#ahead;
  }

  /** Feeds digests until one reaches `seq` (or none are left). */
  async feedTo(verifier: TrailVerifier, seq: number): Promise<void> {
    while (this.fed < seq) {
      const d = await this.peek();
      if (d === undefined) return;
      this.#ahead = undefined;
      verifier.addDigests([d]);
      if (typeof d.tree_size === "number") this.fed = Math.max(this.fed, d.tree_size);
    }
  }
}

/** Decision events not served: a count and the first id (bounded, however many). */
export interface Missing {
  count: number;
  first: string | undefined;
}

/** The decision events of a batch, fetched a few at a time; missing ones go to `missing`. */
async function eventsOf(
  client: ControlPlaneClient,
  batch: readonly TrailRecord[],
  call: CallOptions,
  missing: Missing,
): Promise<Map<string, unknown>> {
  const ids = batch.map((r) => r.event_id).filter((id): id is string => typeof id === "string");
  const events = new Map<string, unknown>();
  for (let i = 0; i < ids.length; i += EVENT_CONCURRENCY) {
    await Promise.all(
      ids.slice(i, i + EVENT_CONCURRENCY).map(async (id) => {
        try {
          events.set(id, rawOf(await getEvent(client, id, call))); // as served: what is hashed
        } catch (err) {
          if (!(err instanceof KeeptrustsNotFoundError)) throw err;
          missing.first ??= id;
          missing.count++;
        }
      }),
    );
  }
  return events;
}

/** What to stream. */
export interface RangeFeed {
  /** The first record: by seq, or by time. */
  readonly from: { fromSeq?: number; startTime?: string };
  /** Records created at or after this time end the stream, once past the last digest's head. */
  readonly endTime?: string;
  readonly digests: DigestFeed;
  /** Fetch and check the event of each decision record created in `[startTime, endTime)`. */
  readonly events: boolean;
  /** Start of the window whose events are checked (all when omitted). */
  readonly startTime?: string;
}

/**
 * Streams records (and the digests they reach) into the verifier.
 *
 * @returns How many decision events the server did not serve, and the first of them.
 */
export async function streamRange(
  client: ControlPlaneClient,
  verifier: TrailVerifier,
  feed: RangeFeed,
  call: CallOptions,
): Promise<Missing> {
  const missing: Missing = { count: 0, first: undefined };
  const end = feed.endTime === undefined ? Infinity : Date.parse(feed.endTime);
  const start = feed.startTime === undefined ? -Infinity : Date.parse(feed.startTime);
  const inWindow = (r: TrailRecord) => {
    const t = Date.parse(r.created_at);
    return !(t < start || t >= end);
  };
  let batch: TrailRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await feed.digests.feedTo(verifier, batch[batch.length - 1].seq);
    const events = feed.events
      ? await eventsOf(client, batch.filter(inWindow), call, missing)
      : undefined;
    verifier.addRecords(batch, events);
    batch = [];
  };
  for await (const r of iterateTrailRecords(client, { ...call, ...feed.from, limit: BATCH })) {
    if (Date.parse(r.created_at) >= end) {
      // Past the window: go on only to the head of the last digest that overlaps it.
      await feed.digests.feedTo(verifier, Infinity);
      if (r.seq > feed.digests.fed) break;
    }
    batch.push(r);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await feed.digests.feedTo(verifier, Infinity);
  return missing;
}
