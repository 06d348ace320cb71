/**
 * `pinPublicKeys`: trust on first use, as an explicit call.
 *
 * @module
 */
import { KeeptrustsVerificationError } from "../evidence_errors.ts";
import { keyFingerprint, verifyPublicKeys } from "../evidence/mod.ts";
import type { PublicKey } from "../evidence/types.ts";
import { checkOptionKeys } from "./_evidence_route.ts";
import type { CallOptions } from "./call_options.ts";
import type { ControlPlaneClient } from "./control_plane_client.ts";
import { listPublicKeys } from "./list_public_keys.ts";

/**
 * Trust on first use: returns the fingerprints (`"sha256:<hex>"`) of every signing key the server
 * shows now, for you to store and pass as `trustedKeys` from then on. The keys must form one
 * history: each key introduced by rotation validly endorsed by the key before it.
 *
 * What it gives: from then on, a server (or a zip) that presents another key, rewrites history
 * under a new key, or rotates without a valid endorsement from these keys is caught
 * (`untrusted_key`). What it does not give: proof that these keys are Keeptrusts' own. Whoever
 * answered this call is trusted; compare the first key's fingerprint with the one the platform
 * publishes (the stand-in prints it at startup) before relying on the pins.
 *
 * @param client A client from `createControlPlaneClient()`.
 * @param options Signal, timeout, `callRequestId`.
 * @returns The fingerprints of the keys served, oldest first.
 * @throws {KeeptrustsVerificationError} when a served key is malformed, ambiguous, or badly
 * endorsed (the report is in `report`): there is no consistent history to trust.
 *
 * @example Pin once, store, verify from then on
 * ```ts
 * import assert from "node:assert/strict";
 * import { createControlPlaneClient, pinPublicKeys, verifyTrail } from "@keeptrusts/client/control";
 *
 * const client = createControlPlaneClient();
 * const trustedKeys = await pinPublicKeys(client); // store these with your audit configuration
 * assert.match(trustedKeys[0], /^sha256:[0-9a-f]{64}$/);
 * const report = await verifyTrail(client, { trustedKeys, allowPending: true });
 * assert.equal(report.ok, true);
 * ```
 */
export async function pinPublicKeys(
  client: ControlPlaneClient,
  options: CallOptions = {},
): Promise<string[]> {
  checkOptionKeys(options, [], "pin public keys");
  const { keys } = await listPublicKeys(client, options);
  const roots: string[] = [];
  for (const key of keys as readonly PublicKey[]) {
    if (key?.endorsement !== undefined && key?.endorsement !== null) continue;
    try {
      roots.push(keyFingerprint(key));
    } catch {
      // reported by verifyPublicKeys below
    }
  }
  const report = verifyPublicKeys(keys as readonly PublicKey[], { trustedKeys: roots });
  if (!report.ok) {
    throw new KeeptrustsVerificationError(
      `Cannot pin public keys: the served keys are not one endorsed history: ${
        report.failures[0].reason
      }`,
      { report },
    );
  }
  return report.keys.map((k) => k.fingerprint);
}
