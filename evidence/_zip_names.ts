/**
 * Entry names: strict decoding, the checks that keep every name a plain relative path on every
 * filesystem an auditor may extract to (Linux, macOS, Windows), and alias detection: two names
 * that one of those filesystems would store as one path (`a/b` and `A/B`, `x` and `x/y`,
 * `README.txt` and `README.txt/`, NFC and NFD spellings) are refused before anything is read.
 *
 * A name must already be in its one canonical form: no empty, `.` or `..` segment, no leading
 * `/`, no drive letter, no backslash, no control or invisible formatting character, no character
 * Windows forbids, no Windows device name, no segment ending in a dot or a space (Windows drops
 * them), at most 1024 bytes, 32 levels and 255 bytes a segment. A trailing `/` marks a directory.
 *
 * @module
 */
import { lossyName, quoteName, zipError } from "./_zip_error.ts";

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const ENCODER = new TextEncoder();
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\\:*?"<>|]/u;
const DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\..*)?$/i;
const MAX_NAME_BYTES = 1024;
const MAX_SEGMENT_BYTES = 255;
const MAX_DEPTH = 32;
const UTF8_FLAG = 0x0800;

/** A checked entry name. */
export interface EntryName {
  /** The name as stored (a directory keeps its trailing `/`). */
  readonly name: string;
  /** Whether the entry is a directory (its name ends in `/`). */
  readonly directory: boolean;
  /** The path without the directory's trailing `/`, split into segments. */
  readonly segments: readonly string[];
}

/**
 * Decodes an entry name: UTF-8 when the entry says so (flag bit 11), else plain ASCII (a non-ASCII
 * name in an unnamed code page reads differently on every tool, so it is refused).
 */
export function decodeName(bytes: Uint8Array, flags: number): string {
  if (!(flags & UTF8_FLAG) && bytes.some((b) => b > 0x7f)) {
    throw zipError("unsafe_path", "has a non-ASCII name not flagged as UTF-8", lossyName(bytes));
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw zipError("unsafe_path", "has a name that is not valid UTF-8", lossyName(bytes));
  }
}

function segmentProblem(segment: string): string | null {
  if (segment === "") return "has an empty path segment";
  if (segment === "." || segment === "..") return "has a path traversal segment";
  if (/[. ]$/.test(segment)) return "has a path segment ending in a dot or a space";
  if (DEVICE.test(segment)) return "has a Windows device name as a path segment";
  if (ENCODER.encode(segment).length > MAX_SEGMENT_BYTES) {
    return `has a path segment over ${MAX_SEGMENT_BYTES} bytes`;
  }
  return null;
}

/**
 * Checks one decoded name.
 *
 * @throws {KeeptrustsBundleError} `unsafe_path` naming the problem.
 */
export function checkName(name: string): EntryName {
  const refuse = (problem: string) => zipError("unsafe_path", problem, name);
  if (name === "") throw refuse("has an empty name");
  if (ENCODER.encode(name).length > MAX_NAME_BYTES) {
    throw refuse(`has a name over ${MAX_NAME_BYTES} bytes`);
  }
  if (name.startsWith("/")) throw refuse("has an absolute path");
  if (/^[A-Za-z]:/.test(name)) throw refuse("has a drive letter");
  const bad = FORBIDDEN.exec(name);
  if (bad) {
    const point = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw refuse(`has a forbidden character (U+${point}) in its name`);
  }
  const directory = name.endsWith("/");
  const segments = (directory ? name.slice(0, -1) : name).split("/");
  if (segments.length > MAX_DEPTH) throw refuse(`is nested deeper than ${MAX_DEPTH} levels`);
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) throw refuse(problem);
  }
  return { name, directory, segments };
}

/** The key under which case-insensitive, normalising filesystems store a path. */
function fold(path: string): string {
  return path.normalize("NFC").toUpperCase().toLowerCase();
}

/**
 * Refuses duplicate names, and names that alias one path: same path up to case or Unicode
 * normalisation, a file where another entry needs a folder, or one folder spelled two ways.
 *
 * @throws {KeeptrustsBundleError} `duplicate_entry` or `alias`, naming the later entry.
 */
export function checkAliases(names: readonly EntryName[]): void {
  const seen = new Set<string>();
  const paths = new Map<string, { path: string; directory: boolean; entry: string }>();
  const claim = (path: string, directory: boolean, entry: string) => {
    const key = fold(path);
    const other = paths.get(key);
    if (!other) paths.set(key, { path, directory, entry });
    else if (!(other.directory && directory && other.path === path)) {
      const kind = other.directory === directory ? "the same path" : "a file and a folder";
      throw zipError(
        "alias",
        `and entry ${quoteName(other.entry)} would be ${kind} on disk`,
        entry,
      );
    }
  };
  for (const { name, directory, segments } of names) {
    if (seen.has(name)) throw zipError("duplicate_entry", "appears twice", name);
    seen.add(name);
    for (let depth = 1; depth < segments.length; depth++) {
      claim(segments.slice(0, depth).join("/"), true, name);
    }
    claim(segments.join("/"), directory, name);
  }
}
