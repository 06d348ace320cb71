/**
 * Memory figures of the running process: its resident set now and its peak over a piece of work.
 * On Linux the peak is the kernel's own high-water mark (`VmHWM`, reset through
 * `/proc/self/clear_refs`), which catches the short spikes that sampling between pages misses, and
 * counts every thread (worker threads included). Elsewhere the resident set is sampled after the
 * work, and the figure says it is not exact.
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const MIB = 1024 * 1024;

function statusField(name: string): number | undefined {
  try {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(
      readFileSync("/proc/self/status", "utf8"),
    );
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The process's resident set size in bytes. */
export function rssBytes(): number {
  return statusField("VmRSS") ??
    (g.Deno ? g.Deno.memoryUsage().rss : g.process.memoryUsage().rss);
}

/** Collects garbage where the runtime lets a script ask (Bun always; others with a flag). */
export function collectGarbage(): void {
  if (g.Bun) g.Bun.gc(true);
  else g.gc?.();
}

/** Resets the kernel's high-water mark to the current resident set; false where it cannot. */
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** The time and memory a piece of work took. */
export interface Measured<T> {
  readonly value: T;
  readonly ms: number;
  /** Peak resident set during the work minus the resident set before it, in MiB. */
  readonly peakGrowthMib: number;
  /** The resident set before the work, in MiB. */
  readonly rssBeforeMib: number;
  /** False when the peak was sampled after the work instead of read from the kernel. */
  readonly exactPeak: boolean;
}

/**
 * Runs `work` once and reports its wall time and its peak resident-set growth. Run it in a process
 * of its own (see `runPoint`) for a figure that earlier work has not inflated or hidden.
 */
export async function measure<T>(work: () => T | Promise<T>): Promise<Measured<T>> {
  collectGarbage();
  const before = rssBytes();
  const exactPeak = resetPeak();
  const t0 = performance.now();
  const value = await work();
  const ms = performance.now() - t0;
  const peak = Math.max(exactPeak ? statusField("VmHWM") ?? 0 : 0, rssBytes());
  return {
    value,
    ms,
    peakGrowthMib: Math.max(0, peak - before) / MIB,
    rssBeforeMib: before / MIB,
    exactPeak,
  };
}
