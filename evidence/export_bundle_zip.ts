/**
 * `exportBundleZip`: an evidence bundle as a deterministic zip that standard tools can check.
 *
 * @module
 */
import { type Zippable, zipSync } from "fflate";
import { createPublicKey } from "node:crypto";
import { canonicalJson, digestPayloadJson, recordJson, sha256Hex } from "./_canonical.ts";
import { decodeSignature } from "./_ed25519.ts";
import type { EvidenceBundle } from "./types.ts";

/** Names of the files in a bundle zip, in archive order. */
export const BUNDLE_FILES: readonly string[] = [
  "README.txt",
  "manifest.json",
  "event.json",
  "trail.jsonl",
  "digest.json",
  "digest.payload",
  "digest.sig",
  "public-key.jwk.json",
  "public-key.pem",
  "verification.json",
  "SHA256SUMS",
];

const encoder = new TextEncoder();
// Fixed timestamp so that the same bundle always gives the same bytes.
const MTIME = new Date("2000-01-01T00:00:00Z");

function pretty(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value, null, 2) + "\n");
}

function readme(bundle: EvidenceBundle): string {
  const first = bundle.trail[0];
  return `Keeptrusts evidence bundle
==========================

Request:  ${bundle.request_id}
Event:    ${bundle.event.event_id}
Record:   seq ${first?.seq} (trail.jsonl holds seq ${first?.seq} to ${bundle.digest.last_seq})
Digest:   ${bundle.digest.digest_id}, records ${bundle.digest.first_seq}-${bundle.digest.last_seq}, signed by key ${bundle.digest.kid}

Everything here can be checked with standard tools, without the SDK that wrote it.

1. File integrity:
     sha256sum -c SHA256SUMS

2. The decision event: event.json holds the event's RFC 8785 canonical bytes, so its SHA-256 is
   the trail record's payload_hash (first line of trail.jsonl):
     sha256sum event.json

3. The chain: each line of trail.jsonl is a record; its "hash" is the SHA-256 of the record's
   RFC 8785 canonical JSON without "hash", and its "prev_hash" is the previous line's "hash".
   The last line's "hash" equals "head_hash" in digest.json.

4. The signature: digest.payload holds the exact signed bytes (the digest's canonical JSON without
   "signature"), digest.sig the raw 64-byte Ed25519 signature, public-key.pem the signing key:
     openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in digest.payload -sigfile digest.sig
   It prints "Signature Verified Successfully".

5. The key: public-key.jwk.json is the same key as a JWK, with its validity window (not_before,
   not_after); the digest's created_at must fall inside it.

verification.json is the report of the SDK's own check of all of the above.
`;
}

/**
 * Writes an evidence bundle as a zip: `README.txt`, `manifest.json`, `event.json` (canonical bytes,
 * so `sha256sum event.json` gives the payload hash), `trail.jsonl`, `digest.json`,
 * `digest.payload` (the exact signed bytes), `digest.sig` (raw 64-byte signature),
 * `public-key.jwk.json`, `public-key.pem` (SPKI), `verification.json` and `SHA256SUMS`
 * (`sha256sum -c` format). Deterministic: the same bundle gives the same bytes.
 *
 * @param bundle A bundle from `buildEvidenceBundle`.
 * @returns The zip's bytes.
 * @throws {TypeError} when the digest's signature is not 64 base64url bytes or the key is not Ed25519.
 *
 * @example Write a bundle to disk
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildEvidenceBundle, createControlPlaneClient } from "@keeptrusts/client/control";
 * import { exportBundleZip } from "@keeptrusts/client/evidence";
 *
 * const bundle = await buildEvidenceBundle(createControlPlaneClient(), "req_seed_0000001");
 * const zip = exportBundleZip(bundle);
 * assert.deepEqual(exportBundleZip(bundle), zip); // deterministic: same bundle, same bytes
 * const path = await Deno.makeTempFile({ suffix: ".zip" });
 * await Deno.writeFile(path, zip); // then: unzip, sha256sum -c SHA256SUMS, openssl pkeyutl -verify ...
 * ```
 */
export function exportBundleZip(bundle: EvidenceBundle): Uint8Array {
  const signature = decodeSignature(bundle.digest.signature);
  if (!signature) {
    throw new TypeError(
      "Cannot export bundle: the digest signature is not 64 base64url-encoded bytes",
    );
  }
  let pem: string;
  try {
    pem = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: bundle.public_key.x },
      format: "jwk",
    })
      .export({ type: "spki", format: "pem" }) as string;
  } catch {
    throw new TypeError(`Cannot export bundle: key ${bundle.public_key.kid} is not an Ed25519 key`);
  }
  const files: Record<string, Uint8Array> = {
    "README.txt": encoder.encode(readme(bundle)),
    "manifest.json": pretty({
      format: "keeptrusts-evidence-bundle",
      version: 1,
      request_id: bundle.request_id,
      event_id: bundle.event.event_id,
      record_seq: bundle.trail[0]?.seq ?? null,
      digest_id: bundle.digest.digest_id,
      kid: bundle.digest.kid,
      canonicalization: "RFC 8785 (JCS)",
      hash_algorithm: "sha256",
      signature_algorithm: "ed25519",
      files: BUNDLE_FILES.filter((f) => f !== "SHA256SUMS"),
    }),
    "event.json": encoder.encode(canonicalJson(bundle.event)),
    "trail.jsonl": encoder.encode(
      bundle.trail.map((r) => recordJson(r as unknown as Record<string, unknown>) + "\n").join(""),
    ),
    "digest.json": pretty(bundle.digest),
    "digest.payload": encoder.encode(
      digestPayloadJson(bundle.digest as unknown as Record<string, unknown>),
    ),
    "digest.sig": signature,
    "public-key.jwk.json": pretty(bundle.public_key),
    "public-key.pem": encoder.encode(pem),
    "verification.json": pretty(bundle.verification),
  };
  const sums = BUNDLE_FILES.filter((f) => f !== "SHA256SUMS").map((f) =>
    `${sha256Hex(files[f])}  ${f}\n`
  ).join("");
  files["SHA256SUMS"] = encoder.encode(sums);
  const zippable: Zippable = {};
  for (const name of BUNDLE_FILES) zippable[name] = [files[name], { level: 6, mtime: MTIME }];
  return zipSync(zippable);
}
