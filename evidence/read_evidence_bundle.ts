/**
 * A zip reader for evidence bundles that refuses hostile archives.
 *
 * @module
 */
import { unzipSync } from "fflate";
import { KeeptrustsBundleError } from "../errors.ts";

/** Limits of the bundle reader. */
export interface BundleReadLimits {
  /** Largest zip accepted, in bytes. @default {268435456} (256 MiB) */
  maxZipBytes?: number;
  /** Largest single entry once inflated, in bytes. @default {134217728} (128 MiB) */
  maxEntryBytes?: number;
  /** Largest total of all entries once inflated, in bytes. @default {268435456} (256 MiB) */
  maxTotalBytes?: number;
  /** Most entries accepted. @default {64} */
  maxEntries?: number;
  /** Highest inflated-to-compressed ratio of an entry (compression-bomb guard). @default {200} */
  maxRatio?: number;
}

function safeName(name: string): string | null {
  if (name.length === 0 || name.length > 255) return "has an empty or overlong name";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "has a control character in its name";
  if (name.includes("\\")) return "uses a backslash in its name";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "has an absolute path";
  if (name.split("/").some((part) => part === ".." || part === ".")) {
    return "has a path traversal segment";
  }
  return null;
}

/**
 * Reads a bundle zip safely: refuses archives that are too large, entries with absolute paths,
 * `..` segments, backslashes or control characters, duplicate names, too many entries, entries or
 * totals over the limits, and compression bombs (checked on declared sizes before inflating, then on
 * actual sizes). Returns the entries by name; writes nothing anywhere.
 *
 * @param zip The zip's bytes.
 * @param limits Size limits.
 * @returns Entry name to bytes.
 * @throws {KeeptrustsBundleError} naming the problem and the entry.
 *
 * @example List a bundle's files
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { BUNDLE_FILES, exportBundleZip, readEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const zip = exportBundleZip(await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000001"));
 * const files = readEvidenceBundle(zip);
 * assert.deepEqual(Object.keys(files), [...BUNDLE_FILES]);
 * ```
 */
export function readEvidenceBundle(
  zip: Uint8Array,
  limits: BundleReadLimits = {},
): Record<string, Uint8Array> {
  if (!(zip instanceof Uint8Array)) {
    throw new TypeError("Cannot read evidence bundle: zip must be a Uint8Array");
  }
  const maxZip = limits.maxZipBytes ?? 256 * 1024 * 1024;
  const maxEntry = limits.maxEntryBytes ?? 128 * 1024 * 1024;
  const maxTotal = limits.maxTotalBytes ?? 256 * 1024 * 1024;
  const maxEntries = limits.maxEntries ?? 64;
  const maxRatio = limits.maxRatio ?? 200;
  if (zip.length > maxZip) {
    throw new KeeptrustsBundleError(
      `Cannot read evidence bundle: the zip is over ${maxZip} bytes`,
      { code: "too_large" },
    );
  }
  const seen = new Set<string>();
  const declared = new Map<string, number>();
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter(file) {
        const problem = safeName(file.name);
        if (problem) {
          throw new KeeptrustsBundleError(
            `Cannot read evidence bundle: entry ${
              JSON.stringify(file.name.slice(0, 100))
            } ${problem}`,
            { code: "unsafe_path", entry: file.name },
          );
        }
        if (seen.has(file.name)) {
          throw new KeeptrustsBundleError(
            `Cannot read evidence bundle: entry ${file.name} appears twice`,
            { code: "duplicate_entry", entry: file.name },
          );
        }
        seen.add(file.name);
        if (seen.size > maxEntries) {
          throw new KeeptrustsBundleError(
            `Cannot read evidence bundle: more than ${maxEntries} entries`,
            { code: "too_many_entries" },
          );
        }
        if (file.originalSize > maxEntry) {
          throw new KeeptrustsBundleError(
            `Cannot read evidence bundle: entry ${file.name} inflates to over ${maxEntry} bytes`,
            { code: "too_large", entry: file.name },
          );
        }
        total += file.originalSize;
        if (total > maxTotal) {
          throw new KeeptrustsBundleError(
            `Cannot read evidence bundle: entries inflate to over ${maxTotal} bytes`,
            { code: "too_large", entry: file.name },
          );
        }
        if (
          file.originalSize > 1024 * 1024 && file.originalSize / Math.max(1, file.size) > maxRatio
        ) {
          throw new KeeptrustsBundleError(
            `Cannot read evidence bundle: entry ${file.name} has a compression ratio over ${maxRatio} (compression bomb)`,
            { code: "bomb", entry: file.name },
          );
        }
        declared.set(file.name, file.originalSize);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof KeeptrustsBundleError) throw err;
    throw new KeeptrustsBundleError(
      `Cannot read evidence bundle: the zip is corrupt (${(err as Error).message})`,
      { code: "corrupt" },
    );
  }
  for (const [name, bytes] of Object.entries(files)) {
    if (bytes.length !== declared.get(name)) {
      throw new KeeptrustsBundleError(
        `Cannot read evidence bundle: entry ${name} does not inflate to its declared size`,
        { code: "corrupt", entry: name },
      );
    }
  }
  return files;
}
