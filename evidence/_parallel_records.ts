/**
 * The records of a verification hashed across worker threads: the main thread writes blocks of
 * records out (`encodeJob`), workers hash them and build each block's Merkle levels, and the main
 * thread runs every check in order on their answers (`addHashedRecords`), a few blocks behind
 * the writing so that writing, hashing and checking overlap. At most `2 * workers` blocks are in
 * flight, so memory stays bounded whatever the number of records.
 *
 * @module
 */
import {
  type BlockPlace,
  encodeJob,
  HashedBlock,
  type HashJob,
  type JobBuffers,
  jobBuffers,
} from "./_hash_jobs.ts";
import { HashPool } from "./_hash_pool.ts";
import { isJson, positive } from "./_trail_check.ts";
import { addHashedRecords, type TrailVerifier } from "./trail_verifier.ts";

/** The largest block: big enough that a message costs nothing beside it, small enough to overlap. */
const MAX_BLOCK = 8192;
/** The smallest: small inputs still make several blocks (and tests reach every path). */
const MIN_BLOCK = 16;

/**
 * Splits `n` records into blocks of a power-of-two `capacity`, aligned on leaf indices (the first
 * block ends where the next multiple of `capacity` begins), so that a block's subtrees are
 * subtrees of the whole log.
 */
export function planBlocks(records: readonly unknown[], workers: number): BlockPlace[] {
  const n = records.length;
  let capacity = MIN_BLOCK;
  while (capacity < MAX_BLOCK && capacity * 8 * workers < n) capacity *= 2;
  const first = records[0];
  const leafStart = (isJson(first) ? positive(first.seq) ?? 1 : 1) - 1;
  const blocks: BlockPlace[] = [];
  let start = 0;
  let length = capacity - (leafStart % capacity);
  while (start < n) {
    length = Math.min(length, n - start);
    blocks.push({ start, length, leafStart: leafStart + start, capacity });
    start += length;
    length = capacity;
  }
  return blocks;
}

/**
 * Feeds `records` to `verifier`, their hashing done by `workers` threads started for the call.
 *
 * @returns false when this runtime has no worker threads (nothing was fed).
 * @throws {KeeptrustsError} `worker_failed` when a worker fails; the abort reason on abort.
 */
export async function addRecordsInParallel(
  verifier: TrailVerifier,
  records: readonly unknown[],
  events: ReadonlyMap<string, unknown> | undefined,
  workers: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const pool = await HashPool.start(workers, signal);
  if (pool === undefined) return false;
  try {
    await addRecordsWith(pool, verifier, records, events, workers, signal);
    return true;
  } finally {
    await pool.close();
  }
}

/** Feeds `records` to `verifier` through a pool of `workers` threads, in order. */
export async function addRecordsWith(
  pool: HashPool,
  verifier: TrailVerifier,
  records: readonly unknown[],
  events: ReadonlyMap<string, unknown> | undefined,
  workers: number,
  signal?: AbortSignal,
): Promise<void> {
  const blocks = planBlocks(records, workers);
  const free: JobBuffers[] = [];
  const inFlight: Promise<HashJob>[] = [];
  let next = 0;
  let previous: JobBuffers | undefined;
  for (let b = 0; b < blocks.length; b++) {
    while (next < blocks.length && next < b + 2 * workers) {
      const buffers = free.pop() ?? jobBuffers(blocks[0].capacity);
      const answer = pool.hash(encodeJob(records, blocks[next], buffers));
      answer.catch(() => {}); // awaited in order below; a failure must not go unhandled
      inFlight.push(answer);
      next++;
    }
    const answer = await inFlight.shift()!;
    signal?.throwIfAborted();
    addHashedRecords(verifier, records, new HashedBlock(blocks[b], answer), events);
    // A block's leaves may be read until the next block is added: its buffers wait one block.
    if (previous !== undefined) free.push(previous);
    previous = answer.buffers;
  }
}
