/**
 * Checks of what a caller passes to the verifiers (caller input: a mistake is a `TypeError` naming
 * it, thrown before any work). The evidence inside is not checked here: bad evidence is a failure
 * in the report, never an exception.
 *
 * @module
 */
import type { TrailEvidence, VerifyTrailEvidenceOptions } from "./verify_trail_evidence.ts";
import type { Digest } from "./types.ts";

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Throws a `TypeError` for a key of `value` not in `allowed`, naming it (and its camelCase
 * spelling when that is allowed).
 */
export function checkKeys(
  value: unknown,
  allowed: readonly string[],
  what: string,
  action: string,
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Cannot ${action}: ${what} must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const hint = allowed.includes(camel(key)) ? ` (did you mean ${camel(key)}?)` : "";
    throw new TypeError(`Cannot ${action}: unknown ${what} key ${JSON.stringify(key)}${hint}`);
  }
}

const EVIDENCE_KEYS = [
  "records",
  "digests",
  "keys",
  "events",
  "frontierProof",
  "inclusionProofs",
  "consistencyProof",
];

/** The evidence's lists, checked to be lists (and `events` a Map). */
export function readTrailOptions(evidence: TrailEvidence, action: string): {
  records: readonly unknown[];
  digests: readonly Digest[];
  keys: readonly unknown[];
  events: ReadonlyMap<string, unknown> | undefined;
  inclusionProofs: readonly unknown[];
} {
  checkKeys(evidence, EVIDENCE_KEYS, "evidence", action);
  const { records, digests, keys, events, inclusionProofs = [] } = evidence;
  for (
    const [name, list] of [["records", records], ["digests", digests], ["keys", keys], [
      "inclusionProofs",
      inclusionProofs,
    ]] as const
  ) {
    if (!Array.isArray(list)) throw new TypeError(`Cannot ${action}: ${name} must be an array`);
  }
  if (events !== undefined && !(events instanceof Map)) {
    throw new TypeError(`Cannot ${action}: events must be a Map of event_id to event`);
  }
  return { records, digests, keys, events, inclusionProofs };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The checkpoint option, checked to be a tree head; and the other options' types. */
export function readCheckpoint(
  options: VerifyTrailEvidenceOptions,
  action: string,
): Digest | undefined {
  checkKeys(options, ["trustedKeys", "checkpoint", "allowPending"], "option", action);
  if (options.allowPending !== undefined && typeof options.allowPending !== "boolean") {
    throw new TypeError(`Cannot ${action}: allowPending must be a boolean`);
  }
  const c = options.checkpoint;
  if (c === undefined) return undefined;
  if (
    typeof c !== "object" || c === null || typeof c.digest_id !== "string" ||
    !Number.isSafeInteger(c.tree_size) || c.tree_size < 0 || typeof c.root_hash !== "string" ||
    !HEX64.test(c.root_hash)
  ) {
    throw new TypeError(
      `Cannot ${action}: checkpoint must be a digest with digest_id, tree_size and root_hash (store report.checkpoint)`,
    );
  }
  return c;
}
