/**
 * An append-only column of 32-byte hashes in typed-array chunks: about 32 bytes a hash, whatever
 * their number, and no copy when it grows.
 *
 * @module
 */

const CHUNK = 1 << 15; // hashes per chunk (1 MiB)
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** Bytes of lower-case or upper-case hex (the caller checks the text). */
export function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Append-only storage of 32-byte hashes. */
export class HashColumn {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** How many hashes it holds. */
  get length(): number {
    return this.#length;
  }

  /** Appends a hash (its first 32 bytes). */
  push(hash: Uint8Array): void {
    const i = this.#length;
    if (i % CHUNK === 0) this.#chunks.push(new Uint8Array(CHUNK * 32));
    this.#chunks[this.#chunks.length - 1].set(hash.subarray(0, 32), (i % CHUNK) * 32);
    this.#length++;
  }

  /** The hash at index `i` (a view: copy it before keeping it). */
  get(i: number): Uint8Array {
    if (!(i >= 0 && i < this.#length)) throw new RangeError(`no hash at index ${i}`);
    const offset = (i % CHUNK) * 32;
    return this.#chunks[Math.floor(i / CHUNK)].subarray(offset, offset + 32);
  }

  /** The hash at index `i` as hex. */
  hex(i: number): string {
    return toHex(this.get(i));
  }
}
