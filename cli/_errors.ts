/**
 * Maps whatever stopped a command to an exit code and a message for the user: a verification that
 * failed is 1; a bad flag, a missing file, a hostile zip, a server that cannot be reached or that
 * refuses is 2. Messages come from the SDK's errors, which never carry a token; output is redacted
 * again on its way out. Private to the CLI.
 *
 * @module
 */
import { CliInputError, EXIT, type ExitCode } from "./_exit.ts";

/** A failure as the CLI reports it. */
export interface CliProblem {
  /** The exit code. */
  readonly exit: ExitCode;
  /** What `--json` prints under `error`. */
  readonly error: { readonly kind: string; readonly code?: string; readonly message: string };
}

const KINDS: Record<string, string> = {
  KeeptrustsBundleError: "bundle",
  KeeptrustsConnectionError: "network",
  KeeptrustsTimeoutError: "network",
  KeeptrustsAuthenticationError: "server",
  KeeptrustsPermissionError: "server",
  KeeptrustsNotFoundError: "server",
  KeeptrustsRateLimitError: "server",
  KeeptrustsUnsupportedError: "server",
  KeeptrustsApiError: "server",
  KeeptrustsResponseError: "server",
  KeeptrustsValidationError: "server",
  KeeptrustsConfigurationError: "usage",
  KeeptrustsError: "input",
  TypeError: "usage",
  RangeError: "usage",
};

const HINTS: Record<string, string> = {
  record_not_signed: "pass --wait to wait for the signature",
};

/** The exit code and report of an error thrown by a command. */
export function describeError(err: unknown): CliProblem {
  if (err instanceof CliInputError) {
    return { exit: EXIT.usage, error: { kind: err.kind, message: err.message } };
  }
  const e = err as { name?: unknown; message?: unknown; code?: unknown; report?: unknown };
  const name = typeof e?.name === "string" ? e.name : "";
  const message = typeof e?.message === "string" ? e.message : String(err);
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (name === "KeeptrustsVerificationError") {
    return { exit: EXIT.evidenceFailed, error: { kind: "evidence", code, message } };
  }
  const kind = KINDS[name];
  if (kind !== undefined) {
    const hint = code && HINTS[code] ? ` (${HINTS[code]})` : "";
    return {
      exit: EXIT.usage,
      error: { kind, ...(code ? { code } : {}), message: message + hint },
    };
  }
  return {
    exit: EXIT.usage,
    error: { kind: "internal", message: `internal error (please report it): ${message}` },
  };
}
