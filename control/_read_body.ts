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

/**
 * Reads a whole body, at most `limit` bytes.
 *
 * @throws {BodyTooLarge} past the limit.
 * @throws {BodyFailed} when the stream errors.
 * @throws the signal's reason when it fires first.
 */
export async function readBody(
  response: Response,
  limit: number,
  signal: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = response.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLarge(limit);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const onAbort = () => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        throw new BodyFailed(err);
      }
      if (chunk.done) break;
      if (!(chunk.value instanceof Uint8Array)) throw new BodyFailed(new TypeError("not bytes"));
      size += chunk.value.byteLength;
      if (size > limit) {
        chunks.length = 0;
        await reader.cancel().catch(() => {});
        throw new BodyTooLarge(limit);
      }
      chunks.push(chunk.value);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (signal.aborted) throw signal.reason;
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
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
