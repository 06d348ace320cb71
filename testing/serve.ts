/**
 * `deno task serve`: starts the stand-in on a loopback port (`PORT`, default 8787; `PORT=0` picks a
 * free one) and prints its URL, its demo tokens (fixtures of this local server, not secrets) and
 * its first key's fingerprint, the pin a walkthrough starts from. `KEEPTRUSTS_DEMO_SEED_EVENTS`
 * (default 24) seeds history, `KEEPTRUSTS_DEMO_DIGEST_EVERY` (default 8) and
 * `KEEPTRUSTS_DEMO_ROTATE_EVERY` (default 3) set how often a digest is signed and the key rotates
 * (a large seeded log reads like the platform's with a digest every thousand records);
 * `KEEPTRUSTS_DEMO_ADMIN_TOKEN` and `KEEPTRUSTS_DEMO_READ_TOKEN`
 * replace the tokens; `KEEPTRUSTS_DEMO_SWITCHES=1` serves the test-only switch routes
 * (`POST /__standin/faults`, `POST /__standin/lies`) for tests that drive it from another process.
 *
 * @module
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startStandIn } from "./start_stand_in.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

function env(name: string): string | undefined {
  return g.Deno?.env.get(name) ?? g.process?.env?.[name];
}

function integerFromEnv(name: string, dflt: number, max: number): number {
  const raw = env(name);
  if (raw === undefined || raw === "") return dflt;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max) {
    console.error(`${name} must be an integer from 0 to ${max}`);
    (g.Deno?.exit ?? g.process.exit)(2);
  }
  return Number(raw);
}

/**
 * True when this file is the program (`import.meta.main` where the runtime has it; Node 20 has
 * not).
 */
function isMain(): boolean {
  const main = (import.meta as { main?: boolean }).main;
  if (main !== undefined) return main;
  const script = g.process?.argv?.[1];
  return typeof script === "string" && resolve(script) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const standIn = await startStandIn({
    port: integerFromEnv("PORT", 8787, 65535),
    seedEvents: integerFromEnv("KEEPTRUSTS_DEMO_SEED_EVENTS", 24, 10_000_000),
    digestEvery: Math.max(1, integerFromEnv("KEEPTRUSTS_DEMO_DIGEST_EVERY", 8, 1_000_000)),
    rotateEvery: Math.max(1, integerFromEnv("KEEPTRUSTS_DEMO_ROTATE_EVERY", 3, 1_000_000)),
    tokens: { admin: env("KEEPTRUSTS_DEMO_ADMIN_TOKEN"), read: env("KEEPTRUSTS_DEMO_READ_TOKEN") },
    switches: env("KEEPTRUSTS_DEMO_SWITCHES") === "1",
  });
  console.log(`Keeptrusts stand-in listening on ${standIn.url}
  gateway base URL:  ${standIn.gatewayUrl}
  OpenAPI document:  ${standIn.url}/openapi.json
  demo admin token:  ${standIn.tokens.admin}   (all scopes; also a gateway API key)
  demo read token:   ${standIn.tokens.read}   (read-only)
  first key:         ${standIn.fingerprint}   (pin it: trustedKeys: ["${standIn.fingerprint}"])
These demo tokens are fixtures of this local server, not secrets.${
    env("KEEPTRUSTS_DEMO_SWITCHES") === "1"
      ? "\n  switches on: POST /__standin/faults and /__standin/lies (admin token)"
      : ""
  }`);
}
