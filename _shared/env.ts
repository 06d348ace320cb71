/**
 * Reading configuration from the environment in Deno, Bun, Node, Workers and browsers.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */
import { KeeptrustsConfigurationError } from "../errors.ts";
import { misuse, typeOf } from "./options.ts";

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
  return /^(NotCapable|PermissionDenied)$/.test(String((err as Error | null)?.name));
}

/**
 * The error for Deno refusing to let the SDK read a variable: says so, and which flag grants it.
 *
 * @param action What could not be done (`read KEEPTRUSTS_API_KEY`).
 * @param name The variable.
 * @param why Why it was needed, or what else the caller can do.
 * @param cause Deno's error.
 */
export function envDenied(
  action: string,
  name: string,
  why: string,
  cause: unknown,
): KeeptrustsConfigurationError {
  return new KeeptrustsConfigurationError(
    `Cannot ${action}: Deno denied access to ${name} (${why}). Run with --allow-env=${name}`,
    { code: "env_denied", cause },
  );
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
  if (env) {
    value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value != null && typeof value !== "string") {
      throw misuse(`read ${name}`, `env.${name} must be a string, got ${typeOf(value)}`);
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
      throw envDenied(
        `read ${name}`,
        name,
        "it may well be set; or pass the value as an option or in the env option",
        err,
      );
    }
  }
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** Checks the `env` option of a factory: absent, or a record (not an array or a primitive). */
export function checkEnvOption(env: unknown, action: string): EnvRecord | undefined {
  const type = typeOf(env);
  if (env === undefined || type === "object") return env as EnvRecord | undefined;
  throw misuse(action, `env must be a record of variables, got ${type}`);
}
