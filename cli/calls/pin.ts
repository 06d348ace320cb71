/**
 * The SDK calls behind `pin`: `pinPublicKeys` of `./control` (explicit trust on first use: the
 * fingerprints of the served keys, checked to form one endorsed history), with each key's id and
 * status from `listPublicKeys` for the table. Loaded only when the command runs. Private to the CLI.
 *
 * @module
 */
import { listPublicKeys, pinPublicKeys } from "../../control/mod.ts";
import { keyFingerprint } from "../../evidence/mod.ts";
import { openClient } from "../_client.ts";
import type { CliIo } from "../_io.ts";

/** A pinned key as `pin` prints it. */
export interface PinnedKey {
  /** `sha256:` and the hex SHA-256 of the key's SPKI DER: the pin. */
  readonly fingerprint: string;
  /** The key's id, as served (null when the key list changed between the two calls). */
  readonly kid: string | null;
  /** `active` or `retired`, as served. */
  readonly status: string | null;
  /** The key that endorsed this one on rotation; null for the first key. */
  readonly endorsed_by: string | null;
}

function fingerprintOf(key: unknown): string | null {
  try {
    return keyFingerprint(key);
  } catch {
    return null;
  }
}

/** The current keys' pins of the control plane at `url` (trust on first use). */
export async function pinKeys(io: CliIo, url: string): Promise<PinnedKey[]> {
  const client = openClient(io, url);
  const pins = await pinPublicKeys(client);
  const { keys } = await listPublicKeys(client);
  const served = new Map(keys.map((k) => [fingerprintOf(k), k]));
  return pins.map((fingerprint) => {
    const key = served.get(fingerprint) as
      | { kid?: unknown; status?: unknown; endorsement?: { kid?: unknown } | null }
      | undefined;
    const text = (v: unknown) => (typeof v === "string" ? v : null);
    return {
      fingerprint,
      kid: text(key?.kid),
      status: text(key?.status),
      endorsed_by: text(key?.endorsement?.kid),
    };
  });
}
