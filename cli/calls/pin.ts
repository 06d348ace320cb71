/**
 * The SDK call behind `pin`: `pinPublicKeys` of `./control`. Loaded only when the command runs.
 * Private to the CLI.
 *
 * @module
 */
import * as control from "../../control/mod.ts";
import { openClient } from "../_client.ts";
import { CliInputError } from "../_exit.ts";
import type { CliIo } from "../_io.ts";

/** A pinned key as `pin` prints it. */
export interface PinnedKey {
  readonly fingerprint: string;
  readonly kid: string | null;
  readonly status: string | null;
  readonly endorsed_by: string | null;
}

/** The current keys' pins of the control plane at `url` (trust on first use). */
export async function pinKeys(io: CliIo, url: string): Promise<PinnedKey[]> {
  const client = openClient(io, url);
  const pin = (control as Record<string, unknown>).pinPublicKeys;
  if (typeof pin !== "function") {
    throw new CliInputError("This build of @keeptrusts/client has no pinPublicKeys", {
      kind: "unsupported",
    });
  }
  return await pin(client) as PinnedKey[];
}
