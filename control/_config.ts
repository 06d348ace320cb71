/**
 * Configuration the control-plane client reads: variables from an `env` record (Workers bindings)
 * or the process environment, with Deno's permission refusal told apart from an unset variable,
 * and the base URL's version rule (no `/v1`: the SDK adds `/v1/...` itself).
 *
 * @module
 */
import { KeeptrustsConfigurationError } from "../errors.ts";

/** Configuration values read instead of the process environment (a Workers `env`, a record). */
export type EnvRecord = Readonly<Record<string, unknown>>;

/** Checks the `env` option: absent, or a record (not an array or a primitive). */
export function checkEnvOption(env: unknown, action: string): EnvRecord | undefined {
  if (env === undefined) return undefined;
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    throw new TypeError(`Cannot ${action}: env must be a record of variables`);
  }
  return env as EnvRecord;
}

/**
 * Reads a variable, trimmed; empty reads as unset. With `env`, only that record is read (never the
 * process environment); without it `Deno.env`, else `process.env`.
 *
 * @throws {KeeptrustsConfigurationError} (code `env_denied`) when Deno refuses access (no
 * `--allow-env`): a variable that may well be set is never reported as missing.
 * @throws {TypeError} when `env` holds something other than a string under `name`.
 */
export function readEnv(name: string, env?: EnvRecord): string | undefined {
  let value: unknown;
  if (env !== undefined) {
    value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw new TypeError(`Cannot read ${name}: env.${name} must be a string, got ${typeof value}`);
    }
  } else {
    const g = globalThis as {
      Deno?: { env?: { get(name: string): string | undefined } };
      process?: { env?: Record<string, string | undefined> };
    };
    try {
      value = g.Deno?.env ? g.Deno.env.get(name) : g.process?.env?.[name];
    } catch (err) {
      const denied = (err as Error)?.name === "NotCapable" ||
        (err as Error)?.name === "PermissionDenied";
      if (!denied) throw err;
      throw new KeeptrustsConfigurationError(
        `Cannot read ${name}: Deno denied access to the environment (the variable may well be ` +
          `set). Run with --allow-env=${name}, or pass the value as an option or in the env option`,
        { code: "env_denied", cause: err },
      );
    }
  }
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * Checks that a control-plane URL does not end in `/v1` (the gateway's URL does; this one must
 * not), before the first request would go to `/v1/v1/...`.
 *
 * @throws {KeeptrustsConfigurationError} (code `base_url_version`) with the URL to use.
 */
export function checkNoV1(field: string, url: string, action: string): void {
  const { origin, pathname } = new URL(url);
  if (!/\/v1\/?$/.test(pathname)) return;
  const shown = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}...` : s);
  const fix = origin + pathname.replace(/\/v1\/?$/, "");
  throw new KeeptrustsConfigurationError(
    `Cannot ${action}: ${field} ${shown(url)} ends in /v1 (the control-plane URL does not; the ` +
      `SDK adds /v1/... itself): use ${shown(fix)}`,
    { code: "base_url_version" },
  );
}
