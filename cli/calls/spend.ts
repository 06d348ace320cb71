/**
 * The SDK calls behind `spend`: `iterateEvents` and `summarizeSpend` of `./control`, streamed (one
 * page in memory at a time). Loaded only when the command runs. Private to the CLI.
 *
 * @module
 */
import * as control from "../../control/mod.ts";
import { openClient } from "../_client.ts";
import { CliInputError } from "../_exit.ts";
import type { CliIo } from "../_io.ts";

/** Spend of one group, as `summarizeSpend` returns it. */
export interface SpendGroup {
  readonly key: string | null;
  readonly events: number;
  readonly total_cost_usd: number;
  readonly total_cost_usd_decimal: string;
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/** The spend table: the total and each group's. */
export interface SpendSummary extends SpendGroup {
  readonly by: string | null;
  readonly groups: readonly SpendGroup[];
}

/** What the command asks for. */
export interface SpendRequest {
  readonly since?: string;
  readonly until?: string;
  readonly by: "agent" | "model" | "day";
  readonly onProgress: (events: number) => void;
}

/** Sums the spend of the events at `url` in the range, grouped as asked. */
export async function summarize(
  io: CliIo,
  url: string,
  request: SpendRequest,
): Promise<SpendSummary> {
  const client = openClient(io, url);
  const summarizeSpend = (control as Record<string, unknown>).summarizeSpend;
  if (typeof summarizeSpend !== "function") {
    throw new CliInputError("This build of @keeptrusts/client has no summarizeSpend", {
      kind: "unsupported",
    });
  }
  const events = control.iterateEvents(client, { since: request.since, until: request.until });
  async function* counted() {
    let n = 0;
    for await (const event of events) {
      yield event;
      if (++n % 100 === 0) request.onProgress(n);
    }
  }
  return await summarizeSpend(counted(), { by: request.by }) as SpendSummary;
}
