/**
 * Reading configuration from the environment in Deno, Bun, Node and browsers.
 * Private to the package (never exported from an entry point); Web APIs only, because the gateway
 * lane loads it in browsers.
 *
 * @module
 */

/**
 * Reads an environment variable in Deno, Bun, Node and browsers (where there is none). Never throws:
 * a Deno process without `--allow-env` reads as unset.
 */
export function readEnv(name: string): string | undefined {
  const g = globalThis as {
    Deno?: { env?: { get(name: string): string | undefined } };
    process?: { env?: Record<string, string | undefined> };
  };
  try {
    if (g.Deno?.env) return g.Deno.env.get(name) || undefined;
    return g.process?.env?.[name] || undefined;
  } catch {
    return undefined;
  }
}
