/** Bombs and lies about sizes: overlapping entries, streams longer or shorter than declared. */
import {
  buildZip,
  concat,
  crc,
  deflate,
  fields,
  type HostileZip,
  ok,
  type RawEntry,
  utf8,
  zerosStream,
} from "./_zip_builder.ts";

const text = utf8;

/** Many entries whose central records all point at one local header (David Fifield's bomb). */
export function fullOverlapBomb(count: number, bytes: number): Uint8Array {
  const content = new Uint8Array(bytes);
  const data = deflate(content);
  const entries: RawEntry[] = Array.from({ length: count }, (_, i) => ({
    name: `f${i}`,
    data,
    crc: crc(content),
    size: content.length,
    centralOnly: i > 0,
    offset: 0,
    local: { name: "f0" },
  }));
  return buildZip(entries);
}

/** A non-final stored deflate block header announcing `length` bytes. */
const storedBlock = (length: number) =>
  new Uint8Array([0, length & 0xff, length >> 8, ~length & 0xff, (~length >> 8) & 0xff]);

/**
 * Entries whose data quote the next entry's local header in a stored deflate block, then run on
 * into the next entry's data: each one inflates to every later header plus the kernel.
 */
export function quotedOverlapBomb(count: number, bytes: number): Uint8Array {
  const kernelContent = new Uint8Array(bytes);
  const kernel = deflate(kernelContent);
  const headers: Uint8Array[] = []; // local headers of the entries after the current one
  const entries: RawEntry[] = [];
  let compressedSize = kernel.length;
  let size = kernelContent.length;
  for (let i = count - 1; i >= 0; i--) {
    let c = 0;
    for (const h of headers) c = crc(h, c);
    c = crc(kernelContent, c);
    const name = utf8(`q${i}`);
    const data = i === count - 1 ? kernel : storedBlock(headers[0].length);
    entries.unshift({ name, data, crc: c, compressedSize, size });
    headers.unshift(concat(
      fields([0x04034b50, 4], [20, 2], [0, 2], [8, 2], [0, 2], [0x21, 2], [c, 4]),
      fields([compressedSize, 4], [size, 4], [name.length, 2], [0, 2]),
      name,
    ));
    compressedSize += 5 + headers[0].length;
    size += headers[0].length;
  }
  return buildZip(entries);
}

/** Just under 1 MiB: the largest entry exempt from the ratio check, so overlap is what is caught. */
const KERNEL = (1 << 20) - 8192;

/** Overlap bombs, streams that inflate past their declared size, ratio and count limits. */
export function bombCases(): HostileZip[] {
  const zeros = new Uint8Array(1000);
  const gib = zerosStream(1024);
  return [
    {
      title: "full-overlap bomb (16 entries, one local header)",
      zip: fullOverlapBomb(16, KERNEL),
      code: "overlap",
      entry: "f1",
    },
    {
      title: "quoted-overlap bomb (16 entries)",
      zip: quotedOverlapBomb(16, KERNEL),
      code: "overlap",
    },
    {
      title: "entry that declares 1000 bytes and inflates to 1 GiB (1 MB zip)",
      zip: buildZip([{ name: "event.json", data: gib, size: 1000, crc: crc(zeros) }]),
      code: "size_mismatch",
      entry: "event.json",
    },
    {
      title: "entry that declares 1 MiB and inflates to 1 GiB, twice",
      zip: buildZip(["a", "b"].map((name) => ({ name, data: gib, size: 1 << 20, crc: 0 }))),
      code: "size_mismatch",
      entry: "a",
    },
    {
      title: "honest 2 MiB of zeros in 2 KB (ratio over 200)",
      zip: buildZip([{ name: "z", content: new Uint8Array(2 << 20) }]),
      code: "bomb",
      entry: "z",
    },
    {
      title: "entry over the 32 MiB size limit (its data is never read)",
      zip: buildZip([{ name: "big", data: new Uint8Array(400_000), size: 70 << 20 }]),
      code: "too_large",
      entry: "big",
    },
    {
      title: "more entries than the limit",
      zip: buildZip(Array.from({ length: 65 }, (_, i) => ok(`f${i}`))),
      code: "too_many_entries",
      entry: null,
    },
  ];
}

/** Compressed and uncompressed sizes that lie, bad CRCs, broken streams. */
export function sizeLieCases(): HostileZip[] {
  const big = text("x".repeat(5000) + "y".repeat(5000));
  const data = deflate(big);
  const thirty = deflate(new Uint8Array(30 << 20));
  return [
    {
      title: "compressed size smaller than the stream, another entry after it",
      zip: buildZip([{ name: "a", content: big, compressedSize: data.length - 10 }, ok("b")]),
      code: "gap",
      entry: "a",
    },
    {
      title: "compressed size larger than the stream, running into the next entry",
      zip: buildZip([{ name: "a", content: big, compressedSize: data.length + 10 }, ok("b")]),
      code: "overlap",
      entry: "b",
    },
    {
      title: "two 30 MiB entries whose compressed sizes claim 200 KB each (a 60 KB zip)",
      zip: buildZip(
        ["a", "b"].map((name) => ({ name, data: thirty, size: 30 << 20, compressedSize: 200_000 })),
      ),
      code: "data_past_end",
      entry: "a",
    },
    {
      title: "a 4 KB zip whose stored entry claims 100 MiB (data past the end of the file)",
      zip: buildZip([{
        name: "x",
        method: 0,
        data: new Uint8Array(4000),
        size: 100 << 20,
        compressedSize: 100 << 20,
      }]),
      code: "data_past_end",
      entry: "x",
    },
    {
      title: "entry that inflates to fewer bytes than declared",
      zip: buildZip([{ name: "a", content: big, size: big.length + 1 }]),
      code: "size_mismatch",
      entry: "a",
    },
    {
      title: "stored entry whose two sizes differ",
      zip: buildZip([{ name: "a", method: 0, content: big, size: big.length - 1 }]),
      code: "size_mismatch",
      entry: "a",
    },
    {
      title: "bad CRC on a deflated entry",
      zip: buildZip([{ ...ok("a"), crc: 1 }]),
      code: "bad_crc",
      entry: "a",
    },
    {
      title: "bad CRC on a stored entry",
      zip: buildZip([{ ...ok("a"), method: 0, crc: 1 }]),
      code: "bad_crc",
      entry: "a",
    },
    {
      title: "deflate data that is not deflate",
      zip: buildZip([{ name: "a", data: new Uint8Array([0xff, 0xff, 0xff]), size: 3 }]),
      code: "corrupt",
      entry: "a",
    },
    {
      title: "deflate stream cut short",
      zip: buildZip([{ name: "a", content: big, data: data.subarray(0, 20) }]),
      code: "corrupt",
      entry: "a",
    },
  ];
}
