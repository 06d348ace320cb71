/**
 * Checks of the stand-in's options: options may come from plain JavaScript, so an unknown key or a
 * wrong type is a `TypeError` naming it, before anything starts.
 *
 * @module
 */
import { DEFAULT_POLICIES, type PolicyConfig } from "./_state/policies.ts";
import { type FaultSettings, NO_FAULTS } from "./_state/fault_plan.ts";
import type { StandInTokens } from "./stand_in_options.ts";
import type { LieSettings } from "./_state/lies.ts";
import { resolveLies } from "./_resolve_lies.ts";
import { bool, checkKeys, fail, integer, record, strings, token } from "./_checks.ts";

/** The options, checked, with defaults applied. */
export interface ResolvedOptions {
  seed: number;
  now: () => number;
  seedEvents: number;
  digestEvery: number;
  rotateEvery: number;
  tokens: StandInTokens;
  policies: PolicyConfig;
  faults: FaultSettings;
  corsOrigins: "*" | readonly string[];
  lies: LieSettings;
  switches: boolean;
}

const OPTION_KEYS = [
  "seed",
  "now",
  "seedEvents",
  "digestEvery",
  "rotateEvery",
  "tokens",
  "policies",
  "faults",
  "cors",
  "lies",
  "switches",
];

/** Checks fault settings. */
export function resolveFaults(action: string, value: unknown): FaultSettings {
  const f = record(action, "faults", value);
  checkKeys(action, "faults.", f, ["rate", "count", "status", "retryAfter", "paths"]);
  if (f.rate !== undefined && !(typeof f.rate === "number" && f.rate >= 0 && f.rate <= 1)) {
    fail(action, "faults.rate must be a number from 0 to 1");
  }
  if (f.status !== undefined && ![429, 500, 502, 503, 504].includes(f.status as number)) {
    fail(action, "faults.status must be 429, 500, 502, 503 or 504");
  }
  return {
    rate: (f.rate as number | undefined) ?? 0,
    count: integer(action, "faults.count", f.count, 0, 1e9, 0),
    status: (f.status as FaultSettings["status"] | undefined) ?? null,
    retryAfter: f.retryAfter === undefined
      ? null
      : integer(action, "faults.retryAfter", f.retryAfter, 0, 86400, 0),
    paths: strings(action, "faults.paths", f.paths, NO_FAULTS.paths),
  };
}

function resolvePolicies(action: string, value: unknown): PolicyConfig {
  const p = record(action, "policies", value);
  checkKeys(action, "policies.", p, ["promptInjection", "redactPii", "blockedTerms"]);
  return {
    promptInjection: bool(
      action,
      "policies.promptInjection",
      p.promptInjection,
      DEFAULT_POLICIES.promptInjection,
    ),
    redactPii: bool(action, "policies.redactPii", p.redactPii, DEFAULT_POLICIES.redactPii),
    blockedTerms: strings(action, "policies.blockedTerms", p.blockedTerms, []),
  };
}

function resolveCors(action: string, value: unknown): "*" | readonly string[] {
  if (value === undefined || value === true) return "*";
  if (value === false) return [];
  const origins = strings(action, "cors", value, []);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      fail(action, "cors origins must look like https://example.com");
    }
  }
  return origins;
}

/** Checks the options and applies the defaults. */
export function resolveOptions(
  action: string,
  options: unknown,
  extraKeys: readonly string[] = [],
): ResolvedOptions {
  const o = record(action, "options", options);
  checkKeys(action, "", o, [...OPTION_KEYS, ...extraKeys]);
  if (o.now !== undefined && typeof o.now !== "function") fail(action, "now must be a function");
  const t = record(action, "tokens", o.tokens);
  checkKeys(action, "tokens.", t, ["admin", "read"]);
  const tokens = {
    admin: token(action, "tokens.admin", t.admin, "kt_demo_admin_token"),
    read: token(action, "tokens.read", t.read, "kt_demo_read_token"),
  };
  if (tokens.admin === tokens.read) fail(action, "tokens.admin and tokens.read must differ");
  return {
    seed: integer(action, "seed", o.seed, 0, 2 ** 32 - 1, 42),
    now: (o.now as (() => number) | undefined) ?? Date.now,
    seedEvents: integer(action, "seedEvents", o.seedEvents, 0, 1e8, 0),
    digestEvery: integer(action, "digestEvery", o.digestEvery, 1, 1e9, 8),
    rotateEvery: integer(action, "rotateEvery", o.rotateEvery, 1, 1e9, 3),
    tokens,
    policies: resolvePolicies(action, o.policies),
    faults: resolveFaults(action, o.faults),
    corsOrigins: resolveCors(action, o.cors),
    lies: resolveLies(action, o.lies),
    switches: bool(action, "switches", o.switches, false),
  };
}
