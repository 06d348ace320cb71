/**
 * `export <request-id> --url .. -o <zip> [--wait]`: builds the evidence bundle of one governed
 * request and writes it as a zip (atomically; an existing file is kept unless `--force`).
 * Private to the CLI.
 *
 * @module
 */
import type { Command } from "commander";
import { type CliContext, type CommonOptions, defineCommand, printJson } from "../_command.ts";
import { EXIT, type ExitCode } from "../_exit.ts";
import { checkUrl, reach } from "../_url.ts";
import { writeFileAtomic } from "../_files.ts";
import { withProgress } from "../_progress.ts";
import { safeText } from "../_safe_text.ts";
import { collect, URL_HELP } from "./_options.ts";
import { CliInputError } from "../_exit.ts";
import { readTrustAnchors } from "../_trust.ts";
import { renderVerification } from "../_report.ts";

interface ExportOptions extends CommonOptions {
  url?: string;
  output: string;
  wait?: boolean | string;
  trust?: string[];
  force?: boolean;
}

/** `--wait` (60 s) or `--wait <seconds>` (1 to 3600) in milliseconds; false without it. */
function waitMs(value: boolean | string | undefined): number | false {
  if (value === undefined || value === false) return false;
  if (value === true) return 60_000;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600) {
    throw new CliInputError("Cannot use --wait: give whole seconds from 1 to 3600", {
      kind: "usage",
    });
  }
  return seconds * 1000;
}

/** Adds `export` to the program. */
export function exportCommand(program: Command, ctx: CliContext): void {
  defineCommand<[string], ExportOptions>(
    program
      .command("export")
      .summary("build the evidence bundle (zip) of one governed request")
      .description(
        "Builds the evidence bundle of a governed request (its x-request-id): the decision event, " +
          "its trail record, the inclusion proof, the signed tree head and the key, as a zip that " +
          "verify-bundle, sha256sum and openssl can check. A request is signed a little after it " +
          "happens: --wait waits (bounded) for the signature instead of failing." +
          "\n\nExit 0 written (and, with --trust, verified), 1 it does not verify against --trust, " +
          "2 usage or input error (including: not signed yet).",
      )
      .argument("<request-id>", "the governed request's x-request-id")
      .option("--url <control-plane>", URL_HELP)
      .requiredOption("-o, --output <zip>", "where to write the bundle")
      .option("--wait [seconds]", "wait until a signed tree head covers the request (default 60 s)")
      .option("--trust <pin>", "also verify the bundle against this key (repeatable)", collect)
      .option("--force", "replace the output file if it exists"),
    ctx,
    (requestId, options) => run(ctx, requestId, options),
  );
}

async function run(ctx: CliContext, requestId: string, options: ExportOptions): Promise<ExitCode> {
  const url = checkUrl(options.url ?? ctx.io.env("KEEPTRUSTS_API_URL"));
  const wait = waitMs(options.wait);
  const trustedKeys = options.trust ? await readTrustAnchors(options.trust) : undefined;
  const { exportBundle } = await import("../calls/export.ts");
  const label = wait ? "building the bundle (waiting for its signature)" : "building the bundle";
  const bundle = await withProgress(
    ctx.io,
    label,
    "",
    () => reach(url, () => exportBundle(ctx.io, url, { requestId, waitMs: wait, trustedKeys })),
  );
  await writeFileAtomic(options.output, bundle.zip, "bundle", { replace: options.force === true });
  // Without --trust the bundle is only written; with it, it must also verify against the pins.
  const verified = trustedKeys ? bundle.verification.ok : null;
  const exit = verified === false ? EXIT.evidenceFailed : EXIT.ok;
  const written = {
    path: options.output,
    bytes: bundle.zip.length,
    sha256: bundle.sha256,
    request_id: requestId,
    digest_id: bundle.digestId,
    kid: bundle.kid,
  };
  if (options.json) {
    printJson(ctx.io, {
      ok: exit === EXIT.ok,
      exit_code: exit,
      control_plane: url,
      bundle: written,
      verification: trustedKeys ? bundle.verification : null,
    });
    return exit;
  }
  const path = safeText(options.output);
  ctx.io.out(
    `Wrote ${path} (${written.bytes} bytes, sha256 ${written.sha256})\n` +
      `  request ${safeText(requestId)}, signed tree head ${safeText(written.digest_id)}, ` +
      `key ${safeText(written.kid)}\n` +
      (trustedKeys
        ? "\n" + renderVerification(`Verified against --trust:`, bundle.verification)
        : `Check it against a key you trust: verify-bundle ${path} --trust <pin>\n`),
  );
  return exit;
}
