/**
 * `readEvidenceBundle`: the files of an evidence bundle zip, read by a reader that refuses hostile
 * archives (see `_zip.ts` for every check) within limits the caller can tighten.
 *
 * @module
 */
import { readZip, type ZipLimits } from "./_zip.ts";

/** Limits of the bundle reader. An evidence bundle is a few KiB; the defaults leave room. */
export interface BundleReadLimits {
  /** Largest zip accepted, in bytes. @default {67108864} (64 MiB) */
  maxZipBytes?: number;
  /** Largest single file once inflated, in bytes. @default {33554432} (32 MiB) */
  maxEntryBytes?: number;
  /** Largest total of all files once inflated, in bytes. @default {67108864} (64 MiB) */
  maxTotalBytes?: number;
  /** Most entries accepted (folders included). @default {64} */
  maxEntries?: number;
  /**
   * Highest inflated-to-compressed ratio of a file over 1 MiB (the zip-bomb guard; JSON compresses
   * about 5 to 20 times). @default {200}
   */
  maxRatio?: number;
}

const DEFAULTS: ZipLimits = {
  maxZipBytes: 64 * 1024 * 1024,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 64,
  maxRatio: 200,
};

/**
 * Checks the caller's limits (plain JavaScript may pass anything) and fills in the defaults.
 *
 * @throws {TypeError} for an unknown key or a value that is not a number.
 * @throws {RangeError} for a value that is not a positive integer (`maxRatio`: a number >= 1).
 */
function resolveLimits(limits: unknown, caller: string): ZipLimits {
  if (limits === undefined) return DEFAULTS;
  if (typeof limits !== "object" || limits === null || Array.isArray(limits)) {
    throw new TypeError(`Cannot ${caller}: limits must be an object`);
  }
  const out: Record<string, number> = { ...DEFAULTS };
  for (const [key, value] of Object.entries(limits)) {
    if (!Object.hasOwn(DEFAULTS, key)) {
      throw new TypeError(`Cannot ${caller}: unknown limit ${JSON.stringify(key)}`);
    }
    if (value === undefined) continue;
    if (typeof value !== "number") {
      throw new TypeError(`Cannot ${caller}: limit ${key} must be a number`);
    }
    const valid = key === "maxRatio"
      ? value >= 1 && value <= Number.MAX_SAFE_INTEGER
      : Number.isSafeInteger(value) && value > 0;
    if (!valid) {
      const what = key === "maxRatio" ? "a number of at least 1" : "a positive integer";
      throw new RangeError(`Cannot ${caller}: limit ${key} must be ${what}, not ${value}`);
    }
    out[key] = value;
  }
  return out as unknown as ZipLimits;
}

/**
 * Reads an evidence bundle zip into memory, refusing hostile or malformed archives before trusting
 * any of it: names that are not plain relative paths or that alias one another (`a` and `A`, `x`
 * and `x/y`), duplicates, symlinks, encryption, methods other than stored and deflate, ZIP64,
 * prepended data, gaps or overlapping entries (zip bombs), local headers that disagree with the
 * central directory, data past the end of the file, bad CRC-32s, and anything over the limits,
 * which are enforced while inflating, not taken from the sizes the archive declares. Writes
 * nothing anywhere.
 *
 * @param zip The zip's bytes.
 * @param limits Size limits; see {@linkcode BundleReadLimits} for the defaults.
 * @returns The files by name, in archive order, as a null-prototype object: every name, including
 * `__proto__`, `toString` and `constructor`, is an own key, and nothing else is. Folder entries are
 * checked, then left out.
 * @throws {KeeptrustsBundleError} with a `code` (`unsafe_path`, `alias`, `duplicate_entry`,
 * `symlink`, `encrypted`, `overlap`, `header_mismatch`, `data_past_end`, `bad_crc`,
 * `size_mismatch`, `too_large`, `bomb`, `zip64`, `corrupt`, ...) and the `entry` at fault.
 * @throws {TypeError} when `zip` is not a `Uint8Array` or a limit is not a number.
 * @throws {RangeError} when a limit is not positive.
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
 *
 * @example Refuse a zip-slip archive
 * ```ts
 * import assert from "node:assert/strict";
 * import { zipSync } from "fflate";
 * import { KeeptrustsBundleError, readEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const evil = zipSync({ "good.txt": new Uint8Array(1), "../../tmp/evil.txt": new Uint8Array(1) });
 * assert.throws(() => readEvidenceBundle(evil), (err: unknown) =>
 *   err instanceof KeeptrustsBundleError && err.code === "unsafe_path" &&
 *   err.entry === "../../tmp/evil.txt");
 * ```
 */
export function readEvidenceBundle(
  zip: Uint8Array,
  limits?: BundleReadLimits,
): Record<string, Uint8Array> {
  if (!(zip instanceof Uint8Array)) {
    throw new TypeError("Cannot read evidence bundle: zip must be a Uint8Array");
  }
  const files: Record<string, Uint8Array> = Object.create(null);
  for (const [name, bytes] of readZip(zip, resolveLimits(limits, "read evidence bundle"))) {
    files[name] = bytes;
  }
  return files;
}
