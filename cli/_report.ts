/**
 * The readable verification report shared by `verify-bundle` and `verify-trail`: what was
 * checked, which keys signed and how each is trusted, every failure with its code and file, and
 * the verdict. Private to the CLI.
 *
 * @module
 */
import { safeText } from "./_safe_text.ts";
import { table } from "./_table.ts";

/** A failure as the verifiers report it (DESIGN section 5). */
export interface FailureLike {
  readonly code: string;
  readonly reason: string;
  readonly seq?: number;
  readonly digest_id?: string;
  readonly kid?: string;
  readonly file?: string;
}

/** The verification result of DESIGN section 5, as far as the report shows it. */
export interface VerificationLike {
  readonly ok: boolean;
  readonly chain_integrity: string;
  readonly records_verified?: number;
  readonly digests_verified?: number;
  readonly pending_records?: number;
  readonly first_seq?: number | null;
  readonly last_seq?: number | null;
  readonly head_hash?: string | null;
  readonly consistency?: string;
  readonly keys?: readonly { kid: string; fingerprint: string; trusted_by: string | null }[];
  readonly checkpoint?: {
    readonly digest_id?: unknown;
    readonly tree_size?: unknown;
    readonly kid?: unknown;
  } | null;
  readonly disagreements?: readonly string[];
  readonly failures: readonly FailureLike[];
}

/** The lines of "what was checked". */
export function checkedLines(result: VerificationLike, consistency = true): string {
  const range = result.first_seq != null && result.last_seq != null
    ? ` (records ${result.first_seq}..${result.last_seq})`
    : "";
  const rows: [string, string][] = [
    ["hash chain", `${safeText(result.chain_integrity)}${range}`],
    ["records verified", String(result.records_verified ?? 0)],
    ["signed tree heads", String(result.digests_verified ?? 0)],
  ];
  if (result.pending_records) rows.push(["unsigned records", String(result.pending_records)]);
  if (result.head_hash) rows.push(["head hash", safeText(result.head_hash)]);
  if (consistency && result.consistency !== undefined) {
    rows.push(["consistency", safeText(result.consistency)]);
  }
  const head = result.checkpoint;
  if (head) {
    rows.push([
      "newest tree head",
      `${safeText(head.digest_id)} (tree size ${safeText(head.tree_size)}, key ${
        safeText(head.kid)
      })`,
    ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}\n`).join("");
}

/** Which keys signed, and how each is trusted. */
export function keyLines(result: VerificationLike): string {
  const keys = result.keys ?? [];
  if (keys.length === 0) return "  (no signing key was identified)\n";
  return table(
    ["kid", "fingerprint", "trusted by"],
    keys.map((k) => [
      safeText(k.kid),
      safeText(k.fingerprint),
      k.trusted_by === "pin"
        ? "pin (--trust)"
        : k.trusted_by === "endorsement"
        ? "endorsement from a pinned key"
        : "NOT TRUSTED",
    ]),
  );
}

/** Every failure: code, where (file, record, digest, key), and why. */
export function failureLines(failures: readonly FailureLike[]): string {
  return failures.map((f) => {
    const where = [
      f.file !== undefined ? `file ${safeText(f.file)}` : "",
      f.seq !== undefined ? `record ${safeText(f.seq)}` : "",
      f.digest_id !== undefined ? `digest ${safeText(f.digest_id)}` : "",
      f.kid !== undefined ? `key ${safeText(f.kid)}` : "",
    ].filter(Boolean).join(", ");
    return `  ${safeText(f.code)}${where ? ` [${where}]` : ""}: ${safeText(f.reason)}\n`;
  }).join("");
}

const HINTS: Record<string, string> = {
  untrusted_key: "no signing key is one you pinned, nor endorsed by one: check --trust (see `pin`)",
  unsigned_records: "records after the newest tree head are not signed yet: --allow-pending " +
    "accepts them, or verify again after the next tree head",
};

/** One line of advice per failure code that has one. */
function hintLines(failures: readonly FailureLike[]): string {
  const codes = [...new Set(failures.map((f) => f.code))].filter((c) => c in HINTS);
  return codes.map((c) => `  ${c}: ${HINTS[c]}\n`).join("");
}

/**
 * The full report: title, what was checked (a checklist first, when given), keys, failures,
 * disagreements with the server, hints, verdict.
 */
export function renderVerification(
  title: string,
  result: VerificationLike,
  checklist = "",
): string {
  const failures = result.failures;
  return [
    `${title}\n`,
    `\nChecked:\n`,
    checklist ? `${checklist}\n` : "",
    checkedLines(result, checklist === ""),
    `\nSigning keys:\n`,
    keyLines(result),
    failures.length > 0 ? `\nFailures (${failures.length}):\n${failureLines(failures)}` : "",
    result.disagreements?.length
      ? `\nWhere the server's own answer disagrees:\n${
        result.disagreements.map((d) => `  ${safeText(d)}\n`).join("")
      }`
      : "",
    hintLines(failures) ? `\nHints:\n${hintLines(failures)}` : "",
    `\nResult: ${result.ok ? "VERIFIED" : "NOT VERIFIED"}\n`,
  ].join("");
}
