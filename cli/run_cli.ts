/**
 * `runCli`: the auditor's command line as a function, for `cli/mod.ts` and for tests.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { EXIT, type ExitCode } from "./_exit.ts";
import { createIo } from "./_io.ts";
import { describeError } from "./_errors.ts";
import { safeText } from "./_safe_text.ts";
import { type CliContext, printJson } from "./_command.ts";
import { verifyBundleCommand } from "./commands/verify_bundle.ts";
import { verifyTrailCommand } from "./commands/verify_trail.ts";
import { exportCommand } from "./commands/export.ts";
import { spendCommand } from "./commands/spend.ts";
import { pinCommand } from "./commands/pin.ts";

/** Options of {@linkcode runCli}: where output goes and where settings come from. */
export interface RunCliOptions {
  /** Receives stdout text. @default the process's stdout */
  stdout?: (text: string) => void;
  /** Receives stderr text. @default the process's stderr */
  stderr?: (text: string) => void;
  /** The environment (`KEEPTRUSTS_API_TOKEN`, `KEEPTRUSTS_API_URL`). @default the process's */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (a progress bar is drawn only then). @default `process.stderr.isTTY` */
  stderrIsTerminal?: boolean;
}

const OPTION_TYPES: Record<string, string> = {
  stdout: "function",
  stderr: "function",
  env: "object",
  stderrIsTerminal: "boolean",
};

/** Caller misuse from plain JavaScript: a TypeError naming what is wrong, before anything runs. */
function checkCall(args: unknown, options: unknown): void {
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) {
    throw new TypeError("Cannot run the CLI: args must be an array of strings");
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError("Cannot run the CLI: options must be an object");
  }
  for (const [key, value] of Object.entries(options)) {
    const type = OPTION_TYPES[key];
    if (type === undefined) throw new TypeError(`Cannot run the CLI: unknown option ${key}`);
    if (value !== undefined && (typeof value !== type || value === null)) {
      throw new TypeError(`Cannot run the CLI: ${key} must be a ${type}`);
    }
  }
}

function program(ctx: CliContext): Command {
  const root = new Command("keeptrusts")
    .description(
      "Check Keeptrusts evidence against keys you trust: offline for a bundle, online for a trail.\n\n" +
        "Exit codes: 0 verified (or done), 1 evidence failed, 2 usage or input error.\n" +
        "The token is read only from KEEPTRUSTS_API_TOKEN, never from a flag.",
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.out(text),
      writeErr: (text) => ctx.io.err(text),
      outputError: () => {}, // reported by runCli, redacted and rewritten
    })
    .helpCommand(false);
  verifyBundleCommand(root, ctx);
  verifyTrailCommand(root, ctx);
  exportCommand(root, ctx);
  spendCommand(root, ctx);
  pinCommand(root, ctx);
  return root;
}

/**
 * Runs the command line with these arguments and resolves with the exit code: 0 verified (or
 * done), 1 evidence failed, 2 usage or input error. Output goes to the process's stdout and stderr
 * unless `options` redirects it; the token (`KEEPTRUSTS_API_TOKEN`) never appears in it.
 *
 * @param args The arguments after the program name, e.g. `["verify-bundle", "e.zip", "--trust", pin]`.
 * @param options Where output goes, the environment, whether stderr is a terminal.
 * @returns The exit code; every failure of the run is reported and mapped to a code.
 * @throws {TypeError} when `args` is not an array of strings or an option is unknown or mistyped.
 *
 * @example A usage error is exit code 2, with the reason on stderr
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "@keeptrusts/client/cli";
 *
 * const errors: string[] = [];
 * const code = await runCli(["verify-bundle", "evidence.zip", "--trust", "sha256:12"], {
 *   stderr: (text) => errors.push(text),
 * });
 * assert.equal(code, 2);
 * assert.match(errors.join(""), /64 hex digits/);
 * ```
 */
export async function runCli(
  args: readonly string[],
  options: RunCliOptions = {},
): Promise<number> {
  checkCall(args, options);
  const io = createIo(options);
  let exitCode: ExitCode = EXIT.ok;
  const ctx: CliContext = { io, exit: (code) => void (exitCode = code) };
  try {
    await program(ctx).parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError && err.exitCode === 0) return EXIT.ok; // --help
    const problem = err instanceof CommanderError ? commanderProblem(err) : describeError(err);
    if (args.includes("--json")) {
      printJson(io, { ok: false, exit_code: problem.exit, error: problem.error });
    }
    io.err(`error: ${safeText(problem.error.message)}\n`);
    return problem.exit;
  }
}

function commanderProblem(err: CommanderError) {
  // `--token=abc` must not come back as "unknown option '--token=abc'".
  const message = err.message.replace(/^error: /, "").replace(/'(--?[^'=\s]+)=[^']*'/g, "'$1'");
  const hint = err.code === "commander.help" ? "a command is missing (see --help)" : message;
  return { exit: EXIT.usage, error: { kind: "usage", code: err.code, message: hint } } as const;
}
