/**
 * `pin --url ..`: prints the current signing keys' fingerprints, as explicit trust on first use.
 * Private to the CLI.
 *
 * @module
 */
import type { Command } from "commander";
import { type CliContext, type CommonOptions, defineCommand, printJson } from "../_command.ts";
import { EXIT, type ExitCode } from "../_exit.ts";
import { checkUrl, reach } from "../_url.ts";
import { safeText } from "../_safe_text.ts";
import { table } from "../_table.ts";
import { URL_HELP } from "./_options.ts";

interface PinOptions extends CommonOptions {
  url?: string;
}

/** What trust on first use gives and does not give, in so many words. */
export const TOFU_NOTICE = "This is trust on first use. These fingerprints are what this server " +
  "serves right now; nothing here proves they are the platform's real keys. A server that already " +
  "lies, or anyone between you and it, would show you keys of its own. Compare them with " +
  "fingerprints published through another channel (the platform's documentation, your security " +
  "team) before you rely on them. Once stored and passed as --trust, they prove that later " +
  "evidence is signed by these keys or by keys they endorsed; they do not prove anything signed " +
  "before you pinned them was honest.";

/** Adds `pin` to the program. */
export function pinCommand(program: Command, ctx: CliContext): void {
  defineCommand<[], PinOptions>(
    program
      .command("pin")
      .summary("print the current signing keys' fingerprints (trust on first use)")
      .description(
        "Prints the fingerprints (sha256 of the SPKI DER) of the keys the control plane signs its " +
          "trail with now, to store and pass as --trust. This is trust on first use: it trusts the " +
          "server once, today; compare the fingerprints with ones published elsewhere." +
          "`pin --json > pins.json` writes a file --trust reads.\n\nExit 0 done, 2 usage or input error.",
      )
      .option("--url <control-plane>", URL_HELP),
    ctx,
    (options) => run(ctx, options),
  );
}

async function run(ctx: CliContext, options: PinOptions): Promise<ExitCode> {
  const url = checkUrl(options.url ?? ctx.io.env("KEEPTRUSTS_API_URL"));
  const { pinKeys } = await import("../calls/pin.ts");
  const keys = await reach(url, () => pinKeys(ctx.io, url));
  if (options.json) {
    printJson(ctx.io, {
      ok: true,
      exit_code: EXIT.ok,
      control_plane: url,
      trust_on_first_use: true,
      notice: TOFU_NOTICE,
      keys,
    });
    return EXIT.ok;
  }
  ctx.io.out(
    `Signing keys of ${safeText(url)}:\n` +
      table(
        ["kid", "status", "endorsed by", "fingerprint"],
        keys.map((k) => [
          safeText(k.kid ?? "?"),
          safeText(k.status ?? "?"),
          safeText(k.endorsed_by ?? "-"),
          safeText(k.fingerprint),
        ]),
      ) +
      `\n${wrap(TOFU_NOTICE)}\n` +
      `\nPass them as: ${keys.map((k) => `--trust ${safeText(k.fingerprint)}`).join(" ")}\n`,
  );
  return EXIT.ok;
}

function wrap(text: string, width = 96): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}
