/**
 * A zip writer for tests that can lie: every field of every header can be overridden, entries can
 * share data, and bytes can be put anywhere. It uses zlib (through `node:zlib`), not fflate, so that
 * the reader under test and the archives it is tested on do not share an implementation.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, crc32, deflateRawSync } from "node:zlib";

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** Bytes of fixed-width little-endian fields. */
export function fields(...values: Array<[number, 2 | 4]>): Uint8Array {
  const out = new Uint8Array(values.reduce((n, [, w]) => n + w, 0));
  const view = new DataView(out.buffer);
  let p = 0;
  for (const [v, w] of values) {
    if (w === 2) view.setUint16(p, v, true);
    else view.setUint32(p, v >>> 0, true);
    p += w;
  }
  return out;
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let p = 0;
  for (const part of parts) out.set(part, (p += part.length) - part.length);
  return out;
}

/** Raw deflate of some bytes (zlib). */
export const deflate = (data: Uint8Array): Uint8Array => new Uint8Array(deflateRawSync(data));

/** CRC-32 (zlib's), optionally continuing a previous value. */
export const crc = (data: Uint8Array, previous = 0): number => crc32(data, previous);

/**
 * A raw deflate stream of `mib` MiB of zeros built from one 16 MiB segment repeated (sync-flushed,
 * so segments chain), then a final empty block: about 16 KB of stream a GiB.
 */
export function zerosStream(mib: number): Uint8Array {
  const segment = new Uint8Array(
    deflateRawSync(new Uint8Array(16 << 20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }),
  );
  const parts = Array.from({ length: Math.ceil(mib / 16) }, () => segment);
  return concat(...parts, new Uint8Array([0x03, 0x00]));
}

/** The fields of a local header that a test may make disagree with the central directory. */
export interface LocalOverrides {
  name?: string | Uint8Array;
  flags?: number;
  method?: number;
  crc?: number;
  compressedSize?: number;
  size?: number;
  extra?: Uint8Array;
}

/** One entry; every field defaults to the honest value. */
export interface RawEntry {
  name: string | Uint8Array;
  content?: Uint8Array;
  /** 0 stored, 8 deflate (default). */
  method?: number;
  /** The bytes stored as the entry's data (default: the content, deflated when method is 8). */
  data?: Uint8Array;
  flags?: number;
  crc?: number;
  compressedSize?: number;
  size?: number;
  madeBy?: number;
  /** "Version needed to extract", in both headers (default 20: zip 2.0). */
  versionNeeded?: number;
  externalAttributes?: number;
  extra?: Uint8Array;
  local?: LocalOverrides;
  /** Bytes written after the data (a data descriptor). */
  after?: Uint8Array;
  /** Offset of the local header as the central directory states it. */
  offset?: number;
  /** Write no local header and no data: the central entry points elsewhere (set `offset`). */
  centralOnly?: boolean;
}

/** Archive-level overrides. */
export interface BuildOptions {
  /** Bytes before the first entry; offsets are shifted past them unless `shiftOffsets` is false. */
  prefix?: Uint8Array;
  shiftOffsets?: boolean;
  /** Bytes between the entries' data and the central directory. */
  beforeDirectory?: Uint8Array;
  comment?: Uint8Array;
  /** Put a ZIP64 end-of-central-directory locator before the end record. */
  zip64Locator?: boolean;
  end?: Partial<Record<"disk" | "directoryDisk" | "onDisk" | "count" | "size" | "offset", number>>;
}

const bytesOf = (name: string | Uint8Array) => typeof name === "string" ? utf8(name) : name;

/** Writes a zip, honest unless told otherwise. */
export function buildZip(entries: RawEntry[], options: BuildOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  let pos = 0;
  const push = (b: Uint8Array) => (parts.push(b), pos += b.length);
  const base = options.shiftOffsets === false ? (options.prefix?.length ?? 0) : 0;
  if (options.prefix) push(options.prefix);
  const central: Uint8Array[] = [];
  for (const e of entries) {
    const content = e.content ?? new Uint8Array();
    const method = e.method ?? 8;
    const data = e.data ?? (method === 8 ? deflate(content) : content);
    const name = bytesOf(e.name);
    const flags = e.flags ?? (name.some((b) => b > 0x7f) ? 0x0800 : 0);
    const c = e.crc ?? crc(content);
    const csize = e.compressedSize ?? data.length;
    const size = e.size ?? content.length;
    const extra = e.extra ?? new Uint8Array();
    const l = { name, flags, method, crc: c, compressedSize: csize, size, extra, ...e.local };
    const lname = bytesOf(l.name);
    const offset = e.offset ?? pos - base;
    const version = e.versionNeeded ?? 20;
    if (!e.centralOnly) {
      push(fields([0x04034b50, 4], [version, 2], [l.flags, 2], [l.method, 2], [0, 2], [0x21, 2]));
      push(fields([l.crc, 4], [l.compressedSize, 4], [l.size, 4], [lname.length, 2]));
      push(fields([l.extra.length, 2]));
      push(concat(lname, l.extra, data, e.after ?? new Uint8Array()));
    }
    central.push(concat(
      fields([0x02014b50, 4], [e.madeBy ?? 20, 2], [version, 2], [flags, 2], [method, 2], [0, 2]),
      fields([0x21, 2], [c, 4], [csize, 4], [size, 4], [name.length, 2], [extra.length, 2]),
      fields([0, 2], [0, 2], [0, 2], [e.externalAttributes ?? 0, 4], [offset, 4]),
      name,
      extra,
    ));
  }
  if (options.beforeDirectory) push(options.beforeDirectory);
  const directoryOffset = pos - base;
  for (const c of central) push(c);
  const size = pos - base - directoryOffset;
  if (options.zip64Locator) push(fields([0x07064b50, 4], [0, 4], [0, 4], [0, 4], [1, 4]));
  const end = {
    disk: 0,
    directoryDisk: 0,
    onDisk: entries.length,
    count: entries.length,
    size,
    offset: directoryOffset,
    ...options.end,
  };
  const comment = options.comment ?? new Uint8Array();
  push(fields([0x06054b50, 4], [end.disk, 2], [end.directoryDisk, 2], [end.onDisk, 2]));
  push(fields([end.count, 2], [end.size, 4], [end.offset, 4], [comment.length, 2]));
  push(comment);
  return concat(...parts);
}

/** Options of {@linkcode pythonZip}. */
export interface PythonZipOptions {
  /** The `compression` argument (default `zipfile.ZIP_DEFLATED`). */
  compression?: string;
  /** Write to a stream that cannot seek, so that Python writes data descriptors. */
  streamed?: boolean;
}

/** Runs a Python 3 snippet that fills the `zipfile.ZipFile` named `z`; returns the archive. */
export function pythonZip(body: string, options: PythonZipOptions = {}): Uint8Array {
  const target = options.streamed ? "Pipe()" : "buf";
  const script = [
    "import io, sys, zipfile",
    "buf = io.BytesIO()",
    "class Pipe:",
    "    def write(self, b): return buf.write(b)",
    "    def flush(self): pass",
    `with zipfile.ZipFile(${target}, "w", ${options.compression ?? "zipfile.ZIP_DEFLATED"}) as z:`,
    ...body.trim().split("\n").map((line) => `    ${line.trim()}`),
    "sys.stdout.buffer.write(buf.getvalue())",
  ].join("\n");
  const args = ["-W", "ignore", "-c", script];
  return new Uint8Array(execFileSync("python3", args, { maxBuffer: 256 << 20 }));
}

/**
 * Runs Info-ZIP `zip` in a fresh folder holding `files` (and `links`: name to target), returning
 * the archive it wrote.
 */
export function infoZip(
  args: string[],
  files: Record<string, string>,
  links: Record<string, string> = {},
): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "kt-infozip-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    for (const [name, target] of Object.entries(links)) symlinkSync(target, join(dir, name));
    execFileSync("zip", ["-q", "-X", ...args, "out.zip", ...Object.keys({ ...files, ...links })], {
      cwd: dir,
    });
    return new Uint8Array(readFileSync(join(dir, "out.zip")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether Info-ZIP's `unzip -t` accepts an archive. */
export function unzipAccepts(zip: Uint8Array): boolean {
  const dir = mkdtempSync(join(tmpdir(), "kt-unzip-"));
  try {
    writeFileSync(join(dir, "t.zip"), zip);
    execFileSync("unzip", ["-tqq", join(dir, "t.zip")], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One hostile archive and the refusal expected. */
export interface HostileZip {
  readonly title: string;
  readonly zip: Uint8Array;
  readonly code: string;
  /** The entry the error must name (undefined: not checked; null: the archive itself). */
  readonly entry?: string | null;
}

/** An honest entry (a folder when the name ends in `/`). */
export const ok = (name: string, body = `contents of ${name}\n`): RawEntry => ({
  name,
  content: utf8(name.endsWith("/") ? "" : body),
});

/** A harmless two-file archive, honest in every field. */
export const honest = (): Uint8Array => buildZip([ok("README.txt"), ok("manifest.json")]);
