/**
 * "What was checked" for an evidence bundle, in the auditor's terms: the checks `verify-bundle`
 * makes, each with the failure codes that belong to it. When the bundle verifies, every check
 * passed; when it does not, the checks with failures say so and the others say only that they
 * reported none (a check may not have run after an earlier one failed). Private to the CLI.
 *
 * @module
 */
import type { FailureLike } from "./_report.ts";
import { safeText } from "./_safe_text.ts";

const CHECKS: readonly [string, readonly string[]][] = [
  ["archive, manifest and SHA256SUMS", [
    "missing_file",
    "unexpected_file",
    "unlisted_file",
    "checksum_mismatch",
    "malformed_file",
    "manifest_mismatch",
  ]],
  ["event.json against the record's payload_hash", [
    "payload_hash_mismatch",
    "non_canonical_event",
    "event_mismatch",
    "hash_mismatch",
    "prev_hash_mismatch",
  ]],
  ["inclusion proof of the record in the tree head", [
    "leaf_hash_mismatch",
    "malformed_proof",
    "root_hash_mismatch",
    "tree_size_mismatch",
    "invalid_range",
    "record_count_mismatch",
  ]],
  ["Ed25519 signature of the tree head", [
    "bad_signature",
    "payload_mismatch",
    "malformed_digest",
    "key_mismatch",
    "bad_key",
    "key_not_valid",
  ]],
  ["signing key trusted (pinned or endorsed)", [
    "untrusted_key",
    "bad_endorsement",
    "key_conflict",
  ]],
];

/** The checklist lines of a bundle verification. */
export function bundleCheckLines(ok: boolean, failures: readonly FailureLike[]): string {
  const width = Math.max(...CHECKS.map(([name]) => name.length));
  const known = new Set(CHECKS.flatMap(([, codes]) => codes));
  const lines = CHECKS.map(([name, codes]) => {
    const found = [...new Set(failures.filter((f) => codes.includes(f.code)).map((f) => f.code))];
    const state = ok
      ? "passed"
      : found.length > 0
      ? `FAILED (${found.join(", ")})`
      : "no failure reported";
    return `  ${name.padEnd(width)}  ${state}\n`;
  });
  const other = [...new Set(failures.map((f) => f.code).filter((c) => !known.has(c)))];
  if (other.length > 0) {
    lines.push(`  ${"other".padEnd(width)}  FAILED (${other.map(safeText).join(", ")})\n`);
  }
  return lines.join("");
}
