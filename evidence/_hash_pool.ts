/**
 * Hashing workers for one verification: started from source text (`node:worker_threads`, loaded
 * lazily so that the evidence lane still loads where threads do not exist), fed blocks of records,
 * and terminated when the verification ends, fails or is aborted. A worker that fails, exits or
 * sends something unreadable fails every job with a `KeeptrustsError` (`code: "worker_failed"`);
 * nothing waits on a worker that is gone.
 *
 * @module
 */
import { KeeptrustsError } from "../errors.ts";
import { HASH_WORKER_SOURCE } from "./_hash_worker_source.ts";
import { type HashJob, transferList } from "./_hash_jobs.ts";

type WorkerLike = import("node:worker_threads").Worker;

interface Slot {
  readonly worker: WorkerLike;
  readonly ready: Promise<void>;
  /** Settles on the worker's `exit` event. */
  readonly exited: Promise<void>;
  busy: number;
}

interface Waiting {
  resolve(answer: HashJob): void;
  reject(err: unknown): void;
}

const ACTION = "Cannot verify trail evidence across threads";
const counts = { started: 0, live: 0 };

/** Hashing workers of this process: how many were started, and how many have not exited yet. */
export function workerCounts(): { readonly started: number; readonly live: number } {
  return { ...counts };
}

/** The worker threads of one verification. */
export class HashPool {
  readonly #slots: Slot[] = [];
  readonly #waiting = new Map<number, Waiting>();
  readonly #signal: AbortSignal | undefined;
  #failure: unknown;
  #closed = false;
  #ended: Promise<void> | undefined;
  #jobs = 0;
  readonly #onAbort = () => this.#fail(this.#signal!.reason);

  constructor(signal: AbortSignal | undefined) {
    this.#signal = signal;
    signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  /**
   * Starts `count` workers (they load while the caller goes on).
   *
   * @param count How many.
   * @param signal Aborts: every worker is terminated and every job rejected with its reason.
   * @param source The workers' source (the tests give failing ones).
   * @returns The pool; `undefined` when this runtime has no worker threads.
   */
  static async start(
    count: number,
    signal?: AbortSignal,
    source: string = HASH_WORKER_SOURCE,
  ): Promise<HashPool | undefined> {
    let threads: typeof import("node:worker_threads");
    try {
      threads = await import("node:worker_threads");
    } catch {
      return undefined;
    }
    if (typeof threads.Worker !== "function") return undefined;
    signal?.throwIfAborted();
    const pool = new HashPool(signal);
    for (let i = 0; i < count; i++) pool.#spawn(threads.Worker, source);
    return pool;
  }

  #spawn(Worker: typeof import("node:worker_threads").Worker, source: string): void {
    // A larger young generation than the default: a worker makes a short-lived string or view
    // per hash, and collecting them often was a third of its time (measured on Deno and Node).
    const resourceLimits = { maxYoungGenerationSizeMb: 32 };
    const worker = new Worker(source, { eval: true, resourceLimits });
    counts.started++;
    counts.live++;
    let ready!: () => void;
    let exited!: () => void;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((r) => ready = r),
      exited: new Promise<void>((r) => exited = r),
      busy: 0,
    };
    const crash = (why: string, cause?: unknown) =>
      this.#fail(
        new KeeptrustsError(`${ACTION}: a hashing worker ${why}`, {
          code: "worker_failed",
          cause,
        }),
      );
    worker.on("message", (m: HashJob & { ready?: true }) => {
      if (m?.ready === true) return ready();
      const waiting = this.#waiting.get(m?.id);
      if (waiting === undefined) return crash("answered a job it was not given");
      this.#waiting.delete(m.id);
      slot.busy--;
      waiting.resolve(m);
    });
    worker.on("error", (err: unknown) => crash(`failed (${errorText(err)})`, err));
    worker.on("messageerror", (err: unknown) => crash("sent an unreadable message", err));
    worker.on("exit", (code: number) => {
      counts.live--;
      exited();
      crash(`exited (code ${code})`);
    });
    slot.ready.catch(() => {});
    this.#slots.push(slot);
  }

  /**
   * Hashes a block on the least busy worker.
   *
   * @param job The block, written out; its buffers are transferred (unusable here until the
   * answer brings them back).
   * @returns The worker's answer: the job with its buffers filled in.
   */
  async hash(job: HashJob): Promise<HashJob> {
    if (this.#closed) throw this.#failure ?? new Error(`${ACTION}: the pool is closed`);
    const slot = this.#slots.reduce((a, b) => b.busy < a.busy ? b : a);
    slot.busy++;
    const sent: HashJob = { id: ++this.#jobs, length: job.length, buffers: job.buffers };
    const answer = new Promise<HashJob>((resolve, reject) => {
      this.#waiting.set(sent.id, { resolve, reject });
    });
    await Promise.race([slot.ready, answer]);
    if (!this.#closed) slot.worker.postMessage(sent, transferList(sent.buffers));
    return answer;
  }

  /** Terminates every worker; jobs still waiting are rejected. Safe to call more than once. */
  close(): Promise<void> {
    return this.#fail(new Error(`${ACTION}: the verification ended`));
  }

  #fail(reason: unknown): Promise<void> {
    // The first failure is the one reported: terminating may report exits, synchronously.
    if (this.#closed) return this.#ended ?? Promise.resolve();
    this.#closed = true;
    this.#failure = reason;
    this.#signal?.removeEventListener("abort", this.#onAbort);
    for (const waiting of this.#waiting.values()) waiting.reject(reason);
    this.#waiting.clear();
    this.#ended = Promise.all(this.#slots.map(stop)).then(() => {});
    return this.#ended;
  }
}

/**
 * Terminates a worker and waits for its `exit` event (a second at most once `terminate()` has
 * settled, so that a runtime that never reports the exit cannot hang the caller).
 */
async function stop(slot: Slot): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const grace = () => new Promise<void>((r) => done ? r() : timer = setTimeout(r, 1000));
  const terminated = slot.worker.terminate().then(grace, grace);
  await Promise.race([slot.exited, terminated]);
  done = true;
  clearTimeout(timer);
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
