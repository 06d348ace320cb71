/**
 * The evidence API as the benchmarks call it, in one file: the verifiers gain options
 * (`trustedKeys`, `checkpoint`) and the bundle a new layout in this round, and only this file
 * follows. Imports the package through its `./evidence` entry point.
 *
 * @module
 */
import {
  exportBundleZip,
  verifyEvidenceBundle,
  verifyTrailEvidence,
  verifyTrailEvidenceAsync,
} from "../../evidence/mod.ts";
import { inclusionProofFailure } from "../../evidence/_merkle_proof.ts";
import type { SyntheticTrail } from "./_trail.ts";

/** What the benchmarks read from a verification report. */
export interface Report {
  readonly ok: boolean;
  readonly records_verified: number;
  readonly failures: readonly { code: string }[];
}

// The verifier of section 5 takes `(input, { trustedKeys, ... })`; the one before it ignores a
// second argument. Passing the key as a pin is what a user does, so both are measured fairly.
const verify = verifyTrailEvidence as unknown as (input: unknown, options?: unknown) => Report;

/** `verifyTrailEvidence` over a synthetic trail, its key pinned. */
export function verifyOffline(trail: SyntheticTrail): Report {
  return verify(
    { records: trail.records, digests: trail.digests, keys: trail.keys },
    { trustedKeys: trail.keys },
  );
}

/**
 * `verifyTrailEvidenceAsync` over a synthetic trail, its key pinned: worker threads by default
 * from its threshold on, or `workers` of them (0: the calling thread only).
 */
export function verifyOfflineAsync(trail: SyntheticTrail, workers?: number): Promise<Report> {
  return verifyTrailEvidenceAsync(
    // deno-lint-ignore no-explicit-any
    { records: trail.records, digests: trail.digests as any, keys: trail.keys as any },
    // deno-lint-ignore no-explicit-any
    { trustedKeys: trail.keys as any, ...(workers === undefined ? {} : { workers }) },
  );
}

/**
 * Whether the SDK's verifier checks the tree heads (`root_hash`): a trail whose last head carries a
 * wrong root, validly signed, must fail. Until it does, a comparison with a baseline that computes
 * roots would flatter the SDK, and is not reported.
 */
export function checksTreeHeads(
  trail: SyntheticTrail,
  resign: (d: Record<string, unknown>) => Record<string, unknown>,
): boolean {
  const digests = [...trail.digests];
  const last = digests[digests.length - 1];
  digests[digests.length - 1] = resign({ ...last, root_hash: "f".repeat(64) });
  return !verifyOffline({ ...trail, digests }).ok;
}

const exportZip = exportBundleZip as unknown as (bundle: unknown) => Uint8Array;
const verifyZip = verifyEvidenceBundle as unknown as (zip: Uint8Array, options?: unknown) => Report;

/** `exportBundleZip` of a bundle the benchmarks assembled. */
export function exportBundle(bundle: Record<string, unknown>): Uint8Array {
  return exportZip(bundle);
}

/** `verifyEvidenceBundle` of a zip, the bundle's key pinned. */
export function verifyBundle(zip: Uint8Array, keys: readonly unknown[]): Report {
  return verifyZip(zip, { trustedKeys: keys });
}

/**
 * The SDK's own RFC 9162 inclusion check, the one `verifyEvidenceBundle` and `verifyTrail` run
 * (internal: the package exports no bare proof checker): `undefined` when the proof holds.
 */
export function sdkInclusionFailure(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): string | undefined {
  return inclusionProofFailure(leaf, index, size, path, root);
}
