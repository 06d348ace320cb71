/**
 * The `--url` of the online commands, checked before anything is sent, and the wording of a server
 * that cannot be reached. Light on purpose: the commands import it at startup, while the control
 * lane itself is loaded only when a command calls it. Private to the CLI.
 *
 * @module
 */
import { CliInputError } from "./_exit.ts";

/** Checks a `--url` value before anything is sent: http(s), no credentials in it. */
export function checkUrl(url: string | undefined): string {
  if (url === undefined) {
    throw new CliInputError("Missing --url <control-plane> (or set KEEPTRUSTS_API_URL)", {
      kind: "usage",
    });
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliInputError("Cannot use --url: not a URL (e.g. https://api.keeptrusts.com)", {
      kind: "usage",
    });
  }
  if (parsed.username !== "" || parsed.password !== "") {
    // Never echo it: the part before @ is a credential.
    throw new CliInputError(
      "Cannot use --url: it carries credentials; set KEEPTRUSTS_API_TOKEN instead",
      { kind: "usage" },
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new CliInputError("Cannot use --url: only http and https URLs", { kind: "usage" });
  }
  return url;
}

/**
 * Runs a call to the control plane at `url`; a server that cannot be reached becomes a
 * {@linkcode CliInputError} naming the URL (given by the user, checked to carry no credentials).
 */
export async function reach<T>(url: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const { name, code } = (err ?? {}) as { name?: string; code?: string };
    // A wait for a signature that ran out is not an unreachable server.
    const unreachable = name === "KeeptrustsConnectionError" ||
      (name === "KeeptrustsTimeoutError" && code !== "record_not_signed");
    if (unreachable) {
      throw new CliInputError(`Cannot reach ${url}: ${(err as Error).message}`, {
        kind: "network",
        cause: err,
      });
    }
    throw err;
  }
}
