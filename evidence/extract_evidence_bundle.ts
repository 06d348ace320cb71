/**
 * Writing an evidence bundle's files to a folder, for auditors who check them with standard tools.
 *
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { KeeptrustsBundleError } from "../errors.ts";
import { type BundleReadLimits, readEvidenceBundle } from "./read_evidence_bundle.ts";

/**
 * Extracts an evidence bundle zip into a folder, safely: the archive is read with
 * `readEvidenceBundle` first (so traversal, absolute paths, duplicates, oversized entries and
 * compression bombs are refused before anything is written), every path is checked to stay inside
 * the folder, and no existing file is overwritten. Nothing is written when the archive is refused.
 * It does not verify the evidence: run `verifyEvidenceBundle` on the same bytes for that.
 *
 * @param zip The zip's bytes.
 * @param targetDir The folder to write into; created when missing.
 * @param limits Size limits of the reader.
 * @returns The absolute paths written, in archive order.
 * @throws {KeeptrustsBundleError} when the archive is hostile or malformed, a path would leave the
 * folder, or a file already exists there (code `exists`).
 *
 * @example Extract, then check with sha256sum and openssl
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { BUNDLE_FILES, exportBundleZip, extractEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const zip = exportBundleZip(await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000001"));
 * const dir = await Deno.makeTempDir();
 * const written = await extractEvidenceBundle(zip, dir);
 * assert.equal(written.length, BUNDLE_FILES.length); // then, in dir: sha256sum -c SHA256SUMS
 * ```
 */
export async function extractEvidenceBundle(
  zip: Uint8Array,
  targetDir: string,
  limits: BundleReadLimits = {},
): Promise<string[]> {
  if (typeof targetDir !== "string" || targetDir === "") {
    throw new TypeError("Cannot extract evidence bundle: targetDir must be a non-empty path");
  }
  const files = readEvidenceBundle(zip, limits);
  const root = resolve(targetDir);
  const planned: Array<[string, Uint8Array]> = [];
  for (const [name, bytes] of Object.entries(files)) {
    const path = resolve(root, name);
    if (!path.startsWith(root + sep)) {
      throw new KeeptrustsBundleError(
        `Cannot extract evidence bundle: entry ${name} would be written outside the folder`,
        { code: "unsafe_path", entry: name },
      );
    }
    planned.push([path, bytes]);
  }
  await mkdir(root, { recursive: true });
  const written: string[] = [];
  for (const [path, bytes] of planned) {
    const dir = path.slice(0, path.lastIndexOf(sep));
    if (dir !== root) await mkdir(dir, { recursive: true });
    try {
      // "wx": fail on an existing file (or a link planted in its place) instead of following it.
      await writeFile(path, bytes, { flag: "wx" });
    } catch (err) {
      if ((err as { code?: string }).code === "EEXIST") {
        const entry = path.slice(root.length + 1);
        throw new KeeptrustsBundleError(
          `Cannot extract evidence bundle: ${entry} already exists in the folder`,
          { code: "exists", entry },
        );
      }
      throw err;
    }
    written.push(path);
  }
  return written;
}
