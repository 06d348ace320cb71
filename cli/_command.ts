/**
 * What every command shares: the context it runs in, the `--json` flag, and the way an action hands
 * back its exit code. Private to the CLI.
 *
 * @module
 */
import type { Command } from "commander";
import type { ExitCode } from "./_exit.ts";
import type { CliIo } from "./_io.ts";
import { safeJson } from "./_safe_text.ts";

/** What a command's action gets besides its arguments. */
export interface CliContext {
  /** Output, environment, redaction. */
  readonly io: CliIo;
  /** Records the exit code of the command that ran. */
  exit(code: ExitCode): void;
}

/** Options every command takes. */
export interface CommonOptions {
  /** One JSON document on stdout instead of the readable report. */
  json?: boolean;
}

/** Adds the options every command takes and binds its action to the exit code. */
export function defineCommand<A extends unknown[], O extends CommonOptions>(
  command: Command,
  ctx: CliContext,
  action: (...args: [...A, O]) => Promise<ExitCode>,
): Command {
  return command
    .option("--json", "print one JSON document on stdout instead of the report")
    .action(async (...given: unknown[]) => {
      // commander passes the arguments, the options, then the command itself.
      const args = given.slice(0, -2) as A;
      const options = given[given.length - 2] as O;
      ctx.exit(await action(...args, options));
    });
}

/** Writes a JSON document on stdout (one per run). */
export function printJson(io: CliIo, value: unknown): void {
  io.out(safeJson(value) + "\n");
}
