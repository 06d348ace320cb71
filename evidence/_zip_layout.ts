/**
 * Local headers and the layout of the entries' data. Every byte before the central directory must
 * belong to exactly one entry, in order: the first local header at offset 0 (no prepended data),
 * each entry's header, data and data descriptor ending where the next entry's header starts (no
 * overlap, so no full- or quoted-overlap bomb, and no hidden gap), the last one ending where the
 * central directory starts, and nothing past the end of the file. Each local header must then say
 * what the central directory says (name, flags, method, CRC, sizes): tools that read the local
 * headers see the same archive as this reader.
 *
 * @module
 */
import { type CentralEntry, checkExtra, u16, u32 } from "./_zip_directory.ts";
import { lossyName, quoteName, zipError } from "./_zip_error.ts";

const LOC_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;
const LOC_LENGTH = 30;
const DESCRIPTOR_FLAG = 0x0008;

/** Where one entry lies in the file. */
export interface Span {
  /** Offset of the local header. */
  readonly start: number;
  /** Offset of the compressed data. */
  readonly dataStart: number;
  /** Offset of the data descriptor's CRC and sizes (after its optional signature), or -1. */
  readonly descriptor: number;
  /** Offset just past the data and its descriptor, if any. */
  readonly end: number;
}

function span(zip: Uint8Array, entry: CentralEntry, label: string): Span {
  const start = entry.localOffset;
  if (start + LOC_LENGTH > zip.length) {
    throw zipError("data_past_end", "has its local header past the end of the file", label);
  }
  if (u32(zip, start) !== LOC_SIG) {
    throw zipError("corrupt", `has no local header at offset ${start}`, label);
  }
  const dataStart = start + LOC_LENGTH + u16(zip, start + 26) + u16(zip, start + 28);
  const dataEnd = dataStart + entry.compressedSize;
  let descriptor = -1;
  let end = dataEnd;
  if (entry.flags & DESCRIPTOR_FLAG) {
    const signed = dataEnd + 4 <= zip.length && u32(zip, dataEnd) === DESCRIPTOR_SIG;
    descriptor = signed ? dataEnd + 4 : dataEnd;
    end = descriptor + 12;
  }
  if (end > zip.length) throw zipError("data_past_end", "has data past the end of the file", label);
  return { start, dataStart, descriptor, end };
}

/**
 * Locates every entry's data and checks that the entries tile the file before the central
 * directory exactly.
 *
 * @param zip The archive.
 * @param entries The central directory's entries.
 * @param labels The entries' names, for errors.
 * @param directoryOffset Where the central directory starts.
 * @returns Each entry's span, in the entries' order.
 * @throws {KeeptrustsBundleError} `data_past_end`, `corrupt`, `overlap`, `prepended_data` or `gap`.
 */
export function locateEntries(
  zip: Uint8Array,
  entries: readonly CentralEntry[],
  labels: readonly string[],
  directoryOffset: number,
): Span[] {
  const spans = entries.map((entry, i) => span(zip, entry, labels[i]));
  const order = spans.map((_, i) => i).sort((a, b) => spans[a].start - spans[b].start);
  let cursor = 0;
  let previous = -1;
  for (const i of order) {
    if (spans[i].start < cursor) {
      throw zipError("overlap", `overlaps entry ${quoteName(labels[previous])}`, labels[i]);
    }
    if (spans[i].start > cursor) {
      throw previous === -1
        ? zipError("prepended_data", `starts at offset ${spans[i].start}, after other data`)
        : zipError(
          "gap",
          `is followed by ${spans[i].start - cursor} bytes of no entry`,
          labels[previous],
        );
    }
    cursor = spans[i].end;
    previous = i;
  }
  if (cursor > directoryOffset) {
    throw zipError("overlap", "overlaps the central directory", labels[previous]);
  }
  if (cursor < directoryOffset) {
    throw previous === -1
      ? zipError("prepended_data", `has ${directoryOffset} bytes of other data before the archive`)
      : zipError(
        "gap",
        `is followed by ${directoryOffset - cursor} bytes of no entry`,
        labels[previous],
      );
  }
  return spans;
}

/**
 * Checks that an entry's local header (and data descriptor) agree with its central entry.
 *
 * @throws {KeeptrustsBundleError} `header_mismatch`, `corrupt`, `zip64` or `unsafe_path`.
 */
export function checkLocalHeader(
  zip: Uint8Array,
  entry: CentralEntry,
  where: Span,
  label: string,
): void {
  const s = where.start;
  const nameLength = u16(zip, s + 26);
  const localName = zip.subarray(s + LOC_LENGTH, s + LOC_LENGTH + nameLength);
  const mismatch = (what: string) =>
    zipError(
      "header_mismatch",
      `has a local header that disagrees with the central directory on its ${what}`,
      label,
    );
  if (
    localName.length !== entry.nameBytes.length ||
    localName.some((b, i) => b !== entry.nameBytes[i])
  ) {
    throw zipError(
      "header_mismatch",
      `is named ${quoteName(lossyName(localName))} in its local header`,
      label,
    );
  }
  checkExtra(zip, s + LOC_LENGTH + nameLength, u16(zip, s + 28), label);
  if (u16(zip, s + 6) !== entry.flags) throw mismatch("flags");
  if (u16(zip, s + 8) !== entry.method) throw mismatch("method");
  const local = [u32(zip, s + 14), u32(zip, s + 18), u32(zip, s + 22)];
  const central = [entry.crc, entry.compressedSize, entry.size];
  // With a data descriptor, a streaming writer leaves the local CRC and sizes zero.
  const deferred = where.descriptor !== -1;
  for (let k = 0; k < 3; k++) {
    if (local[k] !== central[k] && !(deferred && local[k] === 0)) {
      throw mismatch(["CRC", "compressed size", "size"][k]);
    }
  }
  const d = where.descriptor;
  if (
    deferred && [u32(zip, d), u32(zip, d + 4), u32(zip, d + 8)].some((v, k) => v !== central[k])
  ) {
    throw mismatch("data descriptor");
  }
}
