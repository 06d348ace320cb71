/**
 * One measurement in a fresh process, started by `runPoint` of the harness: prints one JSON line.
 * `iterate <ours|base> <expected>` and `verify-online` read the stand-in's address and token from
 * `KEEPTRUSTS_API_URL` and `KEEPTRUSTS_API_TOKEN` (`verify-online <streamed|deepVerify>`);
 * `verify-offline <n>` builds its own trail.
 *
 * @module
 */
import { scriptArgs } from "./_harness.ts";
import { iteratePoint } from "./control.ts";
import { verifyOfflinePoint } from "./scale.ts";
import { verifyOnlinePoint } from "./scale_online.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const env = (name: string): string => {
  const value = g.Deno ? g.Deno.env.get(name) : g.process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const [kind, ...args] = scriptArgs();
let result: Record<string, unknown>;
if (kind === "iterate") {
  const source = { url: env("KEEPTRUSTS_API_URL"), readToken: env("KEEPTRUSTS_API_TOKEN") };
  result = await iteratePoint(source, args[0], Number(args[1]));
} else if (kind === "verify-offline") {
  result = await verifyOfflinePoint(Number(args[0]));
} else if (kind === "verify-online") {
  result = await verifyOnlinePoint(args[0] === "deepVerify");
} else {
  throw new Error(`unknown measurement: ${kind}`);
}
console.log(JSON.stringify(result));
