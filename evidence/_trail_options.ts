/**
 * Checks of what a caller passes to the verifiers (caller input: a mistake is a `TypeError` naming
 * it, thrown before any work). The evidence inside is not checked here: bad evidence is a failure
 * in the report, never an exception.
 *
 * @module
 */
import { parsePins, type Pins } from "./_trust.ts";
import type { Digest } from "./types.ts";
import type { TrailEvidence, TrailVerifierOptions } from "./verify_trail_evidence.ts";

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

function checkArray(value: unknown, name: string, action: string): void {
  if (value !== undefined && !Array.isArray(value)) {
    throw new TypeError(`Cannot ${action}: ${name} must be an array`);
  }
}

const PROOFS = ["frontierProof", "inclusionProofs", "consistencyProof"];

/** The evidence's parts, checked to be lists (and `events` a Map). */
export function readTrailEvidence(evidence: TrailEvidence, action: string): TrailEvidence {
  checkKeys(evidence, ["records", "digests", "keys", "events", ...PROOFS], "evidence", action);
  for (const name of ["records", "digests", "keys"] as const) {
    if (!Array.isArray(evidence[name])) {
      throw new TypeError(`Cannot ${action}: ${name} must be an array`);
    }
  }
  if (evidence.events !== undefined && !(evidence.events instanceof Map)) {
    throw new TypeError(`Cannot ${action}: events must be a Map of event_id to event`);
  }
  return evidence;
}

const HEX64 = /^[0-9a-f]{64}$/;
const OPTIONS = ["keys", "trustedKeys", "checkpoint", "allowPending", ...PROOFS];

/** The verifier's options checked: pins parsed, the checkpoint a tree head. */
export function readVerifierOptions(
  options: TrailVerifierOptions,
  action: string,
): { pins: Pins; checkpoint: Digest | undefined } {
  checkKeys(options, OPTIONS, "option", action);
  checkArray(options.keys, "keys", action);
  checkArray(options.inclusionProofs, "inclusionProofs", action);
  if (options.keys === undefined) throw new TypeError(`Cannot ${action}: keys must be an array`);
  if (options.allowPending !== undefined && typeof options.allowPending !== "boolean") {
    throw new TypeError(`Cannot ${action}: allowPending must be a boolean`);
  }
  const pins = parsePins(options.trustedKeys, action);
  const c = options.checkpoint;
  if (c === undefined) return { pins, checkpoint: undefined };
  if (
    typeof c !== "object" || c === null || typeof c.digest_id !== "string" ||
    !Number.isSafeInteger(c.tree_size) || c.tree_size < 0 || typeof c.root_hash !== "string" ||
    !HEX64.test(c.root_hash)
  ) {
    throw new TypeError(
      `Cannot ${action}: checkpoint must be a digest with digest_id, tree_size and root_hash (store report.checkpoint)`,
    );
  }
  return { pins, checkpoint: c };
}
