/**
 * Query and body parsing shared by the stand-in's routes: limits, RFC 3339 times, sequence
 * numbers, opaque cursors and JSON bodies, each failing with the platform's error envelope.
 *
 * @module
 */
import type { Context } from "hono";
import { parseMicros } from "../_state/clock.ts";
import type { Json } from "../_state/records.ts";
import { invalidParameter, StandInError } from "./stand_in_error.ts";

const badCursor = () =>
  new StandInError(400, { code: "bad_cursor", message: "cursor is not valid for this listing" });

/** An opaque cursor for position `index` of listing `kind`. */
export function encodeCursor(kind: string, index: number): string {
  return btoa(`${kind}:${index}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The position a cursor of listing `kind` points at (0 without a cursor). */
export function decodeCursor(kind: string, cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    throw badCursor();
  }
  const m = /^([a-z]+):(\d{1,15})$/.exec(text);
  if (!m || m[1] !== kind) throw badCursor();
  return Number(m[2]);
}

/** The `limit` parameter: 1..1000, 50 when absent. */
export function limitOf(c: Context): number {
  const raw = c.req.query("limit");
  if (raw === undefined) return 50;
  const n = Number(raw);
  if (!/^\d{1,4}$/.test(raw) || n < 1 || n > 1000) {
    throw invalidParameter("limit must be an integer between 1 and 1000");
  }
  return n;
}

/** An RFC 3339 date-time parameter as microseconds since the epoch. */
export function timeOf(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  const us = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(raw)
    ? parseMicros(raw)
    : NaN;
  if (Number.isNaN(us)) throw invalidParameter(`${name} must be an RFC 3339 date-time`);
  return us;
}

/** A positive integer parameter (a sequence number or a tree size). */
export function seqOf(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
    throw invalidParameter(`${name} must be a positive integer`);
  }
  return Number(raw);
}

/** The request body as JSON. */
export async function jsonBody(c: Context): Promise<Json> {
  try {
    return await c.req.json();
  } catch {
    throw new StandInError(400, {
      code: "invalid_json",
      message: "the request body is not valid JSON",
    });
  }
}
