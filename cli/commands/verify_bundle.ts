/**
 * `verify-bundle <zip> --trust <pin>...`: checks an evidence bundle offline against keys the
 * auditor trusts, and prints what was checked. Private to the CLI.
 *
 * @module
 */
import type { Command } from "commander";
import { type CliContext, type CommonOptions, defineCommand, printJson } from "../_command.ts";
import { EXIT, type ExitCode } from "../_exit.ts";
import { readBoundedFile } from "../_files.ts";
import { renderVerification } from "../_report.ts";
import { bundleCheckLines } from "../_bundle_checks.ts";
import { safeText } from "../_safe_text.ts";
import { readTrustAnchors } from "../_trust.ts";
import { collect, TRUST_HELP } from "./_options.ts";

interface VerifyBundleOptions extends CommonOptions {
  trust: string[];
}

const MAX_ZIP = 64 * 1024 * 1024;

/** Adds `verify-bundle` to the program. */
export function verifyBundleCommand(program: Command, ctx: CliContext): void {
  defineCommand<[string], VerifyBundleOptions>(
    program
      .command("verify-bundle")
      .summary("verify an evidence bundle (zip) offline against keys you trust")
      .description(
        "Verifies an evidence bundle offline: every checksum, the event against its trail record, " +
          "the inclusion proof, the signed tree head's Ed25519 signature, and that the signing key is " +
          "one you trust (pinned with --trust, or endorsed by a pinned key). Keys inside the zip are " +
          "never trusted by themselves.\n\nExit 0 verified, 1 evidence failed, 2 usage or input error.",
      )
      .argument("<zip>", "the evidence bundle, e.g. evidence.zip")
      .requiredOption("--trust <pin>", TRUST_HELP, collect),
    ctx,
    (zip, options) => run(ctx, zip, options),
  );
}

async function run(ctx: CliContext, path: string, options: VerifyBundleOptions): Promise<ExitCode> {
  const trustedKeys = await readTrustAnchors(options.trust);
  const bytes = await readBoundedFile(path, "bundle", MAX_ZIP);
  const { verifyBundle } = await import("../calls/verify_bundle.ts");
  const { verification, sha256 } = verifyBundle(bytes, trustedKeys);
  const exit = verification.ok ? EXIT.ok : EXIT.evidenceFailed;
  if (options.json) {
    printJson(ctx.io, {
      ok: verification.ok,
      exit_code: exit,
      bundle: { path, bytes: bytes.length, sha256 },
      verification,
    });
    return exit;
  }
  const about = [
    verification.request_id ? `request ${safeText(verification.request_id)}` : "",
    verification.event_id ? `event ${safeText(verification.event_id)}` : "",
  ].filter(Boolean).join(", ");
  ctx.io.out(renderVerification(
    `Evidence bundle ${safeText(path)} (${bytes.length} bytes, sha256 ${sha256})` +
      (about ? `\n  about ${about}` : ""),
    verification,
    bundleCheckLines(verification.ok, verification.failures),
  ));
  return exit;
}
