/**
 * `spend --url .. [--since ..] [--by agent|model|day]`: an exact spend table from the decision
 * events. Private to the CLI.
 *
 * @module
 */
import { type Command, Option } from "commander";
import { type CliContext, type CommonOptions, defineCommand, printJson } from "../_command.ts";
import { EXIT, type ExitCode } from "../_exit.ts";
import { checkUrl, reach } from "../_url.ts";
import { withProgress } from "../_progress.ts";
import { safeText } from "../_safe_text.ts";
import { table } from "../_table.ts";
import { URL_HELP } from "./_options.ts";

/** The columns of a spend row (a group or the total). */
interface Group {
  events: number;
  input_tokens: number;
  output_tokens: number;
  total_cost_usd_decimal: string;
}

interface SpendOptions extends CommonOptions {
  url?: string;
  since?: string;
  until?: string;
  by: "agent" | "model" | "day";
}

/** Adds `spend` to the program. */
export function spendCommand(program: Command, ctx: CliContext): void {
  defineCommand<[], SpendOptions>(
    program
      .command("spend")
      .summary("an exact spend table by agent, model or day")
      .description(
        "Sums the cost of the decision events in a time range, exactly (decimal arithmetic, no " +
          "float noise), grouped by agent, model or day (UTC)." +
          "\n\nExit 0 done, 2 usage or input error.",
      )
      .option("--url <control-plane>", URL_HELP)
      .option("--since <time>", "start: an RFC 3339 time or a duration ago (5m, 1h, 24h, 7d)")
      .option("--until <time>", "end: an RFC 3339 time or a duration ago")
      .addOption(
        new Option("--by <dimension>", "group by").choices(["agent", "model", "day"]).default(
          "agent",
        ),
      ),
    ctx,
    (options) => run(ctx, options),
  );
}

async function run(ctx: CliContext, options: SpendOptions): Promise<ExitCode> {
  const url = checkUrl(options.url ?? ctx.io.env("KEEPTRUSTS_API_URL"));
  const { summarize } = await import("../calls/spend.ts");
  const summary = await withProgress(
    ctx.io,
    "reading events",
    "events",
    (progress) =>
      reach(url, () =>
        summarize(ctx.io, url, {
          since: options.since,
          until: options.until,
          by: options.by,
          onProgress: (n) => progress.update(n),
        })),
  );
  if (options.json) {
    printJson(ctx.io, { ok: true, exit_code: EXIT.ok, control_plane: url, spend: summary });
    return EXIT.ok;
  }
  const row = (key: string, g: Group) => [
    key,
    String(g.events),
    String(g.input_tokens),
    String(g.output_tokens),
    safeText(g.total_cost_usd_decimal),
  ];
  ctx.io.out(
    `Spend of ${safeText(url)} by ${options.by} (USD, exact)\n` +
      table(
        [options.by, "events", "input tokens", "output tokens", "total_cost_usd"],
        [
          ...summary.groups.map((g) => row(g.key === null ? "(none)" : safeText(g.key), g)),
          row("total", summary),
        ],
        [1, 2, 3, 4],
      ),
  );
  return EXIT.ok;
}
