/**
 * The SDK calls behind `spend`: `iterateEvents` and `summarizeSpend` of `./control`. Loaded only
 * when the command runs. Private to the CLI.
 *
 * @module
 */
import * as control from "../../control/mod.ts";
import { openClient } from "../_client.ts";
import { CliInputError } from "../_exit.ts";
import type { CliIo } from "../_io.ts";

/** One row of the spend table. */
export interface SpendRow {
  readonly key: string;
  readonly events: number;
  readonly total_cost_usd: string;
}

/** The spend table. */
export interface SpendSummary {
  readonly rows: readonly SpendRow[];
  readonly events: number;
  readonly total_cost_usd: string;
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
  const events: unknown[] = [];
  for await (
    const event of control.iterateEvents(client, { since: request.since, until: request.until })
  ) {
    events.push(event);
    if (events.length % 100 === 0) request.onProgress(events.length);
  }
  return summarizeSpend(events, { by: request.by }) as SpendSummary;
}
