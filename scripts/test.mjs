#!/usr/bin/env node
// The whole check suite: formatting, lint, types, docs, publish dry-run, the spec lint, the
// generated-client drift check, and the tests on Deno, Bun and Node 20 from the same files.
// Run with `npm test` (Node 20 + npm) or `deno task test` (this same file run by Deno). Deno and Bun
// come from node_modules (npm packages `deno` and `bun`), or from PATH when not installed there;
// the Node leg uses the running Node, or `node` from PATH.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStandInProcess } from "./_spawn_server.mjs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const bin = (
  name,
) => (existsSync(join(root, "node_modules/.bin", name))
  ? join(root, "node_modules/.bin", name)
  : name);
const deno = bin("deno");
const runningNode = typeof globalThis.Deno === "undefined" && typeof globalThis.Bun === "undefined";
const node = runningNode ? process.execPath : "node";
const bun = bin("bun");

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path));
    else if (name.endsWith("_test.ts")) out.push(path.slice(root.length));
  }
  return out;
}
const files = testFiles(join(root, "tests"));
const entries = [
  "mod.ts",
  "gateway/mod.ts",
  "control/mod.ts",
  "evidence/mod.ts",
  "testing/mod.ts",
  "cli/mod.ts",
];
const only = process.argv.slice(2);

const env = {
  ...process.env,
  NO_COLOR: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
};
const steps = [
  ["deno fmt --check", [deno, "fmt", "--check"]],
  ["deno lint", [deno, "lint"]],
  ["deno check", [deno, "check", ...entries, "demo/", "testing/", "scripts/", "tests/"]],
  ["deno doc --lint", [deno, "doc", "--lint", ...entries]],
  // Doc examples (README and docs/ too) run for real against a demo server on a free port, which
  // they find through the documented variables (KEEPTRUSTS_API_URL, KEEPTRUSTS_GATEWAY_URL, ...),
  // in a scratch working folder of their own (examples write files such as checkpoint.json).
  ["deno test --doc (examples, against a demo server)", [
    deno,
    "test",
    "--doc",
    "--allow-all",
    "--config",
    "deno.json",
    ...entries,
    "errors.ts",
    "evidence_errors.ts",
    "gateway/",
    "control/",
    "evidence/",
    "testing/",
    "cli/",
    "README.md",
    "docs/",
  ], { server: true, scratch: true }],
  ["deno publish --dry-run", [deno, "publish", "--dry-run", "--allow-dirty"]],
  ["spec lint (redocly)", [bin("redocly"), "lint", "spec/openapi.json"]],
  ["generated/ matches spec", [deno, "run", "-A", "scripts/generate.ts", "--check"]],
  ["tests on Deno", [deno, "test", "--allow-all", ...files]],
  ["tests on Bun", [bun, "test", "--timeout", "120000", ...files.map((f) => `./${f}`)]],
  // The benchmarks' smoke run: small sizes, few rounds, no timing asserted; it only proves that
  // every benchmark still runs against the current code (its results go to the temp directory).
  ["bench smoke (deno task bench --quick)", [
    deno,
    "run",
    "--allow-all",
    "scripts/bench/mod.ts",
    "--quick",
  ]],
  ["bench smoke on Bun (bun scripts/bench/mod.ts --quick)", [
    bun,
    "scripts/bench/mod.ts",
    "--quick",
  ]],
  ["tests on Node", [
    node,
    "--import",
    "tsx",
    "--test",
    "--test-reporter",
    "spec",
    ...files,
  ]],
];

let passed = 0;
let failed = 0;
const started = Date.now();
/**
 * Starts the stand-in on a free loopback port; resolves with it and the variables the doc examples
 * read (the documented ones, pointing at it, with its admin token).
 */
async function startDemoServer() {
  const server = await startStandInProcess({
    runtime: "deno",
    execPath: deno,
    seedEvents: 64,
    env,
    timeoutMs: 60_000,
  });
  return {
    close: server.close,
    env: {
      KEEPTRUSTS_API_URL: server.url,
      KEEPTRUSTS_GATEWAY_URL: server.gatewayUrl,
      KEEPTRUSTS_API_TOKEN: server.adminToken,
      KEEPTRUSTS_API_KEY: server.adminToken,
    },
  };
}

for (const [name, [cmd, ...args], options = {}] of steps) {
  if (only.length > 0 && !only.some((o) => name.toLowerCase().includes(o.toLowerCase()))) continue;
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  let server;
  try {
    if (options.server) server = await startDemoServer();
  } catch (err) {
    console.log(`could not start the demo server: ${err.message}`);
  }
  const scratch = options.scratch ? mkdtempSync(join(tmpdir(), "keeptrusts-examples-")) : undefined;
  const result = spawnSync(
    cmd,
    scratch ? args.map((a) => (existsSync(join(root, a)) ? join(root, a) : a)) : args,
    {
      stdio: "inherit",
      env: { ...env, ...server?.env },
      cwd: scratch ?? root,
    },
  );
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  await server?.close();
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status === 0) {
    passed++;
    console.log(`=== ${name}: ok (${seconds}s)`);
  } else {
    failed++;
    console.log(`=== ${name}: FAILED (exit ${result.status ?? result.signal}, ${seconds}s)`);
  }
}
console.log(
  `\nsuite: ${((Date.now() - started) / 1000).toFixed(1)}s on ${files.length} test files`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
