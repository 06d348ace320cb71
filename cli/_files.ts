/**
 * Files the CLI reads (bundles, key files, checkpoints) and writes (bundles, checkpoints): reads are
 * bounded and refuse anything but a regular file; writes are atomic (a temporary file in the same
 * folder, flushed, then renamed), so a crash never leaves half a checkpoint. Private to the CLI.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { link, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CliInputError } from "./_exit.ts";

const MIB = 1024 * 1024;

/** Reads a whole regular file of at most `maxBytes`, or throws {@linkcode CliInputError}. */
export async function readBoundedFile(
  path: string,
  what: string,
  maxBytes: number = 64 * MIB,
): Promise<Uint8Array> {
  let handle;
  try {
    // stat first: opening a FIFO would wait for a writer.
    if (!(await stat(path)).isFile()) {
      throw new CliInputError(`Cannot read ${what} ${path}: not a regular file`);
    }
    handle = await open(path, "r");
  } catch (err) {
    if (err instanceof CliInputError) throw err;
    throw new CliInputError(`Cannot read ${what} ${path}: ${reason(err)}`, { cause: err });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new CliInputError(`Cannot read ${what} ${path}: not a regular file`);
    if (info.size > maxBytes) {
      throw new CliInputError(
        `Cannot read ${what} ${path}: ${info.size} bytes is more than the limit of ${maxBytes}`,
      );
    }
    // Read at most one byte past the limit: a file that grows while read is still bounded.
    const buffer = new Uint8Array(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) {
      throw new CliInputError(`Cannot read ${what} ${path}: it grew past the limit while read`);
    }
    return buffer.subarray(0, filled);
  } catch (err) {
    if (err instanceof CliInputError) throw err;
    throw new CliInputError(`Cannot read ${what} ${path}: ${reason(err)}`, { cause: err });
  } finally {
    await handle.close();
  }
}

/** Whether a path exists (anything at all: a file, a folder, a dangling link). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a file atomically: the bytes go to a temporary file beside it, are flushed to disk, and
 * the temporary file is renamed over the target (`replace: true`) or linked to it only when the
 * target does not exist yet (`replace: false`: an existing file is never overwritten).
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  what: string,
  options: { replace: boolean },
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.replace) await rename(temp, path);
    else await link(temp, path);
  } catch (err) {
    const exists = (err as { code?: string })?.code === "EEXIST";
    throw new CliInputError(
      `Cannot write ${what} ${path}: ${
        exists ? "it already exists (pass --force to replace it)" : reason(err)
      }`,
      { cause: err },
    );
  } finally {
    await unlink(temp).catch(() => {});
  }
}

function reason(err: unknown): string {
  const code = (err as { code?: string })?.code;
  const known: Record<string, string> = {
    ENOENT: "no such file or folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is not a folder",
    ENOSPC: "no space left on the device",
  };
  if (code && known[code]) return known[code];
  const name = (err as { name?: string })?.name;
  if (name === "NotCapable" || name === "PermissionDenied") return "permission denied";
  return code ?? (err instanceof Error ? err.message : String(err));
}
