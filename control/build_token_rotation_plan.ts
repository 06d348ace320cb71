/**
 * `buildTokenRotationPlan`: ordered, printable rotation plans, every token masked and fingerprinted.
 *
 * @module
 */
import { checkOptions } from "./_options.ts";
import { maskToken, tokenFingerprint } from "./secret.ts";

/** One token to rotate. */
export interface TokenRotationEntry {
  /** Environment variable that holds the token, e.g. `KEEPTRUSTS_API_TOKEN`. */
  envVar: string;
  /** The token in use now. */
  currentToken: string;
  /** The token that replaces it. */
  nextToken: string;
}

/** One step of a rotation plan. Tokens appear only masked and fingerprinted. */
export interface TokenRotationStep {
  /** 1-based position in the plan. */
  readonly order: number;
  /** `stage` the next token beside the current one, `verify` it with whoami, `switch` the variable to it, `revoke` the old one. */
  readonly action: "stage" | "verify" | "switch" | "revoke";
  /** The environment variable concerned. */
  readonly envVar: string;
  /** Masked token the step acts on. */
  readonly token: string;
  /** Fingerprint of that token. */
  readonly fingerprint: string;
  /** What to do, in words. */
  readonly description: string;
}

/** A token rotation plan. */
export interface TokenRotationPlan {
  /** Steps in order: every token is staged and verified before any is switched, and switched before any is revoked. */
  readonly steps: readonly TokenRotationStep[];
  /** Per variable, the fingerprints of the current and next tokens. */
  readonly entries: readonly {
    readonly envVar: string;
    readonly current: { readonly masked: string; readonly fingerprint: string };
    readonly next: { readonly masked: string; readonly fingerprint: string };
  }[];
}

const ENV_VAR = /^[A-Z_][A-Z0-9_]*$/;

type CheckedEntry = TokenRotationPlan["entries"][number];

/** Checks each entry (names, distinct tokens) and keeps only masks and fingerprints. */
function checkEntries(entries: readonly TokenRotationEntry[], action: string): CheckedEntry[] {
  const vars = new Set<string>();
  const tokens = new Map<string, string>();
  return entries.map((entry, i) => {
    const where = `entries[${i}]`;
    if (typeof entry !== "object" || entry === null) {
      throw new TypeError(`Cannot ${action}: ${where} must be an object`);
    }
    // `env_var` and friends (the Python package's spelling) would otherwise read as missing.
    checkOptions(entry, ["envVar", "currentToken", "nextToken"], `${action} (${where})`);
    const { envVar, currentToken, nextToken } = entry;
    if (typeof envVar !== "string" || !ENV_VAR.test(envVar)) {
      throw new TypeError(
        `Cannot ${action}: ${where}.envVar must be an upper-case environment variable name`,
      );
    }
    for (
      const [field, value] of [["currentToken", currentToken], ["nextToken", nextToken]] as const
    ) {
      if (typeof value !== "string" || value.trim() === "") {
        throw new TypeError(`Cannot ${action}: ${where}.${field} (${envVar}) is empty`);
      }
    }
    if (currentToken === nextToken) {
      throw new TypeError(
        `Cannot ${action}: ${where}.nextToken (${envVar}) is the same as currentToken`,
      );
    }
    if (vars.has(envVar)) {
      throw new TypeError(`Cannot ${action}: ${where}.envVar ${envVar} appears twice`);
    }
    vars.add(envVar);
    for (
      const [field, value] of [["currentToken", currentToken], ["nextToken", nextToken]] as const
    ) {
      const other = tokens.get(value);
      if (other !== undefined) {
        throw new TypeError(
          `Cannot ${action}: ${where}.${field} (${envVar}) is also used by ${other}`,
        );
      }
      tokens.set(value, envVar);
    }
    return {
      envVar,
      current: { masked: maskToken(currentToken), fingerprint: tokenFingerprint(currentToken) },
      next: { masked: maskToken(nextToken), fingerprint: tokenFingerprint(nextToken) },
    };
  });
}

/**
 * Builds an ordered, printable rotation plan: stage every next token, verify each with `whoami`,
 * switch every variable, then revoke the old tokens (revocation is immediate on the platform, so it
 * comes last). Pure: nothing is sent. Tokens appear only masked and fingerprinted.
 *
 * @param entries The variables to rotate, each with its current and next token.
 * @returns The plan.
 * @throws {TypeError} for an empty list, a malformed variable name, an empty token, a next token
 * equal to the current one, or a variable or token that appears twice. Messages name the entry,
 * never a token.
 *
 * @example Plan a rotation
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTokenRotationPlan } from "@keeptrusts/client/control";
 *
 * const plan = buildTokenRotationPlan([
 *   { envVar: "KEEPTRUSTS_API_TOKEN", currentToken: "kt_live_old_0123456789", nextToken: "kt_live_new_9876543210" },
 * ]);
 * assert.deepEqual(plan.steps.map((s) => s.action), ["stage", "verify", "switch", "revoke"]);
 * assert.equal(plan.steps[0].token, "****3210");
 * assert.ok(!JSON.stringify(plan).includes("kt_live_"));
 * ```
 */
export function buildTokenRotationPlan(entries: readonly TokenRotationEntry[]): TokenRotationPlan {
  const action = "build token rotation plan";
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new TypeError(`Cannot ${action}: entries must be a non-empty array`);
  }
  const checked = checkEntries(entries, action);
  const steps: TokenRotationStep[] = [];
  const add = (
    actionName: TokenRotationStep["action"],
    e: CheckedEntry,
    which: "current" | "next",
    description: string,
  ) =>
    steps.push({
      order: steps.length + 1,
      action: actionName,
      envVar: e.envVar,
      token: e[which].masked,
      fingerprint: e[which].fingerprint,
      description,
    });
  for (const e of checked) {
    add(
      "stage",
      e,
      "next",
      `Store the next token for ${e.envVar} in the secret store beside the current one.`,
    );
  }
  for (const e of checked) {
    add(
      "verify",
      e,
      "next",
      `Call whoami with the next token for ${e.envVar}; stop if it fails or lacks a scope.`,
    );
  }
  for (const e of checked) {
    add(
      "switch",
      e,
      "next",
      `Point ${e.envVar} at the next token and restart or reload its consumers.`,
    );
  }
  for (const e of checked) {
    add(
      "revoke",
      e,
      "current",
      `Revoke the previous token of ${e.envVar} (immediate, no grace period).`,
    );
  }
  return { steps, entries: checked };
}
