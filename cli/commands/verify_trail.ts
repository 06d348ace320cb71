/**
 * `verify-trail --url .. --trust .. [--checkpoint <file>]`: verifies the control plane's trail
 * against pinned keys, proves it consistent with the stored checkpoint, and stores the new one.
 * Private to the CLI.
 *
 * @module
 */
import type { Command } from "commander";
import { type CliContext, type CommonOptions, defineCommand, printJson } from "../_command.ts";
import { CliInputError, EXIT, type ExitCode } from "../_exit.ts";
import { type CheckpointFile, readCheckpoint, writeCheckpoint } from "../_checkpoint.ts";
import { withProgress } from "../_progress.ts";
import { renderVerification } from "../_report.ts";
import { safeText } from "../_safe_text.ts";
import { readTrustAnchors } from "../_trust.ts";
import { checkUrl, reach } from "../_url.ts";
import { collect, TRUST_HELP, URL_HELP } from "./_options.ts";

interface VerifyTrailOptions extends CommonOptions {
  url?: string;
  since?: string;
  until?: string;
  deep?: boolean;
  trust: string[];
  checkpoint?: string;
  allowPending?: boolean;
}

/** Adds `verify-trail` to the program. */
export function verifyTrailCommand(program: Command, ctx: CliContext): void {
  defineCommand<[], VerifyTrailOptions>(
    program
      .command("verify-trail")
      .summary("verify the trail against pinned keys and a stored checkpoint")
      .description(
        "Verifies the control plane's tamper-evident trail: signed tree heads by keys you trust, " +
          "and, with --checkpoint, that today's log extends the one verified last time (a " +
          "rewritten history fails). After a run that verifies, the new checkpoint replaces the " +
          "stored one (atomically); after a failure the stored one is kept." +
          "\n\nExit 0 verified, 1 evidence failed, 2 usage or input error.",
      )
      .option("--url <control-plane>", URL_HELP)
      .option("--since <time>", "start: an RFC 3339 time or a duration ago (5m, 1h, 24h, 7d)")
      .option("--until <time>", "end: an RFC 3339 time or a duration ago")
      .option("--deep", "recompute everything locally, events against their payload hashes")
      .requiredOption("--trust <pin>", TRUST_HELP, collect)
      .option("--checkpoint <file>", "read the stored checkpoint from, and store the new one in")
      .option("--allow-pending", "records not yet signed do not fail the run"),
    ctx,
    (options) => run(ctx, options),
  );
}

async function run(ctx: CliContext, options: VerifyTrailOptions): Promise<ExitCode> {
  const url = checkUrl(options.url ?? ctx.io.env("KEEPTRUSTS_API_URL"));
  const trustedKeys = await readTrustAnchors(options.trust);
  const stored = options.checkpoint ? await readCheckpoint(options.checkpoint) : null;
  const { verifyTrailOnline } = await import("../calls/verify_trail.ts");
  const result = await withProgress(
    ctx.io,
    "verifying trail",
    "records",
    () =>
      reach(url, () =>
        verifyTrailOnline(ctx.io, url, {
          since: options.since,
          until: options.until,
          deep: options.deep === true,
          trustedKeys,
          checkpoint: stored?.checkpoint ?? null,
          allowPending: options.allowPending === true,
        })),
  ).catch((err) => {
    // The verifier refuses a checkpoint that is not a signed tree head: name the file it came from.
    if (err instanceof TypeError && /checkpoint/.test(err.message) && options.checkpoint) {
      throw new CliInputError(`Cannot use the checkpoint in ${options.checkpoint}: ${err.message}`);
    }
    throw err;
  });
  const exit = result.ok ? EXIT.ok : EXIT.evidenceFailed;
  const stores = options.checkpoint !== undefined && result.ok && result.checkpoint != null;
  if (stores) await writeCheckpoint(options.checkpoint!, url, result.checkpoint!);
  const note = checkpointNote(options.checkpoint, stored, stores) +
    (stored && stored.control_plane !== url
      ? `\n  note: the checkpoint was stored for ${safeText(stored.control_plane)}`
      : "");
  if (options.json) {
    printJson(ctx.io, {
      ok: result.ok,
      exit_code: exit,
      control_plane: url,
      checkpoint_file: options.checkpoint ?? null,
      checkpoint_stored: stores,
      verification: result,
    });
    return exit;
  }
  ctx.io.out(
    renderVerification(`Trail of ${safeText(url)}${note ? `\n  ${note}` : ""}`, result) +
      (stores ? `Stored the new checkpoint in ${safeText(options.checkpoint)}\n` : ""),
  );
  return exit;
}

function checkpointNote(
  path: string | undefined,
  stored: CheckpointFile | null,
  stores: boolean,
): string {
  if (path === undefined) return "no --checkpoint: consistency with an earlier run not checked";
  if (stored === null) return `first run: no checkpoint in ${safeText(path)} yet`;
  const size = stored.checkpoint.tree_size;
  const kept = stores ? "" : " (kept: this run did not verify)";
  return `checked against the checkpoint in ${safeText(path)} (tree size ${safeText(size)})${kept}`;
}
