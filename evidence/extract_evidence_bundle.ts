/**
 * `extractEvidenceBundle`: an evidence bundle's files written to a folder, for auditors who check
 * them with standard tools, all or nothing.
 *
 * @module
 */
import { chmod, lstat, mkdir, mkdtemp, open, readdir, rename, rm, rmdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { KeeptrustsBundleError } from "../evidence_errors.ts";
import { type BundleReadLimits, readEvidenceBundle } from "./read_evidence_bundle.ts";

const errno = (err: unknown): string => String((err as { code?: unknown })?.code ?? "");

function refuse(problem: string, cause?: unknown): KeeptrustsBundleError {
  return new KeeptrustsBundleError(`Cannot extract evidence bundle: ${problem}`, {
    code: "exists",
    cause,
  });
}

/** Null when nothing is at the target; the mode of an empty folder there; else a refusal. */
async function inspectTarget(root: string): Promise<number | null> {
  let stat;
  try {
    stat = await lstat(root);
  } catch (err) {
    if (errno(err) === "ENOENT") return null;
    throw err;
  }
  if (stat.isSymbolicLink()) throw refuse(`${root} is a symbolic link`);
  if (!stat.isDirectory()) throw refuse(`${root} exists and is not a folder`);
  if ((await readdir(root)).length > 0) throw refuse(`${root} is not empty`);
  return stat.mode & 0o7777;
}

/** Writes every file into the fresh staging folder, each with an exclusive create. */
async function writeAll(staging: string, files: Record<string, Uint8Array>): Promise<void> {
  const made = new Set([staging]);
  for (const name of Object.keys(files)) {
    const path = join(staging, ...name.split("/"));
    const folder = dirname(path);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    // "wx" is O_CREAT | O_EXCL: it never opens an existing file, nor follows a link in its place.
    const handle = await open(path, "wx", 0o644);
    try {
      await handle.writeFile(files[name]);
    } finally {
      await handle.close();
    }
  }
}

/** A rename that failed because something else took the target's place meanwhile is `exists`. */
function clash(root: string, err: unknown): unknown {
  return ["EEXIST", "ENOTEMPTY", "ENOTDIR", "EISDIR"].includes(errno(err))
    ? refuse(`${root} changed while extracting (${errno(err)})`, err)
    : err;
}

/** Renames the staging folder to the target: one step, onto nothing or onto an empty folder. */
async function moveIntoPlace(staging: string, root: string, emptyMode: number | null) {
  await chmod(staging, emptyMode ?? 0o755);
  try {
    await rename(staging, root);
    return;
  } catch (err) {
    if (emptyMode === null || !["EEXIST", "EPERM", "EACCES"].includes(errno(err))) {
      throw clash(root, err);
    }
  }
  // Windows cannot rename onto a folder: remove the empty one (rmdir refuses a non-empty one).
  try {
    await rmdir(root);
    await rename(staging, root);
  } catch (err) {
    throw clash(root, err);
  }
}

/**
 * Extracts an evidence bundle zip into a folder, all or nothing. The archive is read with
 * {@linkcode readEvidenceBundle} first, so a hostile or malformed one is refused before anything is
 * written. The files are then written into a fresh folder of its own, created next to the target
 * (`.<name>.extracting-XXXXXX`, mode 0700 while it fills), each with an exclusive create, and that
 * folder is renamed to the target only when every file is written; on any failure it is removed,
 * leaving nothing behind. The target must not exist, or be an empty folder (replaced in one
 * rename, keeping its mode); a non-empty folder, a file or a symbolic link there is refused, so
 * nothing is ever written through an existing link. It does not verify the evidence: run
 * `verifyEvidenceBundle` on the same bytes for that.
 *
 * @param zip The zip's bytes.
 * @param targetDir The folder to create; its parent is created when missing.
 * @param limits Size limits of the reader.
 * @returns The absolute paths of the files written, in archive order.
 * @throws {KeeptrustsBundleError} when the archive is refused (the reader's codes), or with code
 * `exists` when the target is there and is not an empty folder; nothing is written.
 * @throws {TypeError} when `targetDir` is not a non-empty path.
 *
 * @example Extract, then check with sha256sum and openssl
 * ```ts
 * import assert from "node:assert/strict";
 * import { join } from "node:path";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { BUNDLE_FILES, exportBundleZip, extractEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const zip = exportBundleZip(await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000001"));
 * const dir = join(await Deno.makeTempDir(), "evidence");
 * const written = await extractEvidenceBundle(zip, dir);
 * assert.equal(written.length, BUNDLE_FILES.length); // then, in dir: sha256sum -c SHA256SUMS
 * await assert.rejects(extractEvidenceBundle(zip, dir), { code: "exists" }); // never overwrites
 * ```
 */
export async function extractEvidenceBundle(
  zip: Uint8Array,
  targetDir: string,
  limits?: BundleReadLimits,
): Promise<string[]> {
  if (typeof targetDir !== "string" || targetDir === "" || targetDir.includes("\0")) {
    throw new TypeError("Cannot extract evidence bundle: targetDir must be a non-empty path");
  }
  const files = readEvidenceBundle(zip, limits);
  const root = resolve(targetDir);
  const emptyMode = await inspectTarget(root);
  const parent = dirname(root);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(root).slice(0, 64)}.extracting-`));
  try {
    await writeAll(staging, files);
    await moveIntoPlace(staging, root, emptyMode);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return Object.keys(files).map((name) => join(root, ...name.split("/")));
}
