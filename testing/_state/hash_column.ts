/**
 * An append-only column of 32-byte hashes as big-endian 32-bit words in typed-array chunks:
 * 32 bytes a hash whatever their number, no copy when it grows (chunks start small and double).
 *
 * @module
 */
import { hexOfWords, wordsOfHex } from "./merkle_hash.ts";

const FIRST_CHUNK = 256; // hashes in the first chunk (8 KiB)
const MAX_CHUNK = 1 << 15; // hashes per chunk at most (1 MiB)
const DOUBLING_CHUNKS = Math.log2(MAX_CHUNK / FIRST_CHUNK); // chunks before the first full one
const DOUBLING_END = FIRST_CHUNK * (2 ** DOUBLING_CHUNKS - 1); // the first full chunk's start

/** Append-only storage of 32-byte hashes. */
export class HashColumn {
  readonly #chunks: Uint32Array[] = [];
  readonly #starts: number[] = [];
  #length = 0;
  #capacity = 0;

  /** How many hashes it holds. */
  get length(): number {
    return this.#length;
  }

  /** Appends a hash given as 8 words. */
  push(words: Uint32Array): void {
    if (this.#length === this.#capacity) this.#grow();
    const chunk = this.#chunks[this.#chunks.length - 1];
    chunk.set(words.subarray(0, 8), (this.#length - this.#starts[this.#starts.length - 1]) * 8);
    this.#length++;
  }

  /** Appends a hash given as 64 hex characters. */
  pushHex(hex: string): void {
    if (this.#length === this.#capacity) this.#grow();
    const chunk = this.#chunks[this.#chunks.length - 1];
    const at = (this.#length - this.#starts[this.#starts.length - 1]) * 8;
    wordsOfHex(hex, chunk.subarray(at, at + 8));
    this.#length++;
  }

  /** The hash at index `i` as 8 words (a view: copy it before keeping it). */
  get(i: number): Uint32Array {
    if (!(i >= 0 && i < this.#length)) throw new RangeError(`no hash at index ${i}`);
    const c = this.#chunkOf(i);
    const at = (i - this.#starts[c]) * 8;
    return this.#chunks[c].subarray(at, at + 8);
  }

  /** The chunk holding hash `i` (with {@linkcode offset}: read without making a view). */
  chunk(i: number): Uint32Array {
    return this.#chunks[this.#chunkOf(i)];
  }

  /** Where hash `i` starts in its {@linkcode chunk}, in words. */
  offset(i: number): number {
    return (i - this.#starts[this.#chunkOf(i)]) * 8;
  }

  /** The hash at index `i` as hex. */
  hex(i: number): string {
    if (!(i >= 0 && i < this.#length)) throw new RangeError(`no hash at index ${i}`);
    const c = this.#chunkOf(i);
    return hexOfWords(this.#chunks[c], (i - this.#starts[c]) * 8);
  }

  #grow(): void {
    const k = this.#chunks.length;
    const size = FIRST_CHUNK * 2 ** Math.min(k, DOUBLING_CHUNKS);
    this.#starts.push(this.#capacity);
    this.#chunks.push(new Uint32Array(size * 8));
    this.#capacity += size;
  }

  /** Chunk k holds min(MAX_CHUNK, FIRST_CHUNK * 2^k) hashes. */
  #chunkOf(i: number): number {
    if (i < DOUBLING_END) return Math.floor(Math.log2(i / FIRST_CHUNK + 1));
    return DOUBLING_CHUNKS + Math.floor((i - DOUBLING_END) / MAX_CHUNK);
  }
}
