/**
 * Wall time of `verify-bundle` (process start to exit) on Deno, Bun and Node (tsx), against the
 * auditor's baseline on the same bundle: `sha256sum -c SHA256SUMS` + `openssl pkeyutl -verify`
 * (and the same with `unzip` first). Runs alternate, round by round; each figure is the median of
 * the per-round ratios (CLI / baseline), so a busy machine shifts both sides alike. Run with
 * `deno run -A scripts/cli_wall_time.ts [rounds]` (default 15). Say whether the machine was busy.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { buildEvidenceBundle, createControlPlaneClient, listEvents } from "../control/mod.ts";
import { exportBundleZip } from "../evidence/mod.ts";
import { startStandIn } from "../testing/mod.ts";
import { spread } from "./bench/_stats.ts";

const rounds = Number(process.argv[2] ?? 15);
const root = new URL("..", import.meta.url).pathname;
const bin = (name: string) => join(root, "node_modules/.bin", name);

const standIn = await startStandIn({ seedEvents: 24 });
const client = createControlPlaneClient({ baseUrl: standIn.url, bearerToken: standIn.tokens.read });
const { events } = await listEvents(client, { limit: 1 });
const zip = exportBundleZip(await buildEvidenceBundle(client, events[0].request_id!));
await standIn.close();

const dir = mkdtempSync(join(tmpdir(), "kt-wall-"));
const zipPath = join(dir, "evidence.zip");
writeFileSync(zipPath, zip);
const files = join(dir, "files");
spawnSync("unzip", ["-q", zipPath, "-d", files], { stdio: "inherit" });

const empty = join(dir, "empty.ts");
writeFileSync(empty, "export {};\n");
const check = "sha256sum -c --quiet SHA256SUMS && openssl pkeyutl -verify -pubin " +
  "-inkey public-key.pem -rawin -in digest.payload -sigfile digest.sig >/dev/null";
const cli = ["verify-bundle", zipPath, "--trust", standIn.fingerprint];
const commands: Record<string, [string, string[], string?]> = {
  "sha256sum + openssl": ["sh", ["-c", check], files],
  "unzip + sha256sum + openssl": [
    "sh",
    ["-c", `rm -rf x && unzip -q ${zipPath} -d x && cd x && ${check}`],
    dir,
  ],
  "deno run -A cli/mod.ts": [bin("deno"), ["run", "-A", "cli/mod.ts", ...cli]],
  "bun cli/mod.ts": [bin("bun"), ["cli/mod.ts", ...cli]],
  "node --import tsx cli/mod.ts": ["node", ["--import", "tsx", "cli/mod.ts", ...cli]],
  "npx tsx cli/mod.ts": ["npx", ["--no-install", "tsx", "cli/mod.ts", ...cli]],
  // The floor: each runtime starting an empty module.
  "(floor) deno run, empty module": [bin("deno"), ["run", "-A", empty]],
  "(floor) bun, empty module": [bin("bun"), [empty]],
  "(floor) node --import tsx, empty module": ["node", ["--import", "tsx", empty]],
};

function time([command, args, cwd]: [string, string[], string?]): number {
  const t0 = performance.now();
  const run = spawnSync(command, args, { cwd: cwd ?? root, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${run.stderr}`);
  return ms;
}

const names = Object.keys(commands);
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
for (const name of names) time(commands[name]); // warm caches (Deno's transpile cache, tsx's)
for (let r = 0; r < rounds; r++) {
  // Alternate the order, so that drift of a busy machine within a round cancels.
  for (const name of r % 2 === 0 ? names : [...names].reverse()) {
    times[name].push(time(commands[name]));
  }
}
rmSync(dir, { recursive: true, force: true });

const base = times["sha256sum + openssl"];
console.log(`verify-bundle wall time, ${rounds} alternating rounds, ${zip.length}-byte bundle`);
console.log(
  `load average: ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} cores`,
);
console.log(`${"command".padEnd(38)}${"median ms".padStart(10)}  ratio to the baseline (IQR)`);
for (const name of names) {
  const r = spread(times[name].map((t, i) => t / base[i]));
  const ms = spread(times[name]).median.toFixed(1).padStart(10);
  console.log(
    `${name.padEnd(38)}${ms}  ${r.median.toFixed(2)}x (${r.q1.toFixed(2)}-${r.q3.toFixed(2)})`,
  );
}
console.log("target: verify-bundle <= 3x the baseline (sha256sum + openssl) on each runtime");
