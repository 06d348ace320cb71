/**
 * `exportBundleZip`: an evidence bundle as a deterministic zip that standard tools can check. Its
 * size does not depend on the log's: one record and an O(log n) inclusion proof.
 *
 * @module
 */
import { type Zippable, zipSync } from "fflate";
import { base64UrlBytes } from "./_bytes.ts";
import { canonicalJson, recordJson, sha256Hex } from "./_canonical.ts";
import { bundleReadme } from "./_bundle_readme.ts";
import { signedText } from "./_check_signature.ts";
import { ed25519Raw, ed25519Spki, fingerprintOfRaw } from "./key_fingerprint.ts";
import type { EvidenceBundle } from "./types.ts";

/** Names of the files in a bundle zip, in archive order. */
export const BUNDLE_FILES: readonly string[] = [
  "README.txt",
  "manifest.json",
  "event.json",
  "record.json",
  "inclusion-proof.json",
  "digest.json",
  "digest.payload",
  "digest.sig",
  "public-key.jwk.json",
  "public-key.pem",
  "verification.json",
  "SHA256SUMS",
];

/** The `format` and `version` of the bundles this SDK writes (and the only ones it verifies). */
export const BUNDLE_FORMAT = { format: "keeptrusts-evidence-bundle", version: 2 } as const;

const encoder = new TextEncoder();
// Fixed timestamp so that the same bundle always gives the same bytes.
const MTIME = new Date("2000-01-01T00:00:00Z");

function pretty(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value, null, 2) + "\n");
}

/** An SPKI PEM of a raw Ed25519 key, 64 characters a line. */
export function spkiPem(raw: Uint8Array): string {
  let b64 = "";
  for (const byte of ed25519Spki(raw)) b64 += String.fromCharCode(byte);
  const lines = btoa(b64).match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`;
}

/**
 * Writes an evidence bundle as a zip (DESIGN section 5): `README.txt` (how to check it with
 * `sha256sum`, `openssl` and Python 3), `manifest.json` (format and version), `event.json` (the
 * event's canonical bytes, so `sha256sum event.json` is the payload hash), `record.json`,
 * `inclusion-proof.json`, `digest.json`, `digest.payload` (the exact signed bytes), `digest.sig`
 * (raw 64-byte signature), `public-key.jwk.json`, `public-key.pem` (SPKI), `verification.json` and
 * `SHA256SUMS` (`sha256sum -c` format). Deterministic: the same bundle gives the same bytes.
 *
 * @param bundle A bundle from `buildEvidenceBundle`.
 * @returns The zip's bytes.
 * @throws {TypeError} when the digest's signature is not 64 base64url bytes, the key is not an
 * Ed25519 JWK, or the event, record or digest has no canonical JSON form.
 *
 * @example Write a bundle to disk
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { exportBundleZip, readEvidenceBundle } from "@keeptrusts/client/evidence";
 *
 * const bundle = await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000001");
 * const zip = exportBundleZip(bundle);
 * assert.ok(zip.length < 16 * 1024);
 * assert.ok(Object.keys(readEvidenceBundle(zip)).includes("inclusion-proof.json"));
 * ```
 */
export function exportBundleZip(bundle: EvidenceBundle): Uint8Array {
  const action = "Cannot export bundle";
  const signature = base64UrlBytes(bundle.digest?.signature, 64);
  if (!signature) throw new TypeError(`${action}: the digest signature is not 64 base64url bytes`);
  const raw = ed25519Raw(bundle.public_key);
  if (typeof raw === "string") throw new TypeError(`${action}: the public key ${raw}`);
  const payload = signedText(bundle.digest as unknown as Record<string, unknown>);
  let event: string;
  let record: string;
  try {
    event = canonicalJson(bundle.event);
    record = recordJson(bundle.record as unknown as Record<string, unknown>);
  } catch {
    throw new TypeError(`${action}: the event or record has no RFC 8785 form`);
  }
  if (payload === undefined) throw new TypeError(`${action}: the digest has no RFC 8785 form`);
  const fingerprint = fingerprintOfRaw(raw);
  const files: Record<string, Uint8Array> = {
    "README.txt": encoder.encode(bundleReadme(bundle, fingerprint)),
    "manifest.json": pretty({
      ...BUNDLE_FORMAT,
      request_id: bundle.request_id,
      event_id: bundle.record.event_id,
      record_seq: bundle.record.seq,
      tree_size: bundle.digest.tree_size,
      digest_id: bundle.digest.digest_id,
      kid: bundle.digest.kid,
      key_fingerprint: fingerprint,
      canonicalization: "RFC 8785 (JCS)",
      merkle_tree: "RFC 9162 section 2.1",
      hash_algorithm: "sha256",
      signature_algorithm: "ed25519",
      files: BUNDLE_FILES.filter((f) => f !== "SHA256SUMS"),
    }),
    "event.json": encoder.encode(event),
    "record.json": encoder.encode(record + "\n"),
    "inclusion-proof.json": pretty(bundle.inclusion_proof),
    "digest.json": pretty(bundle.digest),
    "digest.payload": encoder.encode(payload),
    "digest.sig": signature,
    "public-key.jwk.json": pretty(bundle.public_key),
    "public-key.pem": encoder.encode(spkiPem(raw)),
    "verification.json": pretty(bundle.verification),
  };
  const sums = BUNDLE_FILES.filter((f) => f !== "SHA256SUMS")
    .map((f) => `${sha256Hex(files[f])}  ${f}\n`).join("");
  files["SHA256SUMS"] = encoder.encode(sums);
  const zippable: Zippable = {};
  for (const name of BUNDLE_FILES) zippable[name] = [files[name], { level: 6, mtime: MTIME }];
  return zipSync(zippable);
}

/**
 * {@linkcode exportBundleZip} under the name the platform's TypeScript quickstart documents: the
 * same function, so code written from the platform's docs runs unchanged.
 *
 * @example The documented name gives the same bytes
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { exportBundleAsZip, exportBundleZip } from "@keeptrusts/client/evidence";
 *
 * const bundle = await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000002");
 * assert.deepEqual(exportBundleAsZip(bundle), exportBundleZip(bundle));
 * ```
 */
export const exportBundleAsZip: typeof exportBundleZip = exportBundleZip;
