/**
 * Child process of the bounds test: reads each archive given on the command line with the
 * function named first, and prints one JSON line per archive with the refusal code, the time taken
 * and the growth of peak RSS (Linux: the peak is reset through /proc/self/clear_refs first).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { readZip } from "../../evidence/_zip.ts";

const LIMITS = {
  maxZipBytes: 64 << 20,
  maxEntryBytes: 64 << 20,
  maxTotalBytes: 64 << 20,
  maxEntries: 64,
  maxRatio: 200,
};

function kib(field: "VmRSS" | "VmHWM"): number {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) =>
    l.startsWith(`${field}:`)
  );
  return Number(line!.split(/\s+/)[1]);
}

const [mode, ...files] = process.argv.slice(2);
const run: Record<string, (zip: Uint8Array) => unknown> = {
  read: (zip) => readZip(zip, LIMITS),
};
for (const file of files) {
  const zip = new Uint8Array(readFileSync(file));
  writeFileSync("/proc/self/clear_refs", "5");
  const before = kib("VmRSS");
  const start = performance.now();
  let code: string | null = null;
  try {
    await run[mode](zip);
  } catch (err) {
    code = (err as { code?: string }).code ?? `untyped ${(err as Error).name}`;
  }
  const ms = performance.now() - start;
  const growthMiB = (kib("VmHWM") - before) / 1024;
  console.log(JSON.stringify({ file, code, ms, growthMiB }));
}
