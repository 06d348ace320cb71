/**
 * Runs the CLI as a child process on the runtime running the test (`process.execPath`): Deno with
 * `run -A`, Bun directly, Node through `tsx`. Collects stdout, stderr and the exit code.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import process from "node:process";

/** The repo root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A fixed fake token: must never appear in any output. */
export const TOKEN = "kt_test_token_must_never_leak_0123456789";

/** What one run of the CLI left. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const g = globalThis as { Deno?: unknown; Bun?: unknown };

/** How to start `cli/mod.ts` on this runtime. */
export function cliCommand(): [string, string[]] {
  if (g.Deno) return [process.execPath, ["run", "-A", "cli/mod.ts"]];
  if (g.Bun) return [process.execPath, ["cli/mod.ts"]];
  return [process.execPath, ["--import", "tsx", "cli/mod.ts"]];
}

/** Runs the CLI with these arguments; the environment carries {@linkcode TOKEN} unless replaced. */
export function runCliProcess(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const [command, prefix] = cliCommand();
  return runProcess(command, [...prefix, ...args], env);
}

/** Runs a command in the repo with a small environment carrying {@linkcode TOKEN} unless replaced. */
export function runProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const base: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "DENO_DIR", "XDG_CACHE_HOME"]) {
    if (process.env[name] !== undefined) base[name] = process.env[name]!;
  }
  const merged: Record<string, string> = { ...base, NO_COLOR: "1", KEEPTRUSTS_API_TOKEN: TOKEN };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const child = spawn(command, args, {
    cwd: ROOT,
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t));
  child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every run's output must be free of the token, in any spelling a leak could take. */
export function assertNoToken(run: CliRun, token: string = TOKEN): void {
  for (const text of [run.stdout, run.stderr]) {
    if (text.includes(token) || text.includes(encodeURIComponent(token))) {
      throw new Error(`the token appeared in the CLI's output:\n${text}`);
    }
  }
}

/** Sends `count` governed chat completions through a stand-in's gateway; returns their request ids. */
export async function governedRequests(
  standIn: { gatewayUrl: string; tokens: { admin: string } },
  count: number,
  prefix: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const requestId = `${prefix}-${i}`;
    const response = await fetch(`${standIn.gatewayUrl}/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${standIn.tokens.admin}`,
        "content-type": "application/json",
        "x-request-id": requestId,
        "x-keeptrusts-agent-id": "agent-cli-test",
      },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: `question ${i}` }],
      }),
    });
    if (!response.ok) throw new Error(`chat completion failed: ${response.status}`);
    await response.body?.cancel();
    ids.push(requestId);
  }
  return ids;
}
