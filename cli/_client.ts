/**
 * The control-plane client of the online commands: the URL from `--url` (or `KEEPTRUSTS_API_URL`),
 * the token only from `KEEPTRUSTS_API_TOKEN` (a flag would leave it in the shell's history).
 * Private to the CLI; loaded only by the commands that talk to a server.
 *
 * @module
 */
import { type ControlPlaneClient, createControlPlaneClient } from "../control/mod.ts";
import { CliInputError } from "./_exit.ts";
import type { CliIo } from "./_io.ts";

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

/** A client for `url` with the token of `KEEPTRUSTS_API_TOKEN`; throws {@linkcode CliInputError}. */
export function openClient(io: CliIo, url: string | undefined): ControlPlaneClient {
  const baseUrl = checkUrl(url);
  const token = io.env("KEEPTRUSTS_API_TOKEN");
  if (token === undefined) {
    throw new CliInputError(
      "Set KEEPTRUSTS_API_TOKEN to a control-plane token (it is never taken from a flag)",
      { kind: "usage" },
    );
  }
  if (token.length < 8) {
    throw new CliInputError("KEEPTRUSTS_API_TOKEN is too short to be a control-plane token", {
      kind: "usage",
    });
  }
  try {
    return createControlPlaneClient({ baseUrl, bearerToken: token });
  } catch (err) {
    throw new CliInputError(
      `Cannot use --url or KEEPTRUSTS_API_TOKEN: ${(err as Error).message}`,
      { kind: "usage", cause: err },
    );
  }
}
