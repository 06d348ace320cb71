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
import { URL_HELP } from "./_options.ts";

interface ExportOptions extends CommonOptions {
  url?: string;
  output: string;
  wait?: boolean;
  force?: boolean;
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
          "\n\nExit 0 written, 2 usage or input error (including: not signed yet).",
      )
      .argument("<request-id>", "the governed request's x-request-id")
      .option("--url <control-plane>", URL_HELP)
      .requiredOption("-o, --output <zip>", "where to write the bundle")
      .option("--wait", "wait until a signed tree head covers the request")
      .option("--force", "replace the output file if it exists"),
    ctx,
    (requestId, options) => run(ctx, requestId, options),
  );
}

async function run(ctx: CliContext, requestId: string, options: ExportOptions): Promise<ExitCode> {
  const url = checkUrl(options.url ?? ctx.io.env("KEEPTRUSTS_API_URL"));
  const { exportBundle } = await import("../calls/export.ts");
  const label = options.wait
    ? "building the bundle (waiting for its signature)"
    : "building the bundle";
  const bundle = await withProgress(
    ctx.io,
    label,
    "",
    () => reach(url, () => exportBundle(ctx.io, url, requestId, options.wait === true)),
  );
  await writeFileAtomic(options.output, bundle.zip, "bundle", { replace: options.force === true });
  const written = {
    path: options.output,
    bytes: bundle.zip.length,
    sha256: bundle.sha256,
    request_id: requestId,
    digest_id: bundle.digestId,
    kid: bundle.kid,
  };
  if (options.json) {
    printJson(ctx.io, { ok: true, exit_code: EXIT.ok, control_plane: url, bundle: written });
    return EXIT.ok;
  }
  ctx.io.out(
    `Wrote ${safeText(options.output)} (${written.bytes} bytes, sha256 ${written.sha256})\n` +
      `  request ${safeText(requestId)}, signed tree head ${safeText(written.digest_id)}, ` +
      `key ${safeText(written.kid)}\n` +
      `Check it against a key you trust: verify-bundle ${safeText(options.output)} --trust <pin>\n`,
  );
  return EXIT.ok;
}
