/**
 * Reading configuration from the environment in Deno, Bun, Node, Workers and browsers.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */
import { KeeptrustsConfigurationError } from "../errors.ts";

/**
 * Configuration values read instead of the process environment: a Workers `env` with its
 * bindings, or any record (tests, secrets managers).
 */
export type EnvRecord = Readonly<Record<string, unknown>>;

/**
 * Whether `err` is Deno refusing a permission (`--allow-env`, `--allow-net` missing): `NotCapable`,
 * formerly `PermissionDenied`.
 */
export function isPermissionDenied(err: unknown): boolean {
  const name = (err as Error | null)?.name;
  return name === "NotCapable" || name === "PermissionDenied";
}

/**
 * Reads a configuration variable, trimmed; an empty value reads as unset.
 *
 * With `env`, only that record is read (a Workers binding, a test's own values), never the process
 * environment. Without it: `Deno.env`, else `process.env`; nothing in a browser.
 *
 * @throws {KeeptrustsConfigurationError} (code `env_denied`) when Deno refuses access to the
 * variable: a set variable is never reported as missing.
 * @throws {TypeError} when `env` holds a value of another type than string under `name`.
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
      if (!isPermissionDenied(err)) throw err;
      throw new KeeptrustsConfigurationError(
        `Cannot read ${name}: Deno denied access to the environment (it may well be set). Run ` +
          `with --allow-env=${name}, or pass the value as an option or in the env option`,
        { code: "env_denied", cause: err },
      );
    }
  }
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Checks the `env` option of a factory: absent, or a record (not an array or a primitive). */
export function checkEnvOption(env: unknown, action: string): EnvRecord | undefined {
  if (env === undefined) return undefined;
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    throw new TypeError(`Cannot ${action}: env must be a record of variables, got ${typeOf(env)}`);
  }
  return env as EnvRecord;
}

/** `typeof`, with `null` and arrays told apart: for messages. */
export function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}
