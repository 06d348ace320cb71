/**
 * Bounded decompression of one zip entry, and its CRC-32.
 *
 * Deflate can expand 1032 times, so the output is never trusted to be as small as the header says:
 * fflate's streaming `Inflate` is fed the compressed bytes in steps of 1 KiB to 4 KiB (about a
 * 128th of what the entry may still produce, so an honest entry takes few steps), and the output is
 * counted as it comes. The moment it passes the declared size the entry is refused, whatever the
 * rest of the stream holds: one step produces at most 1032 times its size (4.1 MiB, or 1 MiB
 * near the end of an entry), so time and memory stay proportional to the declared size.
 *
 * @module
 */
import { Inflate, inflateSync } from "fflate";
import { zipError } from "./_zip_error.ts";

/** Deflate's largest expansion (258 bytes out of 2 bits), rounded up. */
const MAX_EXPANSION = 1032;
/** Entries whose worst expansion is at most this much past their size are inflated in one pass. */
const ONE_PASS_SLACK = 1024 * 1024;
/** Smallest and largest compressed step fed to the inflater. */
const MIN_STEP = 1024;
const MAX_STEP = 4 * 1024;
/** A step is this fraction of what remains: honest entries compress far less than 128 times. */
const STEP_DIVISOR = 128;

/** Slicing-by-8 tables: table k gives the CRC of a byte followed by k zero bytes. */
const CRC_TABLES = /* @__PURE__ */ (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 256; k < 2048; k += 256) {
      t[k + n] = (t[k - 256 + n] >>> 8) ^ t[t[k - 256 + n] & 0xff];
    }
  }
  return t;
})();

/**
 * CRC-32 (ISO-HDLC, the zip and gzip checksum) of some bytes. fflate computes it internally but does
 * not export it, so this is the textbook slicing-by-8 version (tests pin it against zlib's).
 *
 * @param data The bytes.
 * @returns The unsigned 32-bit checksum.
 */
export function crc32(data: Uint8Array): number {
  const t = CRC_TABLES;
  let c = -1;
  let i = 0;
  for (const end = data.length & ~7; i < end; i += 8) {
    const a = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    c = t[1792 + (a & 0xff)] ^ t[1536 + ((a >>> 8) & 0xff)] ^ t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^ t[768 + data[i + 4]] ^ t[512 + data[i + 5]] ^ t[256 + data[i + 6]] ^
      t[data[i + 7]];
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

const past = (size: number, entry: string) =>
  zipError("size_mismatch", `inflates past its declared size of ${size} bytes`, entry);
const short = (written: number, size: number, entry: string) =>
  zipError("size_mismatch", `inflates to ${written} bytes, not its declared ${size}`, entry);
const corrupt = (err: unknown, entry: string) =>
  zipError("corrupt", `is not a valid deflate stream (${(err as Error)?.message})`, entry);

/**
 * One pass into a buffer of `size + 1` bytes, for entries so small that even deflate's largest
 * expansion of them is little work: fflate drops what does not fit, so a longer stream shows as
 * `size + 1` bytes (or a stored block that does not fit throws a `RangeError`).
 */
function inflateOnce(data: Uint8Array, size: number, entry: string): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflateSync(data, { out: new Uint8Array(size + 1) });
  } catch (err) {
    throw err instanceof RangeError ? past(size, entry) : corrupt(err, entry);
  }
  if (out.length > size) throw past(size, entry);
  if (out.length < size) throw short(out.length, size, entry);
  return out.subarray(0, size);
}

/** Steps through fflate's streaming `Inflate`, counting the output as it comes. */
function inflateStepwise(data: Uint8Array, size: number, entry: string): Uint8Array {
  const out = new Uint8Array(size);
  let written = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over || chunk.length > size - written) {
      over = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  for (let pos = 0; pos < data.length;) {
    const budget = Math.ceil((size - written + 1) / STEP_DIVISOR);
    const end = Math.min(data.length, pos + Math.min(MAX_STEP, Math.max(MIN_STEP, budget)));
    try {
      inflater.push(data.subarray(pos, end), end === data.length);
    } catch (err) {
      throw corrupt(err, entry);
    }
    if (over) throw past(size, entry);
    pos = end;
  }
  if (written !== size) throw short(written, size, entry);
  return out;
}

/**
 * Inflates a raw deflate stream that must produce exactly `size` bytes, stopping as soon as it
 * produces more.
 *
 * @param data The entry's compressed bytes (exactly its compressed size).
 * @param size The declared uncompressed size (already within the reader's limits).
 * @param entry The entry's name, for errors.
 * @returns Exactly `size` bytes.
 * @throws {KeeptrustsBundleError} `size_mismatch` when the stream produces more or fewer bytes,
 * `corrupt` when it is not valid deflate or ends early.
 */
export function inflateEntry(data: Uint8Array, size: number, entry: string): Uint8Array {
  if (data.length === 0) throw zipError("corrupt", "has no deflate data", entry);
  return data.length * MAX_EXPANSION <= size + ONE_PASS_SLACK
    ? inflateOnce(data, size, entry)
    : inflateStepwise(data, size, entry);
}
