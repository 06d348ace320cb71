/**
 * Every benchmark of the package: `deno task bench` on Deno, `bun scripts/bench/mod.ts` on Bun
 * (the targets are held on these two; Node is not measured). Arguments: names to run a subset (a metric or
 * curve is run when its name contains one: `gateway`, `control.iterate`, `scale.verify`),
 * `--quick` for the smoke run that the test suite makes (small sizes, few rounds: it proves that
 * the benchmarks run, its figures mean nothing), `--max-n <n>` to cap the scale curves, `--out
 * <file>` for the results file (default `scripts/bench/results/<runtime>.json`). See BENCHMARKS.md
 * for the method and the figures; `scripts/bench/charts.ts` draws the curves from the results.
 *
 * @module
 */
import { loadavg } from "node:os";
import { Bench, runtime, scriptArgs } from "./_harness.ts";
import { runtimeVersions } from "./_results.ts";
import * as gateway from "./gateway.ts";
import * as bundleSize from "./bundle_size.ts";
import * as gatewayOverhead from "./gateway_overhead.ts";
import * as control from "./control.ts";
import * as evidence from "./evidence.ts";
import * as scale from "./scale.ts";
import * as scaleOnline from "./scale_online.ts";

const bench = new Bench(scriptArgs());
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(`${runtime} ${JSON.stringify(runtimeVersions())}${bench.quick ? " --quick" : ""}`);
console.log(`load average at start: ${load()}`);
const started = performance.now();
for (const topic of [gateway, gatewayOverhead, bundleSize, control, evidence, scale, scaleOnline]) {
  await topic.run(bench);
}
console.log(
  `\nload average at end: ${load()}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`results: ${bench.results.write()}`);
