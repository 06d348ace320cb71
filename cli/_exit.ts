/**
 * The CLI's exit codes and the error that means "usage or input error" (exit 2). Private to the CLI.
 *
 * @module
 */

/** Exit codes: 0 verified (or done), 1 evidence failed, 2 usage or input error. */
export const EXIT = { ok: 0, evidenceFailed: 1, usage: 2 } as const;

/** An exit code of the CLI. */
export type ExitCode = 0 | 1 | 2;

/**
 * A usage or input error (exit 2): a bad flag, a missing or unreadable file, a hostile zip, an
 * unreachable server. The message is shown as it is; it never carries a token.
 */
export class CliInputError extends Error {
  /** The error's class name. */
  override name = "CliInputError";
  /** A short machine-readable kind (`usage`, `input`, `network`, ...). */
  readonly kind: string;

  /**
   * @param message What could not be done and why.
   * @param options The kind, and the cause.
   */
  constructor(message: string, options: { kind?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.kind = options.kind ?? "input";
  }
}
