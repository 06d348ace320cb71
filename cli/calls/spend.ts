/**
 * The SDK calls behind `spend`: `iterateEvents` streamed into `summarizeSpend` of `./control` (one
 * page in memory at a time, exact decimal sums). Loaded only when the command runs. Private to
 * the CLI.
 *
 * @module
 */
import { iterateEvents, type SpendSummary, summarizeSpend } from "../../control/mod.ts";
import { openClient } from "../_client.ts";
import type { CliIo } from "../_io.ts";

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
  const events = iterateEvents(openClient(io, url), {
    since: request.since,
    until: request.until,
  });
  async function* counted() {
    let n = 0;
    for await (const event of events) {
      yield event;
      if (++n % 100 === 0) request.onProgress(n);
    }
  }
  return await summarizeSpend(counted(), { by: request.by });
}
