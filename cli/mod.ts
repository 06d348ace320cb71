/**
 * `@keeptrusts/client/cli`: the auditor's command line. It checks an evidence bundle offline
 * (`verify-bundle <zip> --trust <pin>`), verifies a control plane's trail against pinned keys and a
 * stored checkpoint (`verify-trail`), exports a request's bundle (`export`), prints an exact spend
 * table (`spend`) and the current keys' fingerprints as explicit trust on first use (`pin`). Run it
 * with `deno run -A jsr:@keeptrusts/client/cli <command>`, `bun`, or `npx tsx`; in this repo,
 * `deno task cli <command>`. Every command takes `--help` and `--json` (one JSON document on
 * stdout); exit codes are 0 verified (or done), 1 evidence failed, 2 usage or input error. The
 * token is read only from `KEEPTRUSTS_API_TOKEN`, never from a flag, and never printed. The same
 * command line is a function, {@linkcode runCli}, for scripts and tests.
 *
 * @example Verify a bundle offline against pinned keys
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "@keeptrusts/client/cli";
 * import { buildEvidenceBundle, createControlPlaneClient, pinPublicKeys } from "@keeptrusts/client/control";
 * import { exportBundleZip } from "@keeptrusts/client/evidence";
 *
 * const client = createControlPlaneClient();
 * const pins = await pinPublicKeys(client); // trust on first use: store them, compare them
 * const path = await Deno.makeTempFile({ suffix: ".zip" });
 * await Deno.writeFile(path, exportBundleZip(await buildEvidenceBundle(client, "req_seed_0000001")));
 *
 * const output: string[] = [];
 * const trust = pins.flatMap((pin) => ["--trust", pin]);
 * const code = await runCli(["verify-bundle", path, ...trust, "--json"], {
 *   stdout: (text) => output.push(text),
 * });
 * assert.equal(code, 0); // 1 for a forged or tampered bundle, 2 for a missing or hostile file
 * assert.equal(JSON.parse(output.join("")).verification.keys[0].trusted_by, "pin");
 * ```
 *
 * @module
 */
import process from "node:process";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli } from "./run_cli.ts";
import { createIo } from "./_io.ts";

export { runCli, type RunCliOptions } from "./run_cli.ts";

function isMain(): boolean {
  const meta = import.meta as { main?: boolean };
  if (typeof meta.main === "boolean") return meta.main; // Deno, Bun
  try {
    // Node (through tsx): this file is the script node was asked to run.
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // A crash outside runCli (a stray rejection) still prints no token and exits 2.
  const io = createIo();
  const crash = (err: unknown) => {
    io.err(
      `error: internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : err}\n`,
    );
    process.exit(2);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // Exit once stdout is flushed, without waiting for idle keep-alive sockets.
  process.stdout.write("", () => process.exit(code));
}
