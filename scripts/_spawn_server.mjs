// One way to start a server in a child process and wait until it says where it listens: used by
// the test runner (`scripts/test.mjs`, which Node runs as plain JavaScript, hence `.mjs`), by the
// benchmarks and by tests that need the stand-in in a process of its own. The stand-in's path, its
// variables and the lines it prints are named here and nowhere else.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * @typedef {object} SpawnedServer
 * @property {import("node:child_process").ChildProcess} child The server process.
 * @property {RegExpExecArray} match What the ready pattern matched in its standard output.
 * @property {() => Promise<void>} close Stops the process and resolves once it has exited.
 */

/** @type {Set<import("node:child_process").ChildProcess>} */
const live = new Set();
let reaping = false;

/** Kills the servers still running when this process ends (also on Ctrl-C or a kill). */
function reapOnExit() {
  if (reaping) return;
  reaping = true;
  const reap = () => {
    for (const child of live) child.kill("SIGKILL");
  };
  process.once("exit", reap);
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
    process.once(/** @type {NodeJS.Signals} */ (signal), () => {
      reap();
      process.exit(code);
    });
  }
}

/**
 * Spawns `command` and resolves once its standard output matches `ready`. Rejects when the process
 * exits first or when `timeoutMs` passes (the process is then killed). Standard error is passed
 * through so that a crash explains itself.
 *
 * @param {string} command Executable.
 * @param {string[]} args Arguments.
 * @param {{ ready: RegExp, env?: Record<string, string | undefined>, timeoutMs?: number }} options
 * @returns {Promise<SpawnedServer>}
 */
export function spawnServer(command, args, options) {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  reapOnExit();
  live.add(child);
  const exited = new Promise((resolve) =>
    child.once("exit", () => {
      live.delete(child);
      resolve(undefined);
    })
  );
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} did not print ${options.ready} within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 60_000);
    const onData = (/** @type {Uint8Array} */ chunk) => {
      out += new TextDecoder().decode(chunk);
      const match = options.ready.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stdout?.resume(); // keep draining, so a chatty server never blocks on a full pipe
      resolve({ child, match, close });
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready`));
    });
  });
}

/**
 * The command line that runs the TypeScript file `script` on `runtime` (Node through `tsx`).
 *
 * @param {"deno" | "bun" | "node"} runtime
 * @param {string} script Path of a `.ts` file.
 * @param {string[]} [args] Its arguments.
 * @returns {string[]}
 */
export function runArgs(runtime, script, args = []) {
  if (runtime === "deno") return ["run", "-A", script, ...args];
  if (runtime === "bun") return [script, ...args];
  return ["--import", "tsx", script, ...args];
}

/** The stand-in's entry script. */
export const STAND_IN_SCRIPT = fileURLToPath(new URL("../testing/serve.ts", import.meta.url));

/**
 * @typedef {object} StandInProcess
 * @property {string} url Base URL (no `/v1`).
 * @property {string} gatewayUrl The gateway's OpenAI-style base URL (`url` + `/v1`).
 * @property {string} adminToken The stand-in's admin token (all scopes; also a gateway key).
 * @property {string} readToken Its read-only token.
 * @property {import("node:child_process").ChildProcess} child The server process.
 * @property {() => Promise<void>} close Stops it.
 */

/**
 * Starts the stand-in on a free loopback port in a process of its own, run by `runtime` (the
 * executable at `execPath`), seeded with `seedEvents` decisions.
 *
 * @param {{ runtime: "deno" | "bun" | "node", execPath: string, seedEvents?: number,
 *   env?: Record<string, string | undefined>, timeoutMs?: number }} options
 * @returns {Promise<StandInProcess>}
 */
export async function startStandInProcess(options) {
  const args = runArgs(options.runtime, STAND_IN_SCRIPT);
  const { child, match, close } = await spawnServer(options.execPath, args, {
    env: {
      ...(options.env ?? process.env),
      PORT: "0",
      KEEPTRUSTS_DEMO_SEED_EVENTS: String(options.seedEvents ?? 24),
    },
    ready: /listening on (http:\/\/\S+)[\s\S]*admin token:\s+(\S+)[\s\S]*read token:\s+(\S+)/,
    timeoutMs: options.timeoutMs ?? 600_000,
  });
  return {
    url: match[1],
    gatewayUrl: `${match[1]}/v1`,
    adminToken: match[2],
    readToken: match[3],
    child,
    close,
  };
}
