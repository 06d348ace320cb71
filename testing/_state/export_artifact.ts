/**
 * What an export job serves: the decision events of a time window as JSON or CSV.
 *
 * @module
 */
import type { EventLog } from "./event_log.ts";
import { type Json, listRow } from "./records.ts";

const CSV_COLUMNS = [
  "event_id",
  "request_id",
  "agent_id",
  "created_at",
  "verdict",
  "reason_code",
  "model",
  "input_tokens",
  "output_tokens",
  "cost_usd",
];

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The artifact of an export of `type` over [from, to) (microseconds) in `format`. */
export function exportArtifact(
  events: EventLog,
  request: { type: string; format: string; from: number; to: number },
): { bytes: Uint8Array; contentType: string } {
  const rows: Json[] = [];
  if (request.type === "events") {
    const end = events.firstAtOrAfter(request.to);
    for (let i = events.firstAtOrAfter(request.from); i < end; i++) {
      rows.push(listRow(events.at(i)));
    }
  }
  if (request.format === "json") {
    return {
      bytes: new TextEncoder().encode(JSON.stringify(rows)),
      contentType: "application/json",
    };
  }
  const lines = [
    CSV_COLUMNS.join(","),
    ...rows.map((r) => CSV_COLUMNS.map((k) => csvCell(r[k])).join(",")),
  ];
  return {
    bytes: new TextEncoder().encode(lines.join("\r\n") + "\r\n"),
    contentType: "text/csv; charset=utf-8",
  };
}
