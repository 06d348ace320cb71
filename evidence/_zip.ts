/**
 * A zip reader for archives that may be hostile. It parses the archive itself (end record, central
 * directory, local headers) and refuses anything it cannot read unambiguously, before reading any
 * entry's data: names that are not plain relative paths or that alias one another, encryption,
 * methods other than stored and deflate, symlinks and other special files, ZIP64, several disks,
 * prepended data, gaps, overlapping entries, local headers that disagree with the central
 * directory, data past the end of the file, and declared sizes over the limits. Only then does it
 * inflate, counting the output as it comes (stopping the moment an entry passes its declared
 * size), and check each entry's CRC-32. Every refusal is a `KeeptrustsBundleError` with a `code`
 * and the `entry`; time and memory are bounded by the limits, not by what the archive claims.
 *
 * @module
 */
import { type CentralEntry, readCentralDirectory, readEndRecord } from "./_zip_directory.ts";
import { zipError } from "./_zip_error.ts";
import { crc32, inflateEntry } from "./_zip_inflate.ts";
import { checkLocalHeader, locateEntries } from "./_zip_layout.ts";
import { checkAliases, checkName, decodeName, type EntryName } from "./_zip_names.ts";

/** The reader's limits, all required (the public options fill in defaults). */
export interface ZipLimits {
  /** Largest archive accepted, in bytes. */
  readonly maxZipBytes: number;
  /** Largest single entry once inflated, in bytes. */
  readonly maxEntryBytes: number;
  /** Largest total of all entries once inflated, in bytes. */
  readonly maxTotalBytes: number;
  /** Most entries accepted (directories included). */
  readonly maxEntries: number;
  /** Highest inflated-to-compressed ratio of an entry over 1 MiB. */
  readonly maxRatio: number;
}

/** Entries at or below this size are exempt from the ratio check (small JSON compresses well). */
const RATIO_FLOOR = 1024 * 1024;
const ENCRYPTION_FLAGS = 0x0001 | 0x0040 | 0x2000;
const KNOWN_FLAGS = 0x0002 | 0x0004 | 0x0008 | 0x0800;
/** Zip 2.0: stored and deflate, nothing later (no ZIP64, no other methods). */
const MAX_VERSION = 20;
const STORED = 0;
const DEFLATED = 8;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function checkKind(entry: CentralEntry, name: EntryName): void {
  const label = name.name;
  if (entry.flags & ENCRYPTION_FLAGS) throw zipError("encrypted", "is encrypted", label);
  if (entry.flags & ~KNOWN_FLAGS) {
    const bits = (entry.flags & ~KNOWN_FLAGS).toString(16);
    throw zipError("unsupported", `uses unsupported feature flags (0x${bits})`, label);
  }
  if (entry.method !== STORED && entry.method !== DEFLATED) {
    throw zipError("unsupported_method", `uses compression method ${entry.method}`, label);
  }
  const version = entry.versionNeeded & 0xff;
  if (version > MAX_VERSION) {
    const needs = `zip version ${Math.floor(version / 10)}.${version % 10} to extract`;
    // 4.5 is the version of the ZIP64 extensions (APPNOTE 4.4.3.2).
    throw zipError(version === 45 ? "zip64" : "unsupported", `needs ${needs}`, label);
  }
  const type = (entry.externalAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) throw zipError("symlink", "is a symbolic link", label);
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    throw zipError("special_file", "is a special file (not a file or a folder)", label);
  }
  if (type === S_IFDIR && !name.directory) {
    throw zipError("corrupt", "is marked as a folder but its name does not end in /", label);
  }
  if (name.directory && entry.size !== 0) {
    throw zipError("corrupt", `is a folder but holds ${entry.size} bytes`, label);
  }
}

function checkSizes(entries: readonly CentralEntry[], names: string[], limits: ZipLimits): void {
  let total = 0;
  entries.forEach((entry, i) => {
    const { size, compressedSize } = entry;
    if (entry.method === STORED && size !== compressedSize) {
      throw zipError("size_mismatch", "is stored but its two sizes differ", names[i]);
    }
    if (size > RATIO_FLOOR && size > compressedSize * limits.maxRatio) {
      throw zipError("bomb", `expands more than ${limits.maxRatio} times (a zip bomb)`, names[i]);
    }
    if (size > limits.maxEntryBytes) {
      const problem = `inflates to ${size} bytes, over ${limits.maxEntryBytes}`;
      throw zipError("too_large", problem, names[i]);
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      const problem = `takes the entries over ${limits.maxTotalBytes} bytes in all`;
      throw zipError("too_large", problem, names[i]);
    }
  });
}

/**
 * Reads every file of a zip into memory, refusing hostile or ambiguous archives.
 *
 * @param zip The archive's bytes.
 * @param limits The limits.
 * @returns Each file's bytes by name, in archive order (a `Map`, so any name, `__proto__`
 * included, is an ordinary key). Folder entries are checked, then left out.
 * @throws {KeeptrustsBundleError} with a `code` and, when one is at fault, the `entry`.
 */
export function readZip(zip: Uint8Array, limits: ZipLimits): Map<string, Uint8Array> {
  if (zip.length > limits.maxZipBytes) {
    throw zipError("too_large", `is ${zip.length} bytes, over ${limits.maxZipBytes}`);
  }
  const record = readEndRecord(zip, limits.maxEntries);
  const entries = readCentralDirectory(zip, record);
  const names = entries.map((entry) => {
    const name = checkName(decodeName(entry.nameBytes, entry.flags));
    checkKind(entry, name);
    return name;
  });
  checkAliases(names);
  const labels = names.map((n) => n.name);
  const spans = locateEntries(zip, entries, labels, record.directoryOffset);
  entries.forEach((entry, i) => checkLocalHeader(zip, entry, spans[i], labels[i]));
  checkSizes(entries, labels, limits);
  const files = new Map<string, Uint8Array>();
  entries.forEach((entry, i) => {
    const data = zip.subarray(spans[i].dataStart, spans[i].dataStart + entry.compressedSize);
    const bytes = entry.method === STORED
      ? data.slice()
      : inflateEntry(data, entry.size, labels[i]);
    if (crc32(bytes) !== entry.crc) throw zipError("bad_crc", "fails its CRC-32 check", labels[i]);
    if (!names[i].directory) files.set(labels[i], bytes);
  });
  return files;
}
