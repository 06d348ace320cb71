/**
 * Reading a response body within a byte limit, counted while it streams, so that an endless or
 * oversized body costs at most the limit in memory, and stops when the call's signal fires on
 * every runtime (the reader is cancelled; a pending read ends at once).
 *
 * @module
 */

/** The body grew past the limit (or declared a length over it); nothing more was read. */
export class BodyTooLarge extends Error {
  /** The limit in bytes. */
  readonly limit: number;

  /** @param limit The limit in bytes. */
  constructor(limit: number) {
    super(`larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/** The body failed part-way (cut off, reset, a stream error): `cause` holds what the runtime threw. */
export class BodyFailed extends Error {
  /** @param cause What the runtime threw. */
  constructor(cause: unknown) {
    super("the body failed part-way", { cause });
  }
}

/** Size of the blocks an undeclared body is gathered in. */
const BLOCK = 1024 * 1024;

/**
 * The body's bytes, copied into blocks of the SDK's own as they come. A reader that can fill the
 * SDK's buffers directly (a BYOB reader: Deno, Node) does; otherwise each chunk is copied. Either
 * way no chunk the runtime handed out is kept: runtimes hand out small views of larger buffers
 * (Deno: 8 KiB views of 64 KiB buffers), and keeping them would keep several times the body alive.
 */
class Blocks {
  readonly done: Uint8Array<ArrayBuffer>[] = [];
  size = 0;
  #block: Uint8Array<ArrayBuffer>;
  #used = 0;

  constructor(readonly limit: number, first: number) {
    this.#block = new Uint8Array(first);
  }

  /** The free part of the current block (a new block when it is full). */
  free(): Uint8Array<ArrayBuffer> {
    if (this.#used === this.#block.length) {
      this.done.push(this.#block);
      this.#block = new Uint8Array(Math.max(1, Math.min(BLOCK, this.limit - this.size + 1)));
      this.#used = 0;
    }
    return new Uint8Array(this.#block.buffer, this.#used, this.#block.length - this.#used);
  }

  /** Records `n` bytes written into the view `free()` gave (whose buffer the reader took). */
  filled(view: Uint8Array<ArrayBuffer>): void {
    this.#block = new Uint8Array(view.buffer);
    this.#used += view.byteLength;
    this.size += view.byteLength;
  }

  /** Copies a chunk in; one that would pass the limit is only counted (the caller stops). */
  copy(chunk: Uint8Array): void {
    if (this.size + chunk.byteLength > this.limit) {
      this.size += chunk.byteLength;
      return;
    }
    let rest = chunk;
    while (rest.byteLength > 0) {
      const target = this.free();
      const n = Math.min(rest.byteLength, target.length);
      target.set(rest.subarray(0, n));
      this.filled(target.subarray(0, n));
      rest = rest.subarray(n);
    }
  }

  /** Every block, the last one cut to what was written. */
  all(): Uint8Array<ArrayBuffer>[] {
    const last = this.#block.subarray(0, this.#used);
    return last.byteLength > 0 ? [...this.done, last] : this.done;
  }
}

/** A reader filling the SDK's blocks: BYOB when the stream supports it. */
function blockReader(body: ReadableStream<Uint8Array>, blocks: Blocks) {
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = body.getReader({ mode: "byob" });
  } catch {
    // Not a byte stream (Bun): chunks are copied.
  }
  const reader = byob ?? body.getReader();
  return {
    cancel: (reason?: unknown) => reader.cancel(reason).catch(() => {}),
    /** Reads once; false at the end of the body. */
    async step(): Promise<boolean> {
      if (byob !== undefined) {
        const { done, value } = await byob.read(blocks.free());
        if (value !== undefined) blocks.filled(value as Uint8Array<ArrayBuffer>);
        return !done;
      }
      const { done, value } = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
      if (done) return false;
      if (!(value instanceof Uint8Array)) throw new TypeError("the body gave something not bytes");
      blocks.copy(value);
      return true;
    },
  };
}

/**
 * Reads a whole body, at most `limit` bytes, as text (UTF-8) or bytes. A body of a declared
 * `Content-Length` (up to the limit) and no `Content-Encoding` is read by the runtime itself: the
 * framing bounds it to the declared length and nothing inflates it. Any other body is counted while
 * it streams, into blocks of the SDK's own (a compressed body is counted after decompression).
 *
 * @throws {BodyTooLarge} past the limit (or a declared length over it, before reading).
 * @throws {BodyFailed} when the stream errors.
 * @throws the signal's reason when it fires first.
 */
export async function readBody(
  response: Response,
  limit: number,
  signal: AbortSignal,
  as: "text" | "bytes",
): Promise<string | Uint8Array<ArrayBuffer>> {
  const header = response.headers.get("content-length")?.trim();
  const declared = header !== undefined && /^\d{1,16}$/.test(header) ? Number(header) : undefined;
  if (declared !== undefined && declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLarge(limit);
  }
  if (response.body === null) return as === "text" ? "" : new Uint8Array(0);
  const encoding = response.headers.get("content-encoding")?.trim().toLowerCase();
  if (declared !== undefined && (encoding === undefined || encoding === "identity")) {
    try {
      return as === "text" ? await response.text() : new Uint8Array(await response.arrayBuffer());
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw new BodyFailed(err);
    }
  }
  const blocks = await readBlocks(response.body, limit, signal, declared);
  return as === "text" ? decode(blocks) : join(blocks);
}

/** Reads a body into blocks, counting while it streams. */
async function readBlocks(
  body: ReadableStream<Uint8Array>,
  limit: number,
  signal: AbortSignal,
  declared: number | undefined,
): Promise<Uint8Array<ArrayBuffer>[]> {
  // One byte more than declared (or than the limit) lets a body longer than it says show itself.
  const blocks = new Blocks(limit, Math.min((declared ?? BLOCK) + 1, limit + 1));
  const reader = blockReader(body, blocks);
  const onAbort = () => void reader.cancel(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      let more: boolean;
      try {
        more = await reader.step();
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        throw new BodyFailed(err);
      }
      if (blocks.size > limit) {
        await reader.cancel();
        throw new BodyTooLarge(limit);
      }
      if (!more) break;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (signal.aborted) throw signal.reason;
  return blocks.all();
}

/** UTF-8 text of blocks. */
function decode(blocks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder();
  let text = "";
  for (const b of blocks) text += decoder.decode(b, { stream: true });
  return text + decoder.decode();
}

/** Blocks as one array of bytes. */
function join(blocks: readonly Uint8Array<ArrayBuffer>[]): Uint8Array<ArrayBuffer> {
  if (blocks.length === 1) return blocks[0];
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/** Reads at most `limit` bytes of an error body as text, then lets the rest go. Never throws. */
export async function readErrorText(response: Response, limit: number): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done || !(value instanceof Uint8Array)) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A broken error body: the status alone tells what happened.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c.subarray(0, bytes.length - at), at);
    at += Math.min(c.byteLength, bytes.length - at);
    if (at >= bytes.length) break;
  }
  return new TextDecoder().decode(bytes);
}
