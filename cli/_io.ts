/**
 * Where the CLI writes: stdout for the report or the JSON document, stderr for messages and the
 * progress bar. Every string passes through {@linkcode CliIo.redact} first, so the token cannot
 * reach the terminal, a pipe or a log, whatever carries it there.
 *
 * @module
 */
import process from "node:process";
import type { RunCliOptions } from "./run_cli.ts";

/** The CLI's view of its process: output, environment and the secret to keep out of output. */
export interface CliIo {
  /** Writes to stdout (redacted). */
  out(text: string): void;
  /** Writes to stderr (redacted). */
  err(text: string): void;
  /** Reads an environment variable (empty counts as unset). */
  env(name: string): string | undefined;
  /** Whether a progress bar may be drawn on stderr. */
  readonly stderrIsTerminal: boolean;
  /** The text with every occurrence of the token replaced. */
  redact(text: string): string;
}

const MARK = "[redacted]";

function processEnv(name: string): string | undefined {
  try {
    return process.env[name];
  } catch {
    return undefined; // Deno without --allow-env: reads as unset
  }
}

/**
 * Replaces the token, and its JSON-escaped and URL-encoded spellings, by a mark. A token shorter
 * than 8 characters would redact ordinary words: the client refuses such a token before using it.
 */
function redactor(token: string | undefined): (text: string) => string {
  if (token === undefined || token.length < 8) return (text) => text;
  const spellings = [
    ...new Set([token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token)]),
  ];
  return (text) => spellings.reduce((t, s) => t.split(s).join(MARK), text);
}

/** The CLI's output and environment, from `runCli`'s options or the process. */
export function createIo(options: RunCliOptions = {}): CliIo {
  const env = (name: string) => {
    const v = options.env ? options.env[name] : processEnv(name);
    return v === undefined || v === "" ? undefined : v;
  };
  const redact = redactor(env("KEEPTRUSTS_API_TOKEN"));
  const stdout = options.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = options.stderr ?? ((t: string) => void process.stderr.write(t));
  return {
    out: (text) => stdout(redact(text)),
    err: (text) => stderr(redact(text)),
    env,
    stderrIsTerminal: options.stderrIsTerminal ?? process.stderr.isTTY === true,
    redact,
  };
}
