/**
 * Bundle-size benchmarks of the gateway lane: what it adds, minified and gzipped (level 9), to an
 * application that already bundles `openai`, built by esbuild for the browser (ESM, minified) the
 * way #14 measures it. Three export sets (`createGatewayClient`; with `decodeGatewayError`;
 * `export *`), each as one file (`gateway.bundle_bytes.<set>`: a bundler without code splitting
 * inlines the lazily loaded OpenTelemetry code) and as the initial chunk with `splitting: true`
 * (`gateway.bundle_bytes.<set>_initial`: what a page loads before its first traced call). The
 * figures are exact, not timed: one build each. The builds are the same on every runtime; the
 * gzip is each runtime's `node:zlib`, and Deno's and Bun's deflate come out some 40 bytes larger
 * than Node's on these inputs (Node's matches the command in #14). Each set also prints the lane's
 * largest files (minified bytes in the single-file output, from esbuild's metafile).
 *
 * @module
 */
import { build, type Metafile, type OutputFile } from "esbuild";
import { gzipSync } from "node:zlib";
import type { Bench } from "./_harness.ts";

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);

/** The export sets measured, as the source of an application's entry module. */
export const EXPORT_SETS: Readonly<Record<string, string>> = {
  create: `export { createGatewayClient } from "./gateway/mod.ts";`,
  decode: `export { createGatewayClient, decodeGatewayError } from "./gateway/mod.ts";`,
  all: `export * from "./gateway/mod.ts";`,
};
const BASELINE = `export { OpenAI } from "openai";`;

const gz = (file: OutputFile) => gzipSync(file.contents, { level: 9 }).length;

/** One build of `contents`: the files written and the metafile. */
async function bundle(contents: string, splitting: boolean) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    splitting,
    // Nothing is written (`write: false`); output paths are this folder's, relative to the root.
    absWorkingDir: ROOT,
    outdir: `${ROOT}.bundle-out`,
    logLevel: "silent",
  });
  return { files: result.outputFiles, meta: result.metafile };
}

/**
 * Gzipped bytes of what an application built from `contents` loads first: with splitting, the entry
 * chunk and the chunks it imports statically (not those behind `import()`), each gzipped as served;
 * and the build's metafile.
 */
export async function initialBytes(
  contents: string,
  splitting: boolean,
): Promise<{ bytes: number; meta: Metafile }> {
  const { files, meta } = await bundle(contents, splitting);
  const size = new Map(files.map((f) => [f.path.slice(ROOT.length), gz(f)]));
  const seen = new Set<string>();
  const walk = (out: string): number => {
    if (seen.has(out)) return 0;
    seen.add(out);
    return size.get(out)! + meta.outputs[out].imports
      .filter((i) => i.kind === "import-statement" && !i.external)
      .reduce((sum, i) => sum + walk(i.path), 0);
  };
  return { bytes: walk(Object.keys(meta.outputs).find((k) => meta.outputs[k].entryPoint)!), meta };
}

/** The lane's own files in a single-file build, largest first (minified bytes in the output). */
export function laneFiles(meta: Metafile): [string, number][] {
  const inputs = Object.values(meta.outputs)[0].inputs;
  return Object.entries(inputs)
    .filter(([file, i]) => !file.includes("node_modules") && i.bytesInOutput > 0)
    .map(([file, i]): [string, number] => [file, i.bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
}

/** Runs the bundle-size benchmarks selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (!bench.want("gateway.bundle")) return;
  const single = (await initialBytes(BASELINE, false)).bytes;
  const split = (await initialBytes(BASELINE, true)).bytes;
  for (const set of bench.quick ? ["create"] : Object.keys(EXPORT_SETS)) {
    const contents = EXPORT_SETS[set];
    // The #14 target is for the app that imports only createGatewayClient.
    const target = set === "create" ? { op: "<=" as const, value: 2048 } : undefined;
    const one = await initialBytes(contents, false);
    const top = laneFiles(one.meta).slice(0, 6).map(([f, b]) => `${f} ${b}`).join(", ");
    bench.record(`gateway.bundle_bytes.${set}`, one.bytes - single, {
      target,
      baseline: "openai alone, same build (esbuild, browser ESM, minified, gzip -9), one file",
      unit: "bytes",
      detail: `largest lane files (minified bytes): ${top}`,
    });
    bench.record(
      `gateway.bundle_bytes.${set}_initial`,
      (await initialBytes(contents, true)).bytes - split,
      {
        target,
        baseline: "openai alone, same build with splitting: true, its initial chunks",
        unit: "bytes",
      },
    );
  }
}
