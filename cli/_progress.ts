/**
 * A progress bar on stderr for long work (`cli-progress`), drawn only when stderr is a terminal;
 * silence otherwise (a pipe, a file, CI logs). The library is loaded only when a bar is drawn, so it
 * costs nothing to a run without one. Private to the CLI.
 *
 * @module
 */
import process from "node:process";
import type { CliIo } from "./_io.ts";

/** A running progress display. */
export interface Progress {
  /** Sets how much is done (and the total, once known). */
  update(done: number, total?: number): void;
  /** Removes the bar. */
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * Starts a progress bar labelled `label` counting `unit`s, or a silent one when stderr is not a
 * terminal. Without a total the bar shows the count and the elapsed time.
 */
export async function startProgress(io: CliIo, label: string, unit: string): Promise<Progress> {
  if (!io.stderrIsTerminal) return SILENT;
  const { default: progress } = await import("cli-progress");
  // Through io.err, so the bar is redacted like every other byte the CLI writes.
  const stream = {
    isTTY: true,
    columns: process.stderr.columns ?? 80,
    write(chunk: unknown) {
      io.err(String(chunk));
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  let known = false;
  const bar = new progress.SingleBar({
    stream,
    format: (options, params) =>
      known
        ? `${label} [${progress.Format.BarFormat(params.progress, options)}] ` +
          `${params.value}/${params.total} ${unit}`
        : `${label}${params.value > 0 ? ` ${params.value} ${unit}` : "..."} (${
          Math.round((Date.now() - params.startTime) / 1000)
        }s)`,
    hideCursor: false,
    clearOnComplete: true,
    fps: 5,
    noTTYOutput: false,
  });
  bar.start(0, 0);
  return {
    update(done, total) {
      if (total !== undefined && total > 0) {
        known = true;
        bar.setTotal(total);
      }
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

/** Runs `work` with a progress bar (or silence), removing the bar however the work ends. */
export async function withProgress<T>(
  io: CliIo,
  label: string,
  unit: string,
  work: (progress: Progress) => Promise<T>,
): Promise<T> {
  const progress = await startProgress(io, label, unit);
  try {
    return await work(progress);
  } finally {
    progress.stop();
  }
}
