/**
 * The `--checkpoint` file of `verify-trail`: the newest signed tree head this auditor has verified,
 * kept between runs so the next run can prove the log only grew. Written atomically, and only after
 * a run that verified; a run that fails leaves the stored checkpoint as it was, so a rewritten
 * history stays caught on every later run. Private to the CLI.
 *
 * @module
 */
import { CliInputError } from "./_exit.ts";
import { exists, readBoundedFile, writeFileAtomic } from "./_files.ts";

/** The file's format marker. */
export const CHECKPOINT_FORMAT = "keeptrusts-checkpoint/1";

/** A signed tree head (DESIGN section 5), kept as the server signed it (read back unchecked). */
export interface Checkpoint {
  readonly digest_id?: unknown;
  readonly tree_size?: unknown;
  readonly kid?: unknown;
}

/** What the file holds. */
export interface CheckpointFile {
  /** {@linkcode CHECKPOINT_FORMAT}. */
  readonly format: string;
  /** The control plane it came from (origin and path, no credentials). */
  readonly control_plane: string;
  /** When this CLI stored it. */
  readonly saved_at: string;
  /** The newest verified signed tree head. */
  readonly checkpoint: Checkpoint;
}

/** Reads the stored checkpoint; `null` when the file does not exist yet (the first run). */
export async function readCheckpoint(path: string): Promise<CheckpointFile | null> {
  if (!(await exists(path))) return null;
  const bytes = await readBoundedFile(path, "checkpoint", 1024 * 1024);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new CliInputError(`Cannot read checkpoint ${path}: not UTF-8 JSON`);
  }
  const file = json as Partial<CheckpointFile>;
  if (
    typeof json !== "object" || json === null || file.format !== CHECKPOINT_FORMAT ||
    typeof file.checkpoint !== "object" || file.checkpoint === null ||
    Array.isArray(file.checkpoint)
  ) {
    throw new CliInputError(
      `Cannot read checkpoint ${path}: not a ${CHECKPOINT_FORMAT} file written by verify-trail`,
    );
  }
  return file as CheckpointFile;
}

/** Stores a verified checkpoint, replacing the old one atomically. */
export async function writeCheckpoint(
  path: string,
  controlPlane: string,
  checkpoint: Checkpoint,
): Promise<void> {
  const file: CheckpointFile = {
    format: CHECKPOINT_FORMAT,
    control_plane: controlPlane,
    saved_at: new Date().toISOString(),
    checkpoint,
  };
  const bytes = new TextEncoder().encode(JSON.stringify(file, null, 2) + "\n");
  await writeFileAtomic(path, bytes, "checkpoint", { replace: true });
}
