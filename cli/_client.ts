/**
 * The control-plane client of the online commands: the URL from `--url` (or `KEEPTRUSTS_API_URL`),
 * the token only from `KEEPTRUSTS_API_TOKEN` (a flag would leave it in the shell's history).
 * Private to the CLI; loaded only by the commands that talk to a server.
 *
 * @module
 */
import { type ControlPlaneClient, createControlPlaneClient } from "../control/mod.ts";
import { CliInputError } from "./_exit.ts";
import { checkUrl } from "./_url.ts";
import type { CliIo } from "./_io.ts";

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
