/**
 * The main thread's side of a hashing job: a block of records written out for a worker
 * (`_hash_worker_source.ts` describes the layout) and the worker's answer read back as a
 * {@linkcode HashedBlock}. Only `ArrayBuffer`s cross between threads, transferred (never copied),
 * and they come back with the answer to be written again: a verification allocates them once.
 *
 * @module
 */
import { KeeptrustsError } from "../errors.ts";
import { unescapedRecordText } from "./_canonical.ts";
import { isJson } from "./_trail_check.ts";

/** The buffers of one job, sized for a block of `capacity` records. */
export interface JobBuffers {
  /** Per record: its `hash` (64 bytes, when flag 2) then its text without `hash` (flag 1). */
  text: ArrayBuffer;
  /** Int32 offsets of each record's bytes in `text` (`capacity + 1`). */
  readonly offsets: ArrayBuffer;
  /** Per record: 1 = text written, 2 = hash written. */
  readonly flags: ArrayBuffer;
  /** The answer per record (see the worker). */
  readonly status: ArrayBuffer;
  /** The answer's Merkle levels, 32 bytes per node. */
  readonly tree: ArrayBuffer;
}

/** A job as sent to a worker, and as it comes back (the same buffers, filled in). */
export interface HashJob {
  /** Set by the pool: which answer is which. */
  readonly id: number;
  readonly length: number;
  readonly buffers: JobBuffers;
}

/** A block of the records array: `length` records from `start`, the first at leaf `leafStart`. */
export interface BlockPlace {
  readonly start: number;
  readonly length: number;
  /** The leaf index (seq - 1) of the first record, if the sequence has no gap. */
  readonly leafStart: number;
  /** The size of every block but the first and the last: a power of two. */
  readonly capacity: number;
}

// Longer records are rare and stay on the main thread, so a block's text stays bounded.
const MAX_TEXT = 16_384;
const encoder = new TextEncoder();

/** Fresh buffers for blocks of `capacity` records. */
export function jobBuffers(capacity: number): JobBuffers {
  let nodes = 0;
  for (let w = capacity; w >= 1; w = Math.floor(w / 2)) nodes += w;
  return {
    text: new ArrayBuffer(capacity * 448),
    offsets: new ArrayBuffer(4 * (capacity + 1)),
    flags: new ArrayBuffer(capacity),
    status: new ArrayBuffer(capacity),
    tree: new ArrayBuffer(32 * nodes),
  };
}

/** The buffers a job transfers. */
export function transferList(b: JobBuffers): ArrayBuffer[] {
  return [b.text, b.offsets, b.flags, b.status, b.tree];
}

/** Writes records `place.start .. + place.length` into `buffers` for a worker. */
export function encodeJob(
  records: readonly unknown[],
  place: BlockPlace,
  buffers: JobBuffers,
): HashJob {
  let text = new Uint8Array(buffers.text);
  const offsets = new Int32Array(buffers.offsets);
  const flags = new Uint8Array(buffers.flags);
  let at = 0;
  for (let i = 0; i < place.length; i++) {
    const r = records[place.start + i];
    offsets[i] = at;
    flags[i] = 0;
    if (!isJson(r)) continue;
    const hash = r.hash;
    const hashed = typeof hash === "string" && hash.length === 64;
    const body = unescapedRecordText(r, false);
    const fits = body !== undefined && body.length <= MAX_TEXT;
    const whole = hashed ? (fits ? hash + body : hash) : fits ? body : "";
    if (text.length - at < whole.length) {
      const grown = new Uint8Array(Math.max(2 * text.length, at + whole.length));
      grown.set(text.subarray(0, at));
      text = grown;
      buffers.text = grown.buffer;
    }
    const { read, written } = encoder.encodeInto(whole, text.subarray(at));
    // Only ASCII goes to a worker (one byte per character: nothing to mistake for a surrogate).
    if (read === whole.length && written === read) {
      at += written;
      flags[i] = (hashed ? 2 : 0) | (fits ? 1 : 0);
    } else if (hashed && writeAscii(hash, text, at)) {
      at += 64;
      flags[i] = 2;
    }
  }
  offsets[place.length] = at;
  return { id: 0, length: place.length, buffers };
}

/** Writes a 64-character string at `at`; false when it is not ASCII. */
function writeAscii(hash: string, text: Uint8Array, at: number): boolean {
  const { read, written } = encoder.encodeInto(hash, text.subarray(at, at + 64));
  return read === 64 && written === 64;
}

/** A worker's answer for a block, read by the record pass. */
export class HashedBlock {
  readonly place: BlockPlace;
  readonly #status: Uint8Array;
  readonly #tree: Uint8Array;
  readonly #levels: number[] = [];

  /**
   * @param place Where the block is.
   * @param answer The worker's answer for it.
   * @throws {KeeptrustsError} `worker_failed` when the answer does not fit the block.
   */
  constructor(place: BlockPlace, answer: HashJob) {
    this.place = place;
    this.#status = new Uint8Array(answer.buffers.status);
    this.#tree = new Uint8Array(answer.buffers.tree);
    for (let w = place.length, at = 0; w >= 1; at += 32 * w, w = Math.floor(w / 2)) {
      this.#levels.push(at);
    }
    if (answer.length !== place.length || this.#tree.length < this.#levels.at(-1)! + 32) {
      throw new KeeptrustsError(
        "Cannot verify trail evidence across threads: a hashing worker answered for another block",
        { code: "worker_failed" },
      );
    }
  }

  /** Whether record `i`'s hash is its canonical text's SHA-256; `undefined`: check it here. */
  verdict(i: number): boolean | undefined {
    const s = this.#status[i];
    return (s & 1) === 0 ? undefined : (s & 2) !== 0;
  }

  /** Whether record `i`'s `hash` is a valid leaf (64 lowercase hex characters). */
  leafOk(i: number): boolean {
    return (this.#status[i] & 4) !== 0;
  }

  /** Node `j` of level `k` (level 0: leaf hashes): the root of records `j * 2^k ..`. */
  node(k: number, j: number): Uint8Array {
    const at = this.#levels[k] + 32 * j;
    return this.#tree.slice(at, at + 32);
  }

  /** Whether record `i`, appended to a tree of `size` leaves, starts an aligned run. */
  alignedAt(i: number, size: number): boolean {
    const { leafStart, capacity } = this.place;
    return size === leafStart + i && leafStart % capacity === 0;
  }
}
