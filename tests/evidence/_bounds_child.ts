/**
 * Child process of the bounds tests: runs one bundle function (`read`, `verify` or `extract`) on
 * each archive given on the command line and prints one JSON line per archive: the refusal code,
 * the time taken, the growth of peak RSS (Linux: the peak is reset through /proc/self/clear_refs
 * first) and, for `extract`, what was left in the target's parent folder.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  extractEvidenceBundle,
  readEvidenceBundle,
  verifyEvidenceBundle,
} from "../../evidence/mod.ts";

function kib(field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync("/proc/self/status", "utf8").split("\n");
  return Number(status.find((l) => l.startsWith(`${field}:`))!.split(/\s+/)[1]);
}

const [mode, ...files] = process.argv.slice(2);
const parent = mkdtempSync(join(tmpdir(), "kt-bounds-child-"));
const run: Record<string, (zip: Uint8Array) => unknown> = {
  read: (zip) => readEvidenceBundle(zip),
  verify: (zip) => verifyEvidenceBundle(zip),
  extract: (zip) => extractEvidenceBundle(zip, join(parent, "target")),
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
  const left = readdirSync(parent);
  console.log(JSON.stringify({ file, code, ms, growthMiB, left }));
}
rmSync(parent, { recursive: true, force: true });
