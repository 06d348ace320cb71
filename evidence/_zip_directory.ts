/**
 * The end-of-central-directory record and the central directory: where a zip says its entries
 * are. Read from the end, strictly: one single-disk archive, no ZIP64 (an evidence bundle is far
 * below its 4 GiB threshold, so ZIP64 records are refused rather than half-supported), no second
 * end record hidden in the comment, the central directory directly before its end record and
 * holding exactly the entries that record counts.
 *
 * @module
 */
import { lossyName, zipError } from "./_zip_error.ts";

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const EOCD_LENGTH = 22;
const CEN_LENGTH = 46;
const MAX_COMMENT = 0xffff;

/** What the end record says. */
export interface EndRecord {
  /** Number of entries. */
  readonly count: number;
  /** Offset of the central directory (the end of the entries' data). */
  readonly directoryOffset: number;
  /** Offset of the end record (the end of the central directory). */
  readonly endOffset: number;
}

/** One central directory entry, fields as stored (the name not yet decoded). */
export interface CentralEntry {
  readonly nameBytes: Uint8Array;
  readonly madeBy: number;
  readonly versionNeeded: number;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly externalAttributes: number;
  readonly localOffset: number;
}

/** Little-endian readers over a zip's bytes. */
export function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

/** Reads an unsigned little-endian 32-bit value. */
export function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

/**
 * Walks an extra field: it must be well-formed, and may not hold a ZIP64 record (0x0001) or an
 * Info-ZIP Unicode path (0x7075), which some tools would use as the name instead of the one checked.
 */
export function checkExtra(b: Uint8Array, start: number, length: number, entry: string): void {
  const end = start + length;
  for (let p = start; p < end;) {
    if (p + 4 > end || p + 4 + u16(b, p + 2) > end) {
      throw zipError("corrupt", "has a malformed extra field", entry);
    }
    const id = u16(b, p);
    if (id === 0x0001) throw zipError("zip64", "has a ZIP64 extra field", entry);
    if (id === 0x7075) {
      throw zipError("unsafe_path", "has a second (Unicode path) name in an extra field", entry);
    }
    p += 4 + u16(b, p + 2);
  }
}

function findEnd(zip: Uint8Array): number {
  const lowest = Math.max(0, zip.length - EOCD_LENGTH - MAX_COMMENT);
  let found = -1;
  for (let i = zip.length - EOCD_LENGTH; i >= lowest; i--) {
    if (zip[i] !== 0x50 || u32(zip, i) !== EOCD_SIG) continue;
    if (i + EOCD_LENGTH + u16(zip, i + 20) !== zip.length) continue;
    if (found !== -1) throw zipError("ambiguous", "has two end-of-central-directory records");
    found = i;
  }
  if (found === -1) throw zipError("corrupt", "has no end-of-central-directory record");
  for (let i = found + EOCD_LENGTH; i + 4 <= zip.length; i++) {
    if (zip[i] === 0x50 && u32(zip, i) === EOCD_SIG) {
      throw zipError("ambiguous", "hides an end-of-central-directory signature in its comment");
    }
  }
  return found;
}

/**
 * Finds and checks the end record.
 *
 * @throws {KeeptrustsBundleError} `corrupt`, `ambiguous`, `zip64`, `multi_disk`,
 * `too_many_entries`, `prepended_data` or `gap`.
 */
export function readEndRecord(zip: Uint8Array, maxEntries: number): EndRecord {
  const end = findEnd(zip);
  if (end >= 20 && u32(zip, end - 20) === ZIP64_LOCATOR_SIG) {
    throw zipError("zip64", "is a ZIP64 archive");
  }
  const [disk, directoryDisk, onDisk, count] = [4, 6, 8, 10].map((o) => u16(zip, end + o));
  const size = u32(zip, end + 12);
  const directoryOffset = u32(zip, end + 16);
  if (count === 0xffff || size === 0xffffffff || directoryOffset === 0xffffffff) {
    throw zipError("zip64", "is a ZIP64 archive");
  }
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== count) {
    throw zipError("multi_disk", "spans several disks");
  }
  if (count > maxEntries) {
    throw zipError("too_many_entries", `has ${count} entries, more than ${maxEntries}`);
  }
  const shift = end - size - directoryOffset;
  if (shift < 0) throw zipError("corrupt", "has a central directory past its end record");
  if (shift > 0) {
    const prepended = size > 0 && u32(zip, end - size) === CEN_SIG;
    throw prepended
      ? zipError("prepended_data", `has ${shift} bytes of other data before the archive`)
      : zipError("gap", `has ${shift} bytes between its central directory and end record`);
  }
  return { count, directoryOffset, endOffset: end };
}

/**
 * Reads the central directory's entries.
 *
 * @throws {KeeptrustsBundleError} `corrupt`, `zip64` or `multi_disk`.
 */
export function readCentralDirectory(zip: Uint8Array, record: EndRecord): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let p = record.directoryOffset;
  for (let i = 0; i < record.count; i++) {
    if (p + CEN_LENGTH > record.endOffset || u32(zip, p) !== CEN_SIG) {
      throw zipError("corrupt", `has a malformed central directory (entry ${i + 1})`);
    }
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((o) => u16(zip, p + o));
    const next = p + CEN_LENGTH + nameLength + extraLength + commentLength;
    if (next > record.endOffset) {
      throw zipError("corrupt", `has a malformed central directory (entry ${i + 1})`);
    }
    const nameBytes = zip.subarray(p + CEN_LENGTH, p + CEN_LENGTH + nameLength);
    const entry: CentralEntry = {
      nameBytes,
      madeBy: u16(zip, p + 4),
      versionNeeded: u16(zip, p + 6),
      flags: u16(zip, p + 8),
      method: u16(zip, p + 10),
      crc: u32(zip, p + 16),
      compressedSize: u32(zip, p + 20),
      size: u32(zip, p + 24),
      externalAttributes: u32(zip, p + 38),
      localOffset: u32(zip, p + 42),
    };
    const label = lossyName(nameBytes);
    const { compressedSize, size, localOffset } = entry;
    if ([compressedSize, size, localOffset].includes(0xffffffff) || u16(zip, p + 34) === 0xffff) {
      throw zipError("zip64", "has ZIP64 sizes or offset", label);
    }
    if (u16(zip, p + 34) !== 0) throw zipError("multi_disk", "starts on another disk", label);
    checkExtra(zip, p + CEN_LENGTH + nameLength, extraLength, label);
    entries.push(entry);
    p = next;
  }
  if (p !== record.endOffset) {
    throw zipError("corrupt", `has more in its central directory than its ${record.count} entries`);
  }
  return entries;
}
