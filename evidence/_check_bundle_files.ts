/**
 * The file-level checks of an evidence bundle: the set of files, `SHA256SUMS`, the JSON files,
 * the manifest's format, `event.json` being exactly the canonical bytes, and the detached files
 * (`digest.payload`, `digest.sig`, `public-key.pem`) agreeing with the JSON they restate.
 *
 * @module
 */
import { base64UrlBytes, sameBytes } from "./_bytes.ts";
import { canonicalOrUndefined, sha256Hex } from "./_canonical.ts";
import { clip, type FailureLog } from "./_failures.ts";
import { signedText } from "./_check_signature.ts";
import { isJson, type Json } from "./_trail_check.ts";
import { BUNDLE_FILES, BUNDLE_FORMAT } from "./export_bundle_zip.ts";
import { ed25519Raw, ed25519Spki } from "./key_fingerprint.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

const PEM =
  /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]{1,4096})-----END PUBLIC KEY-----\s*$/;

/** The DER bytes of a `PUBLIC KEY` PEM file, or `undefined`. */
function pemDer(bytes: Uint8Array): Uint8Array | undefined {
  try {
    const m = PEM.exec(decoder.decode(bytes));
    return m ? Uint8Array.from(atob(m[1].replace(/\s/g, "")), (c) => c.charCodeAt(0)) : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle's entries by name (from a `Map` or a plain record). */
export function entries(files: unknown): Map<string, Uint8Array> {
  if (files instanceof Map) return files as Map<string, Uint8Array>;
  const out = new Map<string, Uint8Array>();
  const record = files as Record<string, Uint8Array>;
  for (const name of Object.keys(record)) out.set(name, record[name]);
  return out;
}

/** Every expected file present, nothing else; false when one is missing. */
export function checkFileSet(files: Map<string, Uint8Array>, log: FailureLog): boolean {
  for (const name of files.keys()) {
    if (!BUNDLE_FILES.includes(name)) {
      log.add("unexpected_file", `${clip(name)} is not part of an evidence bundle`, {
        file: clip(name),
      });
    }
  }
  let complete = true;
  for (const name of BUNDLE_FILES) {
    if (files.has(name)) continue;
    log.add("missing_file", `${name} is missing`, { file: name });
    complete = false;
  }
  return complete;
}

/** `SHA256SUMS`: well-formed, every file listed once, every checksum right. */
export function checkSums(files: Map<string, Uint8Array>, log: FailureLog): void {
  const listed = new Set<string>();
  let text = "";
  try {
    text = decoder.decode(files.get("SHA256SUMS"));
  } catch {
    log.add("malformed_file", "SHA256SUMS is not UTF-8", { file: "SHA256SUMS" });
  }
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m === null || listed.has(m[2])) {
      log.add("malformed_file", "SHA256SUMS has a malformed or repeated line", {
        file: "SHA256SUMS",
      });
      continue;
    }
    listed.add(m[2]);
    const bytes = files.get(m[2]);
    const file = clip(m[2]);
    if (bytes === undefined) log.add("missing_file", `${file} is listed but missing`, { file });
    else if (sha256Hex(bytes) !== m[1]) {
      log.add("checksum_mismatch", `${file} does not match its SHA256SUMS line`, { file });
    }
  }
  for (const name of BUNDLE_FILES) {
    if (name !== "SHA256SUMS" && !listed.has(name)) {
      log.add("unlisted_file", `${name} is not in SHA256SUMS`, { file: name });
    }
  }
}

/** A JSON object file, or `undefined` (reported) when it is not one. */
export function jsonFile(files: Map<string, Uint8Array>, name: string, log: FailureLog) {
  try {
    const value: unknown = JSON.parse(decoder.decode(files.get(name)));
    if (isJson(value)) return value;
  } catch {
    // reported below
  }
  log.add("malformed_file", `${name} is not a UTF-8 JSON object`, { file: name });
  return undefined;
}

/** The manifest names this format and version, and the bundle's own ids. */
export function checkManifest(manifest: Json, record: Json, log: FailureLog): void {
  const file = "manifest.json";
  if (manifest.format !== BUNDLE_FORMAT.format || manifest.version !== BUNDLE_FORMAT.version) {
    const what = `${clip(manifest.format)} version ${clip(manifest.version)}`;
    log.add("unverifiable", `${file} names ${what}, not a format this SDK checks`, { file });
  } else if (manifest.event_id !== record.event_id || manifest.record_seq !== record.seq) {
    log.add("manifest_mismatch", `${file} names another event or record`, { file });
  }
}

/** `event.json` is exactly the canonical bytes, and the record's decision. */
export function checkEventFile(
  bytes: Uint8Array,
  event: Json,
  record: Json,
  log: FailureLog,
): void {
  const file = "event.json";
  const canonical = canonicalOrUndefined(event);
  if (canonical === undefined || !sameBytes(bytes, encoder.encode(canonical))) {
    const why = "is not the RFC 8785 canonical form of the event it holds";
    log.add("non_canonical_event", `${file} ${why}: sha256sum ${file} cannot be the payload hash`, {
      file,
    });
  }
  if (sha256Hex(bytes) !== record.payload_hash) {
    log.add("payload_hash_mismatch", `${file} does not hash to record.json's payload_hash`, {
      file,
      seq: typeof record.seq === "number" ? record.seq : undefined,
    });
  }
  const eventId = event.event_id ?? event.id;
  if (record.kind !== "decision" || eventId !== record.event_id) {
    log.add("event_mismatch", `record.json is not the decision record of ${file}'s event`, {
      file,
    });
  }
}

/** The detached files restate `digest.json` and `public-key.jwk.json` exactly. */
export function checkDetached(
  files: Map<string, Uint8Array>,
  digest: Json,
  key: Json,
  log: FailureLog,
): void {
  const text = signedText(digest);
  if (text === undefined || !sameBytes(files.get("digest.payload")!, encoder.encode(text))) {
    log.add("payload_mismatch", "digest.payload is not the signed form of digest.json", {
      file: "digest.payload",
    });
  }
  const signature = base64UrlBytes(digest.signature, 64);
  if (signature === undefined || !sameBytes(files.get("digest.sig")!, signature)) {
    log.add("bad_signature", "digest.sig is not the signature in digest.json", {
      file: "digest.sig",
    });
  }
  const raw = ed25519Raw(key);
  const der = pemDer(files.get("public-key.pem")!);
  if (typeof raw === "string" || der === undefined || !sameBytes(der, ed25519Spki(raw))) {
    log.add("key_mismatch", "public-key.pem is not the key in public-key.jwk.json", {
      file: "public-key.pem",
    });
  }
  if (digest.kid !== key.kid) {
    log.add(
      "key_mismatch",
      `the digest names key ${clip(digest.kid)}, the bundle holds ${clip(key.kid)}`,
      {
        file: "public-key.jwk.json",
      },
    );
  }
}
