/**
 * Offline verification of an evidence bundle zip (read with `readEvidenceBundle`).
 *
 * @module
 */
import { createPublicKey } from "node:crypto";
import { digestPayloadJson, sha256Hex } from "./_canonical.ts";
import { KeeptrustsVerificationError } from "../errors.ts";
import { decodeSignature } from "./_ed25519.ts";
import { BUNDLE_FILES } from "./export_bundle_zip.ts";
import { type BundleReadLimits, readEvidenceBundle } from "./read_evidence_bundle.ts";
import type {
  Digest,
  EvidenceBundle,
  PublicKey,
  TrailFailure,
  TrailRecord,
  TrailVerification,
} from "./types.ts";
import { verifyTrailEvidence } from "./verify_trail_evidence.ts";

type EventDetail = EvidenceBundle["event"];
/** The report of {@linkcode verifyEvidenceBundle}. */
export interface BundleVerification extends TrailVerification {
  /** The request id the bundle is about, when readable. */
  readonly request_id: string | null;
  /** The event id, when readable. */
  readonly event_id: string | null;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function parseJson<T>(
  files: Record<string, Uint8Array>,
  name: string,
  failures: TrailFailure[],
): T | undefined {
  try {
    return JSON.parse(decoder.decode(files[name])) as T;
  } catch {
    failures.push({
      file: name,
      code: "malformed_file",
      reason: `${name} is not valid UTF-8 JSON`,
    });
    return undefined;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Verifies an evidence bundle zip offline, trusting nothing in it: every checksum in `SHA256SUMS`,
 * that every file is listed, the event's payload hash against its trail record, the chain from that
 * record to the digest head, the digest's range, head and Ed25519 signature with the bundled key
 * (valid at the digest's time), and that `digest.payload`, `digest.sig` and `public-key.pem` agree
 * with `digest.json` and `public-key.jwk.json`.
 *
 * @param zip The zip's bytes.
 * @param limits Size limits of the reader.
 * @returns The report, with every failure found; `ok` is false when anything is wrong.
 * @throws {KeeptrustsBundleError} when the archive itself is hostile or malformed (see
 * {@linkcode readEvidenceBundle}).
 *
 * @example Check a bundle received from a third party
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { exportBundleZip, verifyEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const zip = exportBundleZip(await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000002"));
 * const report = verifyEvidenceBundle(zip); // e.g. await Deno.readFile("evidence.zip")
 * assert.equal(report.ok, true);
 * assert.deepEqual(report.failures, []);
 * ```
 */
export function verifyEvidenceBundle(
  zip: Uint8Array,
  limits: BundleReadLimits = {},
): BundleVerification {
  // The reader refuses unknown limits; `trustedKeys` (section 5's options, not landed yet) is not one.
  const { trustedKeys: _, ...readLimits } = limits as BundleReadLimits & { trustedKeys?: unknown };
  const files = readEvidenceBundle(zip, readLimits);
  const failures: TrailFailure[] = [];
  for (const name of Object.keys(files)) {
    if (!BUNDLE_FILES.includes(name)) {
      failures.push({
        file: name,
        code: "unexpected_file",
        reason: `${name} is not part of an evidence bundle`,
      });
    }
  }
  const missing = BUNDLE_FILES.filter((f) => !(f in files));
  for (const name of missing) {
    failures.push({ file: name, code: "missing_file", reason: `${name} is missing` });
  }
  const broken = (extra: Partial<BundleVerification> = {}): BundleVerification => ({
    ok: false,
    chain_integrity: "broken",
    records_verified: 0,
    digests_verified: 0,
    pending_records: 0,
    first_seq: null,
    last_seq: null,
    head_hash: null,
    request_id: null,
    event_id: null,
    failures,
    ...extra,
  });
  if (missing.length > 0) return broken();

  // Checksums.
  const listed = new Set<string>();
  let sums = "";
  try {
    sums = decoder.decode(files["SHA256SUMS"]);
  } catch {
    failures.push({
      file: "SHA256SUMS",
      code: "malformed_file",
      reason: "SHA256SUMS is not UTF-8",
    });
  }
  for (const line of sums.split("\n")) {
    if (line === "") continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      failures.push({
        file: "SHA256SUMS",
        code: "malformed_file",
        reason: "SHA256SUMS has a malformed line",
      });
      continue;
    }
    listed.add(m[2]);
    const bytes = files[m[2]];
    if (!bytes) {
      failures.push({
        file: m[2],
        code: "missing_file",
        reason: `${m[2]} is listed in SHA256SUMS but missing`,
      });
    } else if (sha256Hex(bytes) !== m[1]) {
      failures.push({
        file: m[2],
        code: "checksum_mismatch",
        reason: `${m[2]} does not match its SHA256SUMS checksum`,
      });
    }
  }
  for (const name of BUNDLE_FILES) {
    if (name !== "SHA256SUMS" && !listed.has(name)) {
      failures.push({ file: name, code: "unlisted_file", reason: `${name} is not in SHA256SUMS` });
    }
  }

  const event = parseJson<EventDetail>(files, "event.json", failures);
  const digest = parseJson<Digest>(files, "digest.json", failures);
  const key = parseJson<PublicKey>(files, "public-key.jwk.json", failures);
  const manifest = parseJson<{ request_id?: string; event_id?: string }>(
    files,
    "manifest.json",
    failures,
  );
  let trail: TrailRecord[] = [];
  try {
    trail = decoder.decode(files["trail.jsonl"]).split("\n").filter((l) => l !== "").map((l) =>
      JSON.parse(l)
    );
  } catch {
    failures.push({
      file: "trail.jsonl",
      code: "malformed_file",
      reason: "trail.jsonl is not UTF-8 JSON lines",
    });
  }
  if (
    !event || !digest || !key || trail.length === 0 || typeof digest !== "object" ||
    typeof key !== "object"
  ) {
    if (trail.length === 0) {
      failures.push({
        file: "trail.jsonl",
        code: "missing_record",
        reason: "trail.jsonl holds no record",
      });
    }
    return broken();
  }

  // The event and its record.
  const first = trail[0];
  if (first.event_id !== event.event_id) {
    failures.push({
      seq: first.seq,
      file: "trail.jsonl",
      code: "event_mismatch",
      reason: `the first record is not event ${event.event_id}'s`,
    });
  }
  if (
    manifest && (manifest.event_id !== event.event_id || manifest.request_id !== event.request_id)
  ) {
    failures.push({
      file: "manifest.json",
      code: "manifest_mismatch",
      reason: "manifest.json names another event or request",
    });
  }
  if (!(digest.first_seq <= first.seq && first.seq <= digest.last_seq)) {
    failures.push({
      digest_id: digest.digest_id,
      code: "not_covered",
      reason: `digest ${digest.digest_id} does not cover record ${first.seq}`,
    });
  }
  if (trail[trail.length - 1].seq !== digest.last_seq) {
    failures.push({
      seq: trail[trail.length - 1].seq,
      file: "trail.jsonl",
      code: "head_missing",
      reason: `trail.jsonl does not reach the digest head (seq ${digest.last_seq})`,
    });
  }

  // The detached signature files agree with the digest and key.
  try {
    if (
      !equalBytes(
        files["digest.payload"],
        new TextEncoder().encode(digestPayloadJson(digest as unknown as Record<string, unknown>)),
      )
    ) {
      failures.push({
        file: "digest.payload",
        digest_id: digest.digest_id,
        code: "payload_mismatch",
        reason: "digest.payload is not the canonical form of digest.json",
      });
    }
  } catch {
    failures.push({
      file: "digest.json",
      code: "malformed_file",
      reason: "digest.json cannot be canonicalised",
    });
  }
  const sig = typeof digest.signature === "string" ? decodeSignature(digest.signature) : undefined;
  if (!sig || !equalBytes(files["digest.sig"], sig)) {
    failures.push({
      file: "digest.sig",
      digest_id: digest.digest_id,
      code: "bad_signature",
      reason: "digest.sig is not the signature in digest.json",
    });
  }
  try {
    const pemKey = createPublicKey(new TextDecoder().decode(files["public-key.pem"])).export({
      format: "jwk",
    }) as { x?: string };
    if (pemKey.x !== key.x) {
      failures.push({
        file: "public-key.pem",
        code: "key_mismatch",
        reason: "public-key.pem is not the key in public-key.jwk.json",
      });
    }
  } catch {
    failures.push({
      file: "public-key.pem",
      code: "malformed_file",
      reason: "public-key.pem is not a public key",
    });
  }
  if (digest.kid !== key.kid) {
    failures.push({
      digest_id: digest.digest_id,
      code: "unknown_kid",
      reason: `the digest is signed by ${digest.kid}, the bundle holds key ${key.kid}`,
    });
  }

  // The chain, the digest and the signature: the same pure check as verifyTrail's.
  let chain: TrailVerification;
  try {
    chain = verifyTrailEvidence({
      records: trail,
      digests: [digest],
      keys: [key],
      events: new Map([[event.event_id, event]]),
    });
  } catch {
    failures.push({
      code: "malformed_file",
      reason: "the trail, digest or key has an unexpected shape",
    });
    return broken({ request_id: event.request_id ?? null, event_id: event.event_id ?? null });
  }
  const all = [...failures, ...chain.failures];
  return {
    ...chain,
    ok: all.length === 0,
    chain_integrity: all.length > 0 ? "broken" : chain.chain_integrity,
    failures: all,
    request_id: event.request_id ?? null,
    event_id: event.event_id ?? null,
  };
}

/**
 * Like {@linkcode verifyEvidenceBundle}, but throws when the bundle does not verify.
 *
 * @param zip The zip's bytes.
 * @param limits Size limits of the reader.
 * @returns The passing report.
 * @throws {KeeptrustsBundleError} when the archive itself is hostile or malformed.
 * @throws {KeeptrustsVerificationError} when the evidence does not verify; the report is in
 * `report`.
 *
 * @example Gate an upload on a valid bundle
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { assertEvidenceBundle, exportBundleZip } from "@keeptrusts/client/evidence";
 *
 * const zip = exportBundleZip(await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000003"));
 * assert.equal(assertEvidenceBundle(zip).ok, true);
 * ```
 */
export function assertEvidenceBundle(
  zip: Uint8Array,
  limits: BundleReadLimits = {},
): BundleVerification {
  const report = verifyEvidenceBundle(zip, limits);
  if (!report.ok) {
    throw new KeeptrustsVerificationError(
      `Evidence bundle does not verify: ${report.failures[0]?.reason}`,
      { report },
    );
  }
  return report;
}
