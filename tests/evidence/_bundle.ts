/**
 * Bundles for the tests: a genuine one from a test log, and the tools a forger has (unzip, edit,
 * recompute every checksum, re-sign with a key of their own, zip again).
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import {
  type Digest,
  type EvidenceBundle,
  exportBundleZip,
  type InclusionProof,
  type PublicKey,
  type TrailRecord,
  verifyTrailEvidence,
} from "../../evidence/mod.ts";
import type { TestLog } from "./_log.ts";

/** The bundle of record `seq` against digest number `digestIndex` of a test log. */
export function bundleOf(log: TestLog, seq: number, digestIndex: number): EvidenceBundle {
  const record = log.records[seq - 1] as unknown as TrailRecord;
  const digest = log.digests[digestIndex] as unknown as Digest;
  const publicKey = log.jwks.find((k) => k.kid === digest.kid) as unknown as PublicKey;
  const proof = log.inclusionProof(seq, digest.tree_size) as unknown as InclusionProof;
  const event = log.events.get(record.event_id!)!;
  const verification = verifyTrailEvidence({
    records: [record],
    digests: [digest],
    keys: [publicKey],
    inclusionProofs: [proof],
  });
  return {
    request_id: record.request_id!,
    event,
    record,
    inclusion_proof: proof,
    digest,
    public_key: publicKey,
    verification,
  };
}

/** The files of a zip, by name. */
export const filesOf = (zip: Uint8Array): Record<string, Uint8Array> => unzipSync(zip);

/** A zip of files, with `SHA256SUMS` recomputed (what a forger does so `sha256sum -c` passes). */
export function rezip(files: Record<string, Uint8Array>, resum = true): Uint8Array {
  const out = { ...files };
  if (resum) {
    out["SHA256SUMS"] = strToU8(
      Object.keys(out).filter((n) => n !== "SHA256SUMS").map((n) =>
        `${createHash("sha256").update(out[n]).digest("hex")}  ${n}\n`
      ).join(""),
    );
  }
  return zipSync(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [v, { level: 6 }]])));
}

/** A JSON file's value. */
export const json = (bytes: Uint8Array): Record<string, unknown> => JSON.parse(strFromU8(bytes));

/** A file written the way the bundle writes JSON. */
export const pretty = (value: unknown): Uint8Array =>
  strToU8(JSON.stringify(value, null, 2) + "\n");

/** base64url of bytes. */
export const b64u = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");

/** Writes a bundle with the SDK (the genuine article). */
export const zipOf = (bundle: EvidenceBundle): Uint8Array => exportBundleZip(bundle);
